import { describe, expect, it } from 'vitest'
import type { ErrorInfo } from '../../src/shared/errors'
import { emptyUsage } from '../../src/shared/generation'
import type { StreamPart } from '../../src/shared/stream-parts'
import { DEFAULT_RETRY_POLICY, type Sleep, retryDelayMs, sendWithRetries } from '../../src/main/providers/retries'

const rateLimited: ErrorInfo = { kind: 'rate_limit', message: 'Rate limited', provider: 'p', retryable: true }
const finish = (finishReason: 'stop' | 'error'): StreamPart => ({
  type: 'finish',
  finishReason,
  rawFinishReason: null,
  usage: emptyUsage()
})


describe('retryDelayMs', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 5000 }
  it('backs off exponentially with bounded jitter, capped', () => {
    expect(retryDelayMs(rateLimited, 1, policy, () => 0.5)).toBe(1000)
    expect(retryDelayMs(rateLimited, 2, policy, () => 0.5)).toBe(2000)
    expect(retryDelayMs(rateLimited, 4, policy, () => 0.5)).toBe(5000)
    expect(retryDelayMs(rateLimited, 1, policy, () => 0)).toBe(800)
    expect(retryDelayMs(rateLimited, 1, policy, () => 0.999)).toBe(1200)
  })
  it('honours retry-after, but not beyond the policy bound', () => {
    expect(retryDelayMs({ ...rateLimited, retryAfterMs: 7000 }, 1, policy)).toBe(7000)
    expect(retryDelayMs({ ...rateLimited, retryAfterMs: 3_600_000 }, 1, policy)).toBeNull()
  })
  it('gives up on errors that are not retryable and after the last attempt', () => {
    expect(retryDelayMs({ ...rateLimited, retryable: false }, 1, policy)).toBeNull()
    expect(retryDelayMs(rateLimited, 5, policy)).toBeNull()
  })
})

describe('sendWithRetries', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }
  const noWait = async () => {}

  /** Runs attempts that emit the given parts, collecting what reaches the consumer. */
  async function retried(attemptParts: (attempt: number) => StreamPart[], signal = new AbortController().signal, sleep: Sleep = noWait): Promise<StreamPart[]> {
    const parts: StreamPart[] = []
    await sendWithRetries(async (attempt, emit) => attemptParts(attempt).forEach(emit), (part) => parts.push(part), policy, signal, sleep)
    return parts
  }

  it('retries a failure before any output and announces each retry', async () => {
    let attempts = 0
    const parts = await retried((attempt) => {
      attempts = attempt
      return attempt < 3 ? [{ type: 'error', error: { ...rateLimited, retryAfterMs: 10 } }, finish('error')] : [{ type: 'text-delta', text: 'ok' }, finish('stop')]
    })
    expect(attempts).toBe(3)
    expect(parts.map((part) => part.type)).toEqual(['retry', 'retry', 'text-delta', 'finish'])
    expect(parts[0]).toMatchObject({ type: 'retry', attempt: 1, maxAttempts: 3, delayMs: 10 })
  })

  it('never retries once output has streamed', async () => {
    let attempts = 0
    const parts = await retried((attempt) => {
      attempts = attempt
      return [{ type: 'text-delta', text: 'partial' }, { type: 'error', error: rateLimited }, finish('error')]
    })
    expect(attempts).toBe(1)
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'error', 'finish'])
  })

  it('reports the last error after the final attempt', async () => {
    const parts = await retried(() => [{ type: 'error', error: rateLimited }, finish('error')])
    expect(parts.map((part) => part.type)).toEqual(['retry', 'retry', 'error', 'finish'])
  })

  it('stops waiting when cancelled during the backoff', async () => {
    const controller = new AbortController()
    const parts = await retried(
      () => [{ type: 'error', error: { ...rateLimited, retryAfterMs: 60_000 } }, finish('error')],
      controller.signal,
      (_ms, signal) => {
        setTimeout(() => controller.abort(), 5)
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
      }
    )
    expect(parts.map((part) => part.type)).toEqual(['retry', 'finish'])
    expect(parts[1]).toMatchObject({ finishReason: 'cancelled' })
  })
})
