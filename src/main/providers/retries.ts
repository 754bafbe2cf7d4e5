import { setTimeout as sleepWithSignal } from 'node:timers/promises'
import type { ErrorInfo } from '../../shared/errors'
import { emptyUsage } from '../../shared/generation'
import type { StreamPart } from '../../shared/stream-parts'

export interface RetryPolicy {
  /** Attempts in all, the first included. 1 turns retries off. */
  maxAttempts: number
  /** First backoff delay; doubles with each attempt, ±20% jitter. */
  baseDelayMs: number
  maxDelayMs: number
  /** A server asking for a longer wait than this is not retried: the user decides instead. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

export const abortableSleep: Sleep = (ms, signal) => sleepWithSignal(ms, undefined, { signal })

/** The wait before attempt `attempt + 1`, or null when this error should not be retried. */
export function retryDelayMs(
  error: ErrorInfo,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random
): number | null {
  if (!error.retryable || attempt >= policy.maxAttempts) return null
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : null
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(backoff * (0.8 + 0.4 * random()))
}

/** Hands one part of a stream to its consumer, in order. */
export type EmitPart = (part: StreamPart) => void

/**
 * The one place Juxta retries (the SDKs' own retries are off). An attempt that fails with a
 * retryable error before producing any output is sent again after a backoff, announced by a
 * `retry` part so the UI can say "retrying in N s". Once output has streamed, a failure is
 * final: resending would duplicate what the user already saw.
 */
export async function sendWithRetries(
  runAttempt: (attempt: number, emit: EmitPart) => Promise<void>,
  emit: EmitPart,
  policy: RetryPolicy,
  signal: AbortSignal,
  sleep: Sleep = abortableSleep
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let producedOutput = false
    let retry = null as { error: ErrorInfo; delayMs: number } | null
    await runAttempt(attempt, (part) => {
      if (part.type === 'error' && !producedOutput && !signal.aborted) {
        const delayMs = retryDelayMs(part.error, attempt, policy)
        if (delayMs !== null) {
          retry = { error: part.error, delayMs }
          return
        }
      }
      // The failed attempt's own finish is replaced by the next attempt's.
      if (retry && part.type === 'finish') return
      if (part.type !== 'response-metadata') producedOutput = true
      emit(part)
    })
    const pending = retry
    if (!pending) return
    emit({ type: 'retry', attempt, maxAttempts: policy.maxAttempts, delayMs: pending.delayMs, error: pending.error })
    try {
      await sleep(pending.delayMs, signal)
    } catch {
      emit({ type: 'finish', finishReason: 'cancelled', rawFinishReason: null, usage: emptyUsage(true) })
      return
    }
  }
}
