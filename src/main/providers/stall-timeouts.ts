import { ProviderError } from './provider-error'

export interface StallTimeouts {
  /** Longest wait from sending the request to the first streamed event. */
  firstEventMs: number
  /** Longest silence between two streamed events. */
  idleMs: number
}

// Reasoning models may think for minutes before their first token; silence mid-answer is rarer.
export const DEFAULT_STALL_TIMEOUTS: StallTimeouts = { firstEventMs: 180_000, idleMs: 90_000 }

/**
 * Passes `source` through, failing with a "timeout" ProviderError when it goes quiet for too
 * long. On a stall it calls `abort` so the underlying request and its socket are closed.
 */
export async function* withStallTimeouts<T>(
  source: AsyncIterable<T>,
  timeouts: StallTimeouts,
  provider: string,
  abort: () => void
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]()
  let waitingForFirst = true
  let finished = false
  try {
    while (true) {
      const limitMs = waitingForFirst ? timeouts.firstEventMs : timeouts.idleMs
      let timer: ReturnType<typeof setTimeout> | undefined
      const stalled = new Promise<'stalled'>((resolve) => {
        timer = setTimeout(() => resolve('stalled'), limitMs)
      })
      const next = iterator.next()
      const outcome = await Promise.race([next, stalled]).finally(() => clearTimeout(timer))
      if (outcome === 'stalled') {
        // The pending next() settles once the abort lands; nobody is waiting for it any more.
        next.catch(() => undefined)
        abort()
        const detail = waitingForFirst
          ? `no response within ${formatSeconds(limitMs)}`
          : `the stream stalled for ${formatSeconds(limitMs)}`
        throw new ProviderError({ kind: 'timeout', provider, detail })
      }
      if (outcome.done) {
        finished = true
        return
      }
      waitingForFirst = false
      yield outcome.value
    }
  } finally {
    if (!finished) void iterator.return?.()?.catch(() => undefined)
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}
