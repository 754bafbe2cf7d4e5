import { describe, expect, it } from 'vitest'
import { DeltaCoalescer, type Schedule } from '../../src/main/compare/delta-coalescer'
import type { RunEvent } from '../../src/shared/compare'

/** A one-shot timer the test fires by hand. */
function manualSchedule(): { schedule: Schedule; fire: () => void; pending: () => number } {
  const timers = new Set<() => void>()
  return {
    schedule: (callback) => {
      timers.add(callback)
      return () => timers.delete(callback)
    },
    fire: () => {
      const due = [...timers]
      timers.clear()
      for (const callback of due) callback()
    },
    pending: () => timers.size
  }
}

const text = (paneId: string, value: string): RunEvent => ({ type: 'text-delta', runId: 'r', paneId, text: value })
const reasoning = (paneId: string, value: string): RunEvent => ({ type: 'reasoning-delta', runId: 'r', paneId, text: value })
const usageOf = (paneId: string): RunEvent => ({
  type: 'usage',
  runId: 'r',
  paneId,
  usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false }
})

describe('DeltaCoalescer', () => {
  it('holds deltas until the frame, then sends each pane its merged runs in order', () => {
    const sent: RunEvent[] = []
    const timer = manualSchedule()
    const coalescer = new DeltaCoalescer((event) => sent.push(event), { intervalMs: 16, schedule: timer.schedule })
    coalescer.push(reasoning('a', 'think '))
    coalescer.push(reasoning('a', 'more '))
    coalescer.push(text('a', 'Hel'))
    coalescer.push(text('b', 'Other'))
    coalescer.push(text('a', 'lo'))
    coalescer.push(text('a', ''))
    expect(sent).toEqual([])
    expect(timer.pending()).toBe(1)
    timer.fire()
    expect(sent).toEqual([reasoning('a', 'think more '), text('a', 'Hello'), text('b', 'Other')])
    expect(timer.pending()).toBe(0)
  })

  it("sends a pane's pending deltas before any other event of that pane, leaving other panes waiting", () => {
    const sent: RunEvent[] = []
    const timer = manualSchedule()
    const coalescer = new DeltaCoalescer((event) => sent.push(event), { intervalMs: 16, schedule: timer.schedule })
    coalescer.push(text('a', 'one '))
    coalescer.push(text('b', 'bee'))
    coalescer.push(text('a', 'two'))
    coalescer.push(usageOf('a'))
    expect(sent).toEqual([text('a', 'one two'), usageOf('a')])
    coalescer.push(text('a', ' three'))
    timer.fire()
    expect(sent.slice(2)).toEqual([text('b', 'bee'), text('a', ' three')])
  })

  it('sends a pane at once past the size bound, and everything when told to', () => {
    const sent: RunEvent[] = []
    const timer = manualSchedule()
    const coalescer = new DeltaCoalescer((event) => sent.push(event), { intervalMs: 16, maxPendingChars: 10, schedule: timer.schedule })
    coalescer.push(text('a', '12345'))
    coalescer.push(text('a', '67890'))
    expect(sent).toEqual([text('a', '1234567890')])
    coalescer.push(text('a', 'x'))
    coalescer.flush()
    expect(sent).toEqual([text('a', '1234567890'), text('a', 'x')])
    expect(timer.pending()).toBe(0)
  })

  it('passes every delta through with an interval of 0', () => {
    const sent: RunEvent[] = []
    const coalescer = new DeltaCoalescer((event) => sent.push(event), { intervalMs: 0 })
    coalescer.push(text('a', 'x'))
    coalescer.push(text('a', 'y'))
    expect(sent).toEqual([text('a', 'x'), text('a', 'y')])
  })
})
