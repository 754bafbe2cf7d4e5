import { randomUUID } from 'node:crypto'
import type { ContinueFrom, ContinuedThread, PaneResult, RunEvent, RunHandle, RunSummary } from '../../shared/compare'
import type { ProviderRegistry } from '../providers/registry'
import type { Store } from '../store/store'
import type { Catalog } from '../catalog/types'
import { COALESCE_MS, DeltaCoalescer, MAX_PENDING_CHARS, type Schedule, defaultSchedule } from './delta-coalescer'
import { type ConcurrencyLimits, EndpointLimiter } from './endpoint-limiter'
import { type AttemptServices, runAttempt } from './pane-attempt'
import type { KeyLookup, ProviderTuning } from './pane-provider'
import { CompareNotFoundError, type PreparedPane, type ProfileLookup, prepareRun } from './run-input'
import { type RunRecord, recordRun } from './run-record'
import { threadFromSaved } from './threads'

export interface CompareEngineOptions {
  /** Makes the providers (createDefaultRegistry() or the process-wide defaultRegistry). */
  registry: ProviderRegistry
  /** The profile a pane's "profileId:modelId" names; undefined when there is none. */
  resolveProfile: ProfileLookup
  /** The profile's API key (credentials.resolveKey); undefined for none. Read at each attempt, in main only. */
  resolveKey: KeyLookup
  /** Prices and limits (loadCatalog()). */
  catalog: Catalog
  /** Where runs are saved as they stream; without it nothing is saved. */
  store?: Store
  /** Milliseconds since the epoch; every metric is taken with it. */
  clock?: () => number
  /** Deltas of a pane wait at most this long to be merged into one event (default 16); 0 turns merging off. */
  coalesceMs?: number
  /** A pane's merged deltas are sent sooner once this many characters wait (default 16 KB). */
  maxPendingChars?: number
  /** Per-endpoint limit on requests in flight; panes over it are queued. Off by default. */
  concurrency?: ConcurrencyLimits
  /** Stall timeouts, retry policy and its sleep, for every provider the engine makes. */
  providerOptions?: ProviderTuning
  /** How often a streaming answer is saved (the ResponseWriter's interval, default 1 s). */
  saveIntervalMs?: number
  /** The one-shot timer behind coalescing and retry countdowns. */
  schedule?: Schedule
  /** Runs kept in memory after they settle, for wait(), retry() and continueWith() (default 50). */
  keepRuns?: number
  /** A failed save or a throwing event listener: reported here, never to the pane. Default: console.error. */
  onError?: (error: unknown, where: 'store' | 'listener') => void
}

/**
 * The fan-out engine: one prompt to many panes at once, each its own execution with its own
 * AbortController, events tagged { runId, paneId }. Transport-agnostic: the IPC and WebSocket
 * bindings call these methods and forward `onEvent`.
 */
export interface CompareEngine {
  /**
   * Checks the input (CompareInputError, CompareNotFoundError: nothing sent or saved), saves the
   * run's start, and starts every pane. Resolves before the run's first event is delivered.
   */
  start(input: unknown, onEvent: (event: RunEvent) => void): Promise<RunHandle>
  /** Stops one pane, or every pane of the run; text already received is kept. False when nothing was running. */
  stop(runId: string, paneId?: string): boolean
  /**
   * A new attempt of one pane (a running one is stopped first), leaving the other panes alone.
   * Its saved answer replaces the pane's previous one in the same turn. Resolves once it has started.
   */
  retry(runId: string, paneId: string): Promise<{ attempt: number; responseId: string }>
  /**
   * "Continue with this answer": the thread (that pane's history, the prompt and its answer) to
   * pass as the next run's `thread`, which every pane is then sent. A responseId from this session,
   * or a saved answer ({ conversationId, responseId }) from the store.
   */
  continueWith(from: ContinueFrom): ContinuedThread
  /** Every pane's latest result once all have settled (including retries started meanwhile). */
  wait(runId: string): Promise<RunSummary>
  /** Stops every run and waits for them to settle (their answers are saved as stopped). */
  close(): Promise<void>
}

interface PaneState {
  prepared: PreparedPane
  storedPaneId: number | null
  attempts: number
  controller: AbortController
  running: Promise<PaneResult> | null
  result: PaneResult | null
  /** A retry in progress: wait() waits for it too. */
  retrying: Promise<unknown> | null
}

interface RunState {
  id: string
  prompt: string
  record: RunRecord | null
  panes: Map<string, PaneState>
  events: DeltaCoalescer
}

export function createCompareEngine(options: CompareEngineOptions): CompareEngine {
  const clock = options.clock ?? Date.now
  const schedule = options.schedule ?? defaultSchedule
  const keepRuns = options.keepRuns ?? 50
  const onError = options.onError ?? ((error, where) => console.error(`juxta: compare ${where === 'store' ? 'saving an answer' : 'event listener'} failed:`, error))
  const services: AttemptServices = {
    registry: options.registry,
    resolveKey: options.resolveKey,
    tuning: options.providerOptions ?? {},
    engineId: randomUUID(),
    limiter: new EndpointLimiter(options.concurrency),
    clock,
    schedule,
    reportStoreError: (error) => onError(error, 'store')
  }
  const runs = new Map<string, RunState>()
  /** responseId → the run and pane whose latest answer it is. */
  const answers = new Map<string, { run: RunState; paneId: string }>()

  const runOf = (runId: string): RunState => {
    const run = runs.get(runId)
    if (!run) throw new CompareNotFoundError(`no run ${runId} (it may have been forgotten: only the last ${keepRuns} are kept)`)
    return run
  }

  /** Starts the next attempt on a later turn of the event loop, so the caller has its ids before the first event. */
  const launch = (run: RunState, paneId: string, pane: PaneState): { attempt: number; responseId: string } => {
    const attempt = ++pane.attempts
    const responseId = randomUUID()
    const { store } = options
    const record = run.record
    const storedPaneId = pane.storedPaneId
    pane.result = null
    pane.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() =>
        runAttempt(
          {
            runId: run.id,
            paneId,
            attempt,
            responseId,
            pane: pane.prepared,
            storedPaneId,
            signal: pane.controller.signal,
            emit: (event) => run.events.push(event),
            openWriter:
              store && record && storedPaneId !== null
                ? (queuedAt, now, costOf) =>
                    store.startResponse(record.turnId, storedPaneId, {
                      queuedAt,
                      now,
                      costOf,
                      ...(options.saveIntervalMs !== undefined && { flushIntervalMs: options.saveIntervalMs }),
                      onFlushError: services.reportStoreError
                    })
                : null
          },
          services
        )
      )
      .then((result) => {
        pane.result = result
        pane.running = null
        answers.set(result.responseId, { run, paneId })
        forgetSettledRuns()
        return result
      })
    return { attempt, responseId }
  }

  const settled = (run: RunState): boolean => [...run.panes.values()].every((pane) => !pane.running && !pane.retrying)

  const forgetSettledRuns = (): void => {
    for (const run of runs.values()) {
      if (runs.size <= keepRuns) return
      if (!settled(run)) continue
      runs.delete(run.id)
      for (const pane of run.panes.values()) if (pane.result) answers.delete(pane.result.responseId)
    }
  }

  const wait = async (runId: string): Promise<RunSummary> => {
    const run = runOf(runId)
    for (;;) {
      const pending = [...run.panes.values()].flatMap((pane) => [pane.running, pane.retrying].filter((p) => p !== null))
      if (pending.length === 0) break
      await Promise.allSettled(pending)
    }
    return {
      runId: run.id,
      conversationId: run.record?.conversationId ?? null,
      turnId: run.record?.turnId ?? null,
      prompt: run.prompt,
      panes: [...run.panes.values()].map((pane) => pane.result!)
    }
  }

  return {
    async start(raw, onEvent) {
      const { input, panes } = await prepareRun(raw, options.resolveProfile, options.catalog)
      const record = options.store && input.save !== false ? recordRun(options.store, input, panes) : null
      const deliver = (event: RunEvent): void => {
        try {
          onEvent(event)
        } catch (error) {
          onError(error, 'listener')
        }
      }
      const run: RunState = {
        id: randomUUID(),
        prompt: input.prompt,
        record,
        panes: new Map(),
        events: new DeltaCoalescer(deliver, {
          intervalMs: options.coalesceMs ?? COALESCE_MS,
          maxPendingChars: options.maxPendingChars ?? MAX_PENDING_CHARS,
          schedule
        })
      }
      for (const prepared of panes) {
        run.panes.set(prepared.spec.id, {
          prepared,
          storedPaneId: record?.storedPaneIds.get(prepared.spec.id) ?? null,
          attempts: 0,
          controller: new AbortController(),
          running: null,
          result: null,
          retrying: null
        })
      }
      runs.set(run.id, run)
      for (const [paneId, pane] of run.panes) launch(run, paneId, pane)
      return {
        runId: run.id,
        conversationId: record?.conversationId ?? null,
        turnId: record?.turnId ?? null,
        panes: [...run.panes].map(([paneId, pane]) => ({ paneId, model: pane.prepared.spec.model, storedPaneId: pane.storedPaneId }))
      }
    },

    stop(runId, paneId) {
      const run = runs.get(runId)
      if (!run) return false
      const targets = paneId === undefined ? [...run.panes.values()] : [run.panes.get(paneId)]
      let stopped = false
      for (const pane of targets) {
        if (!pane?.running || pane.controller.signal.aborted) continue
        pane.controller.abort()
        stopped = true
      }
      return stopped
    },

    async retry(runId, paneId) {
      const run = runOf(runId)
      const pane = run.panes.get(paneId)
      if (!pane) throw new CompareNotFoundError(`run ${runId} has no pane "${paneId}"`)
      // One retry at a time per pane: a second waits for the first, then starts its own attempt.
      const previous = pane.retrying ?? Promise.resolve()
      const next = previous.then(async () => {
        if (pane.running) {
          pane.controller.abort()
          await pane.running
        }
        const replaced = pane.result
        if (replaced) answers.delete(replaced.responseId)
        if (options.store && replaced?.storedResponseId != null) {
          try {
            options.store.responses.delete(replaced.storedResponseId)
          } catch (error) {
            onError(error, 'store')
          }
        }
        pane.controller = new AbortController()
        return launch(run, paneId, pane)
      })
      pane.retrying = next
      try {
        return await next
      } finally {
        if (pane.retrying === next) pane.retrying = null
      }
    },

    continueWith(from) {
      if (typeof from !== 'string') {
        if (!options.store) throw new CompareNotFoundError('no history is kept, so saved answers cannot be continued')
        const detail = options.store.getConversation(from.conversationId)
        if (!detail) throw new CompareNotFoundError(`no saved conversation ${from.conversationId}`)
        return threadFromSaved(detail, from.responseId)
      }
      const found = answers.get(from)
      const pane = found?.run.panes.get(found.paneId)
      const result = pane?.result
      if (!pane || !result || result.responseId !== from) throw new CompareNotFoundError(`no answer ${from} (it may have been retried or forgotten)`)
      if (!result.message) throw new CompareNotFoundError('that answer is empty: there is nothing to continue with')
      return {
        history: [...pane.prepared.request.messages, result.message],
        continuedFromResponseId: result.storedResponseId
      }
    },

    wait,

    async close() {
      const active = [...runs.values()].filter((run) => !settled(run))
      for (const run of active) for (const pane of run.panes.values()) pane.controller.abort()
      await Promise.allSettled(active.map((run) => wait(run.id)))
    }
  }
}
