import type { PaneCost, PaneResult, PaneStatusEvent, RunEvent } from '../../shared/compare'
import type { ErrorInfo } from '../../shared/errors'
import type { Usage } from '../../shared/generation'
import type { StreamPart } from '../../shared/stream-parts'
import type { ProviderRegistry } from '../providers/registry'
import type { ResponseWriter } from '../store/response-writer'
import { actualCost } from '../estimate/actual-cost'
import type { Schedule } from './delta-coalescer'
import type { EndpointLimiter, Release } from './endpoint-limiter'
import { type KeyLookup, type ProviderTuning, providerFor } from './pane-provider'
import { PaneProgress } from './pane-progress'
import type { PreparedPane } from './run-input'
import { SavedAnswer } from './saved-answer'

/** What every attempt shares: the engine's services. */
export interface AttemptServices {
  registry: ProviderRegistry
  resolveKey: KeyLookup
  tuning: ProviderTuning
  engineId: string
  limiter: EndpointLimiter
  clock: () => number
  schedule: Schedule
  reportStoreError: (error: unknown) => void
}

/** One attempt of one pane. */
export interface Attempt {
  runId: string
  paneId: string
  attempt: number
  responseId: string
  pane: PreparedPane
  storedPaneId: number | null
  signal: AbortSignal
  /** Into the run's coalescer. */
  emit: (event: RunEvent) => void
  /** Starts the saved answer (given its queue time and the clock to stamp it with); null when the run is not saved. */
  openWriter: ((queuedAt: number, now: () => number, costOf: (usage: Usage) => { computedUsd: number | null; reportedUsd: number | null }) => ResponseWriter) | null
}

/**
 * Runs one attempt: waits for its endpoint's slot, sends, and turns every provider part into
 * pane state, events and saves. Never rejects; a failure of any kind becomes the result's error,
 * and whatever streamed before it is kept. Only this pane's signal stops it, so nothing another
 * pane does can touch it.
 */
export async function runAttempt(attempt: Attempt, services: AttemptServices): Promise<PaneResult> {
  const { runId, paneId, pane, signal } = attempt
  const { clock } = services
  // Every part is timed once; the writer reads the same stamp, so saved and shown times agree.
  let stamp = clock()
  const now = (): number => stamp
  const progress = new PaneProgress(stamp)
  const costOf = (usage: Usage): PaneCost => actualCost(usage, pane.resolved)
  const saved = new SavedAnswer(
    () => attempt.openWriter?.(progress.queuedAt, now, (usage) => {
      const { computedUsd, reportedUsd } = costOf(usage)
      return { computedUsd, reportedUsd }
    }) ?? null,
    services.reportStoreError
  )
  const status = (status: PaneStatusEvent['status'], at: number, extra: Partial<PaneStatusEvent> = {}): void =>
    attempt.emit({ ...extra, type: 'status', runId, paneId, status, at })

  attempt.emit({
    type: 'pane-started',
    runId,
    paneId,
    attempt: attempt.attempt,
    responseId: attempt.responseId,
    model: pane.spec.model,
    storedResponseId: saved.id,
    queuedAt: progress.queuedAt
  })

  let release: Release | null = null
  // Set inside the part handler, which control flow analysis cannot follow.
  let cancelResend = null as (() => void) | null
  try {
    const provider = await providerFor(pane.profile, services.registry, services.resolveKey, services.tuning, services.engineId)
    if (signal.aborted) {
      // Stopped before it was sent: no error, nothing billed.
    } else if ('error' in provider) {
      progress.error = provider.error
    } else {
      release = await services.limiter.acquire(pane.profile, signal, () => status('queued', clock())).catch(() => null)
      if (release) {
        stamp = clock()
        progress.sentAt = stamp
        saved.markSent(stamp)
        status('waiting', stamp)
        // Parts are handled as they arrive, synchronously: no async layer between the SDK and the pane.
        const onPart = (part: StreamPart): void => {
          stamp = clock()
          cancelResend?.()
          cancelResend = null
          const firstOutput = progress.apply(part, stamp)
          saved.write(part)
          if (firstOutput) status('streaming', stamp)
          switch (part.type) {
            case 'text-delta':
            case 'reasoning-delta':
              attempt.emit({ type: part.type, runId, paneId, text: part.text })
              break
            case 'tool-call':
              attempt.emit({ type: 'tool-call', runId, paneId, toolCall: part.toolCall })
              break
            case 'usage':
              attempt.emit({ type: 'usage', runId, paneId, usage: part.usage })
              break
            case 'retry': {
              // The provider sends again after the delay: that is when the request leaves.
              const resendAt = stamp + part.delayMs
              progress.sentAt = resendAt
              saved.markSent(resendAt)
              status('retrying', stamp, { retryInMs: part.delayMs, error: part.error, retryAttempt: part.attempt, maxAttempts: part.maxAttempts })
              cancelResend = services.schedule(() => {
                cancelResend = null
                status('waiting', resendAt)
              }, part.delayMs)
              break
            }
            case 'response-metadata':
            case 'reasoning-signature':
            case 'error':
            case 'finish':
              break
          }
        }
        await provider.streamTo(pane.request, onPart, signal)
      }
    }
  } catch (error) {
    // Providers never throw; this is a bug or a broken dependency, reported on this pane only.
    progress.error ??= unexpected(error, pane.profile.id)
  } finally {
    cancelResend?.()
    release?.()
  }

  stamp = clock()
  if (progress.finishReason === null) {
    // No finish from a provider: never sent (stopped while queued, no key) or broken.
    progress.finishReason = progress.error ? 'error' : signal.aborted ? 'cancelled' : 'error'
    if (progress.finishReason === 'error') progress.error ??= unexpected(new Error('the answer ended without a finish'), pane.profile.id)
  }
  saved.end(progress.finishReason, progress.usage, progress.error)

  const result: PaneResult = {
    runId,
    paneId,
    model: pane.spec.model,
    attempt: attempt.attempt,
    responseId: attempt.responseId,
    storedPaneId: attempt.storedPaneId,
    storedResponseId: saved.id,
    status: progress.status,
    text: progress.text,
    reasoning: progress.reasoning,
    reasoningSignature: progress.reasoningSignature,
    toolCalls: progress.toolCalls,
    usage: progress.usage,
    cost: progress.usage
      ? costOf(progress.usage)
      : { computedUsd: null, reportedUsd: null, mismatch: false, priceSource: pane.resolved.priceSource, estimatedUsage: false },
    metrics: progress.metrics(),
    finishReason: progress.finishReason,
    rawFinishReason: progress.rawFinishReason,
    error: progress.error,
    servedModel: progress.servedModel,
    message: progress.message()
  }
  attempt.emit({ type: 'pane-finished', runId, paneId, result })
  return result
}

function unexpected(error: unknown, provider: string): ErrorInfo {
  return { kind: 'unknown', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}`, provider, retryable: false }
}
