import { SETTINGS } from '../../shared/settings'
import { ProviderError } from './provider-error'

export interface StallTimeouts {
  /** Longest wait from sending the request to the first streamed event. */
  firstEventMs: number
  /** Longest silence between two streamed events. */
  idleMs: number
}

// The settings' defaults (reasoning models may think for minutes before their first token).
export const DEFAULT_STALL_TIMEOUTS: StallTimeouts = {
  firstEventMs: SETTINGS.firstEventTimeoutSeconds.default * 1000,
  idleMs: SETTINGS.idleTimeoutSeconds.default * 1000
}

/**
 * Watches one attempt for silence. `touch()` on every event only notes the time — a fast stream
 * has tens of thousands of events, so none of them may start a timer or a promise race. A single
 * timer wakes at the earliest moment the limit could have passed and re-arms if an event came
 * meanwhile. On a stall it calls `onStall` (to close the request) and `stalled` rejects with a
 * "timeout" ProviderError naming which of the two limits passed.
 */
export class StallWatchdog {
  /** Rejects on a stall; never settles otherwise. Race it against the request. */
  readonly stalled: Promise<never>
  readonly #timeouts: StallTimeouts
  readonly #provider: string
  readonly #onStall: () => void
  #fail: (error: ProviderError) => void = () => undefined
  #lastEventAt = Date.now()
  #sawEvent = false
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(timeouts: StallTimeouts, provider: string, onStall: () => void) {
    this.#timeouts = timeouts
    this.#provider = provider
    this.#onStall = onStall
    this.stalled = new Promise<never>((_resolve, reject) => (this.#fail = reject))
    // Nobody may be racing it any more when it fires late; that is not an unhandled failure.
    this.stalled.catch(() => undefined)
    this.#arm(timeouts.firstEventMs)
  }

  touch(): void {
    this.#lastEventAt = Date.now()
    if (this.#sawEvent) return
    this.#sawEvent = true
    // The first event switches to the idle limit, which may be the shorter one.
    this.#arm(this.#timeouts.idleMs)
  }

  stop(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.#check(), ms)
  }

  #check(): void {
    const limitMs = this.#sawEvent ? this.#timeouts.idleMs : this.#timeouts.firstEventMs
    const quietMs = Date.now() - this.#lastEventAt
    if (quietMs < limitMs) {
      this.#arm(limitMs - quietMs)
      return
    }
    this.#timer = undefined
    this.#onStall()
    const detail = this.#sawEvent ? `the stream stalled for ${formatSeconds(limitMs)}` : `no response within ${formatSeconds(limitMs)}`
    this.#fail(new ProviderError({ kind: 'timeout', provider: this.#provider, detail }))
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}
