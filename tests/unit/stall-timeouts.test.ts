import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../src/main/providers/provider-error'
import { StallWatchdog, type StallTimeouts } from '../../src/main/providers/stall-timeouts'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Events after the given delays, each touching the watchdog; how far it got, and how it ended. */
async function watch(delays: number[], timeouts: StallTimeouts): Promise<{ events: number; stalled: unknown; aborted: boolean }> {
  let aborted = false
  const watchdog = new StallWatchdog(timeouts, 'p', () => (aborted = true))
  let events = 0
  const stream = (async () => {
    for (const delay of delays) {
      await wait(delay)
      if (aborted) return
      watchdog.touch()
      events++
    }
  })()
  const stalled = await Promise.race([stream.then(() => null), watchdog.stalled.catch((error: unknown) => error)])
  watchdog.stop()
  return { events, stalled, aborted }
}

describe('StallWatchdog', () => {
  it('lets a lively stream run to its end, however many events it has', async () => {
    expect(await watch([5, 5, 5, ...Array.from({ length: 200 }, () => 0)], { firstEventMs: 200, idleMs: 200 })).toEqual({ events: 203, stalled: null, aborted: false })
  })

  it('fails with a timeout when the first event is late, and aborts the request', async () => {
    const result = await watch([300], { firstEventMs: 50, idleMs: 1000 })
    expect(result.events).toBe(0)
    expect(result.stalled).toBeInstanceOf(ProviderError)
    expect((result.stalled as ProviderError).kind).toBe('timeout')
    expect((result.stalled as ProviderError).message).toBe('Timed out: no response within 50 ms')
    expect(result.aborted).toBe(true)
  })

  it('uses the idle limit between events once the first has come, even when it is the shorter one', async () => {
    const result = await watch([5, 5, 400], { firstEventMs: 1000, idleMs: 60 })
    expect(result.events).toBe(2)
    expect((result.stalled as ProviderError).message).toBe('Timed out: the stream stalled for 60 ms')
    expect(result.aborted).toBe(true)
  })

  it('measures silence from the last event, not from when its timer was set', async () => {
    // Events every 30 ms never leave a 150 ms gap, though 150 ms pass several times over.
    const result = await watch(Array.from({ length: 20 }, () => 30), { firstEventMs: 150, idleMs: 150 })
    expect(result).toEqual({ events: 20, stalled: null, aborted: false })
  })
})
