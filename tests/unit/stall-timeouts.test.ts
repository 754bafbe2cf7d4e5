import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../src/main/providers/provider-error'
import { withStallTimeouts } from '../../src/main/providers/stall-timeouts'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function* ticks(delays: number[]): AsyncGenerator<number> {
  for (const [index, delay] of delays.entries()) {
    await wait(delay)
    yield index
  }
}

async function drain<T>(source: AsyncIterable<T>): Promise<{ values: T[]; error?: unknown }> {
  const values: T[] = []
  try {
    for await (const value of source) values.push(value)
    return { values }
  } catch (error) {
    return { values, error }
  }
}

describe('withStallTimeouts', () => {
  it('passes a lively stream through untouched', async () => {
    let aborted = false
    const result = await drain(withStallTimeouts(ticks([5, 5, 5]), { firstEventMs: 200, idleMs: 200 }, 'p', () => (aborted = true)))
    expect(result).toEqual({ values: [0, 1, 2] })
    expect(aborted).toBe(false)
  })

  it('fails with a timeout when the first event is late, and aborts the request', async () => {
    let aborted = false
    const result = await drain(withStallTimeouts(ticks([300]), { firstEventMs: 50, idleMs: 1000 }, 'p', () => (aborted = true)))
    expect(result.values).toEqual([])
    expect(result.error).toBeInstanceOf(ProviderError)
    expect((result.error as ProviderError).kind).toBe('timeout')
    expect((result.error as ProviderError).message).toBe('Timed out: no response within 50 ms')
    expect(aborted).toBe(true)
  })

  it('uses the idle limit between events, keeping what came before', async () => {
    let aborted = false
    const result = await drain(withStallTimeouts(ticks([5, 5, 400]), { firstEventMs: 1000, idleMs: 60 }, 'p', () => (aborted = true)))
    expect(result.values).toEqual([0, 1])
    expect((result.error as ProviderError).message).toBe('Timed out: the stream stalled for 60 ms')
    expect(aborted).toBe(true)
  })
})
