import type { ErrorInfo } from '../../shared/errors'
import type { FinishReason, Usage } from '../../shared/generation'
import type { ResponseCost, ResponseRecord } from '../../shared/history'
import type { ToolCall } from '../../shared/messages'
import type { StreamPart } from '../../shared/stream-parts'
import type { FinalStatus, ResponseProgress, ResponseStore } from './response-store'

/** Calls `callback` every `intervalMs` until the returned function is called. */
export type RepeatTimer = (callback: () => void, intervalMs: number) => () => void

export interface ResponseWriterOptions {
  /** Longest time streamed text may wait in memory; what a crash can lose. */
  flushIntervalMs?: number
  now?: () => number
  /** Injectable for tests; an unref'd setInterval by default. */
  timer?: RepeatTimer
  /** Prices the usage when the answer finishes; without it only the provider's reported cost is kept. */
  costOf?: (usage: Usage) => ResponseCost
  /** A timed flush that failed (disk full, lock held too long); the text stays in memory for the next one. */
  onFlushError?: (error: unknown) => void
}

/** How the answer ended; what is not given is derived from what streamed. */
export interface ResponseEnd {
  status?: FinalStatus
  finishReason?: FinishReason | null
  usage?: Usage | null
  error?: ErrorInfo | null
  cost?: ResponseCost
  ttftMs?: number | null
  tokensPerSecond?: number | null
}

export const FLUSH_INTERVAL_MS = 1000

const unrefInterval: RepeatTimer = (callback, intervalMs) => {
  const handle = setInterval(callback, intervalMs)
  // A forgotten writer must not keep a `juxta` process alive.
  handle.unref()
  return () => clearInterval(handle)
}

/**
 * Saves one answer while it streams. Deltas collect in memory and are written at least every
 * flushIntervalMs and at the end, so a crash or kill loses at most the last interval of text
 * and never a finished answer. Feed it the provider's stream parts with write(), or call the
 * methods one by one.
 */
export class ResponseWriter {
  readonly id: number
  readonly #responses: ResponseStore
  readonly #now: () => number
  readonly #costOf: ((usage: Usage) => ResponseCost) | undefined
  readonly #onFlushError: (error: unknown) => void
  readonly #onDone: () => void
  readonly #queuedAt: number
  readonly #stopTimer: () => void
  #progress: ResponseProgress = {
    text: '',
    reasoning: '',
    reasoningSignature: null,
    toolCalls: [],
    sentAt: null,
    firstTokenAt: null,
    lastTokenAt: null
  }
  #usage: Usage | null = null
  #error: ErrorInfo | null = null
  #dirty = false
  #finished = false

  constructor(responses: ResponseStore, record: ResponseRecord, options: ResponseWriterOptions = {}, onDone: () => void = () => {}) {
    this.id = record.id
    this.#responses = responses
    this.#now = options.now ?? Date.now
    this.#costOf = options.costOf
    this.#onFlushError = options.onFlushError ?? ((error) => console.error('juxta: saving a streaming answer failed:', error))
    this.#onDone = onDone
    this.#queuedAt = record.timings.queuedAt
    this.#stopTimer = (options.timer ?? unrefInterval)(() => this.#timedFlush(), options.flushIntervalMs ?? FLUSH_INTERVAL_MS)
  }

  get finished(): boolean {
    return this.#finished
  }

  /** The request left for the provider (after queueing and any retries' waits). */
  markSent(at = this.#now()): void {
    this.#update({ sentAt: at })
  }

  appendText(delta: string): void {
    if (delta) this.#output({ text: this.#progress.text + delta })
  }

  appendReasoning(delta: string): void {
    if (delta) this.#output({ reasoning: this.#progress.reasoning + delta })
  }

  setReasoningSignature(signature: string): void {
    this.#update({ reasoningSignature: signature })
  }

  addToolCall(call: ToolCall): void {
    this.#output({ toolCalls: [...this.#progress.toolCalls, call] })
  }

  setUsage(usage: Usage): void {
    this.#usage = usage
  }

  setError(error: ErrorInfo): void {
    this.#error = error
  }

  /** One part of a provider stream; `finish` ends the answer. */
  write(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        return this.appendText(part.text)
      case 'reasoning-delta':
        return this.appendReasoning(part.text)
      case 'reasoning-signature':
        return this.setReasoningSignature(part.signature)
      case 'tool-call':
        return this.addToolCall(part.toolCall)
      case 'usage':
        return this.setUsage(part.usage)
      case 'error':
        return this.setError(part.error)
      case 'finish':
        this.finish({ finishReason: part.finishReason, usage: part.usage })
        return
      case 'response-metadata':
      case 'retry':
        return
    }
  }

  /** Saves what streamed since the last save, if anything did. */
  flush(): void {
    if (!this.#dirty || this.#finished) return
    this.#responses.saveProgress(this.id, this.#progress)
    this.#dirty = false
  }

  /** Saves the whole answer with how it ended; later calls do nothing. */
  finish(end: ResponseEnd = {}): void {
    if (this.#finished) return
    this.#stopTimer()
    const usage = end.usage !== undefined ? end.usage : this.#usage
    const error = end.error !== undefined ? end.error : this.#error
    const finishReason = end.finishReason ?? (error ? 'error' : null)
    const { firstTokenAt, lastTokenAt, sentAt } = this.#progress
    this.#responses.finish(this.id, {
      ...this.#progress,
      status: end.status ?? finalStatusOf(finishReason, error),
      finishReason,
      error,
      usage,
      cost: end.cost ?? (usage && this.#costOf ? this.#costOf(usage) : { computedUsd: null, reportedUsd: usage?.reportedCostUsd ?? null }),
      ttftMs: end.ttftMs !== undefined ? end.ttftMs : timeToFirstTokenMs(this.#queuedAt, sentAt, firstTokenAt),
      tokensPerSecond: end.tokensPerSecond !== undefined ? end.tokensPerSecond : outputTokensPerSecond(usage, firstTokenAt, lastTokenAt)
    })
    this.#finished = true
    this.#onDone()
  }

  /** For the store's close(): what streamed is saved, and the answer ends as interrupted. */
  interrupt(): void {
    this.finish({ status: 'interrupted' })
  }

  #output(change: Partial<ResponseProgress>): void {
    const at = this.#now()
    this.#update({ ...change, firstTokenAt: this.#progress.firstTokenAt ?? at, lastTokenAt: at })
  }

  #update(change: Partial<ResponseProgress>): void {
    if (this.#finished) return
    this.#progress = { ...this.#progress, ...change }
    this.#dirty = true
  }

  #timedFlush(): void {
    try {
      this.flush()
    } catch (error) {
      this.#onFlushError(error)
    }
  }
}

/** How an answer ended, from its finish reason and error. Shared with the compare engine's live figures. */
export function finalStatusOf(finishReason: FinishReason | null, error: ErrorInfo | null): FinalStatus {
  if (finishReason === 'cancelled') return 'stopped'
  if (finishReason === 'error' || error) return error?.kind === 'cancelled' ? 'stopped' : 'error'
  return 'done'
}

/** Time to first token: from sending (or queueing, when never sent) to the first output. */
export function timeToFirstTokenMs(queuedAt: number, sentAt: number | null, firstTokenAt: number | null): number | null {
  return firstTokenAt === null ? null : firstTokenAt - (sentAt ?? queuedAt)
}

/** Output tokens over the generation phase, first to last token; null when that phase has no length. */
export function outputTokensPerSecond(usage: Usage | null, first: number | null, last: number | null): number | null {
  if (!usage || first === null || last === null || last <= first) return null
  return usage.outputTokens / ((last - first) / 1000)
}
