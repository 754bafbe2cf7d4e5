import type { RunEvent } from '../../shared/compare'

/** Runs `callback` once after `delayMs` unless the returned function is called first. */
export type Schedule = (callback: () => void, delayMs: number) => () => void

export const defaultSchedule: Schedule = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs)
  return () => clearTimeout(handle)
}

/** About one animation frame: what a window can show anyway. */
export const COALESCE_MS = 16
/** A pane's pending text past this many characters is sent at once instead of waiting for the frame. */
export const MAX_PENDING_CHARS = 16 * 1024

export interface DeltaCoalescerOptions {
  /** How long deltas may wait to be merged; 0 sends every delta as it comes. */
  intervalMs?: number
  maxPendingChars?: number
  schedule?: Schedule
}

type DeltaEvent = Extract<RunEvent, { type: 'text-delta' | 'reasoning-delta' }>

interface Pending {
  /** Runs of consecutive deltas of one kind, in arrival order. */
  segments: DeltaEvent[]
  chars: number
}

/**
 * Merges a run's text and reasoning deltas before they reach the sink, so eight fast models do
 * not flood IPC or React: each pane's deltas wait at most one interval (all panes are sent
 * together at its end) or until they pass the size bound. Any other event of a pane first sends
 * that pane's pending deltas, so the sink sees each pane's events in the order they happened.
 */
export class DeltaCoalescer {
  readonly #sink: (event: RunEvent) => void
  readonly #intervalMs: number
  readonly #maxPendingChars: number
  readonly #schedule: Schedule
  readonly #pending = new Map<string, Pending>()
  #cancelTimer: (() => void) | null = null

  constructor(sink: (event: RunEvent) => void, options: DeltaCoalescerOptions = {}) {
    this.#sink = sink
    this.#intervalMs = options.intervalMs ?? COALESCE_MS
    this.#maxPendingChars = options.maxPendingChars ?? MAX_PENDING_CHARS
    this.#schedule = options.schedule ?? defaultSchedule
  }

  push(event: RunEvent): void {
    if (event.type !== 'text-delta' && event.type !== 'reasoning-delta') {
      this.flushPane(event.paneId)
      this.#sink(event)
      return
    }
    if (!event.text) return
    if (this.#intervalMs <= 0) {
      this.#sink(event)
      return
    }
    const pending = this.#pending.get(event.paneId) ?? { segments: [], chars: 0 }
    this.#pending.set(event.paneId, pending)
    const last = pending.segments.at(-1)
    // Segments are the coalescer's own copies, so the text is appended in place: no object per chunk.
    if (last?.type === event.type) last.text += event.text
    else pending.segments.push({ ...event })
    pending.chars += event.text.length
    if (pending.chars >= this.#maxPendingChars) this.flushPane(event.paneId)
    else this.#cancelTimer ??= this.#schedule(() => this.#onTimer(), this.#intervalMs)
  }

  /** Sends one pane's pending deltas now. */
  flushPane(paneId: string): void {
    const pending = this.#pending.get(paneId)
    if (!pending) return
    this.#pending.delete(paneId)
    for (const segment of pending.segments) this.#sink(segment)
    if (this.#pending.size === 0) this.#stopTimer()
  }

  /** Sends everything pending, pane by pane. */
  flush(): void {
    for (const paneId of [...this.#pending.keys()]) this.flushPane(paneId)
    this.#stopTimer()
  }

  #onTimer(): void {
    this.#cancelTimer = null
    this.flush()
  }

  #stopTimer(): void {
    this.#cancelTimer?.()
    this.#cancelTimer = null
  }
}
