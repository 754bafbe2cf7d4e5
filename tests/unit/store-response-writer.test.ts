import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RepeatTimer } from '../../src/main/store/response-writer'
import type { Store } from '../../src/main/store/store'
import { open, usage } from '../support/store'

/** A timer the test ticks by hand. */
function manualTimer(): { timer: RepeatTimer; tick: () => void; intervals: number[]; running: () => boolean } {
  let callback: (() => void) | null = null
  const intervals: number[] = []
  return {
    timer: (fn, intervalMs) => {
      callback = fn
      intervals.push(intervalMs)
      return () => (callback = null)
    },
    tick: () => callback?.(),
    intervals,
    running: () => callback !== null
  }
}

function setup(): { store: Store; turnId: number; paneIds: number[] } {
  const { store } = open()
  const { conversation, panes } = store.conversations.create({
    panes: [
      { profileId: 'oa', modelId: 'gpt-4o-mini' },
      { profileId: 'an', modelId: 'claude-haiku-4-5' }
    ]
  })
  const turn = store.conversations.addTurn(conversation.id, { prompt: 'hello' })
  return { store, turnId: turn.id, paneIds: panes.map((pane) => pane.id) }
}

describe('ResponseWriter', () => {
  it('keeps deltas in memory until the timer ticks, saves them at every tick, and everything at finish', () => {
    const { store, turnId, paneIds } = setup()
    const clock = { now: 10_000 }
    const manual = manualTimer()
    const writer = store.startResponse(turnId, paneIds[0]!, { timer: manual.timer, now: () => clock.now })
    expect(manual.intervals).toEqual([1000])
    const saved = (): { text: string; status: string } => store.responses.get(writer.id)!

    writer.markSent((clock.now += 100))
    clock.now += 400
    writer.appendText('Hel')
    clock.now += 50
    writer.appendText('lo')
    expect(saved()).toMatchObject({ text: '', status: 'streaming' })
    manual.tick()
    expect(saved()).toMatchObject({ text: 'Hello', status: 'streaming' })
    expect(store.responses.get(writer.id)!.timings).toMatchObject({ queuedAt: 10_000, sentAt: 10_100, firstTokenAt: 10_500, lastTokenAt: 10_550 })

    clock.now += 1450
    writer.appendText(', world')
    writer.finish({ finishReason: 'stop', usage: usage(5, 20) })
    expect(manual.running()).toBe(false)
    const done = store.responses.get(writer.id)!
    expect(done).toMatchObject({ text: 'Hello, world', status: 'done', finishReason: 'stop', error: null })
    // 400 ms from sending to the first token; 20 tokens over the 1.5 s from first to last.
    expect(done.timings).toEqual({ queuedAt: 10_000, sentAt: 10_100, firstTokenAt: 10_500, lastTokenAt: 12_000, ttftMs: 400, tokensPerSecond: 20 / 1.5 })

    // Late calls change nothing.
    writer.appendText(' again')
    manual.tick()
    writer.finish({ status: 'error' })
    expect(store.responses.get(writer.id)!).toEqual(done)
  })

  it('follows a provider stream: text, reasoning, signature, tool calls, usage, and the finish reason as status', () => {
    const { store, turnId, paneIds } = setup()
    const writer = store.startResponse(turnId, paneIds[0]!, { timer: manualTimer().timer, costOf: (u) => ({ computedUsd: u.outputTokens / 1e6, reportedUsd: null }) })
    writer.write({ type: 'response-metadata', id: 'resp_1', model: 'gpt-4o-mini-2024-07-18' })
    writer.write({ type: 'reasoning-delta', text: 'Thinking' })
    writer.write({ type: 'reasoning-signature', signature: 'sig' })
    writer.write({ type: 'text-delta', text: 'Answer' })
    writer.write({ type: 'tool-call', toolCall: { id: 't1', name: 'search', arguments: { q: 'x' } } })
    writer.write({ type: 'usage', usage: usage(3, 4) })
    writer.write({ type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_calls', usage: usage(3, 9) })
    expect(writer.finished).toBe(true)
    expect(store.responses.get(writer.id)).toMatchObject({
      status: 'done',
      text: 'Answer',
      reasoning: 'Thinking',
      reasoningSignature: 'sig',
      toolCalls: [{ id: 't1', name: 'search', arguments: { q: 'x' } }],
      usage: usage(3, 9),
      cost: { computedUsd: 9 / 1e6, reportedUsd: null },
      finishReason: 'tool-calls'
    })

    const stopped = store.startResponse(turnId, paneIds[1]!, { timer: manualTimer().timer })
    stopped.write({ type: 'text-delta', text: 'partial' })
    stopped.write({ type: 'error', error: { kind: 'cancelled', message: 'Stopped.', provider: 'an', retryable: false } })
    stopped.write({ type: 'finish', finishReason: 'cancelled', rawFinishReason: null, usage: usage(3, 1) })
    expect(store.responses.get(stopped.id)).toMatchObject({ status: 'stopped', text: 'partial', finishReason: 'cancelled' })
  })

  it('saves an error with the text that streamed before it', () => {
    const { store, turnId, paneIds } = setup()
    const writer = store.startResponse(turnId, paneIds[0]!, { timer: manualTimer().timer })
    writer.appendText('Half an answer')
    writer.write({ type: 'error', error: { kind: 'network', message: 'The connection dropped.', provider: 'oa', retryable: true } })
    writer.write({ type: 'finish', finishReason: 'error', rawFinishReason: null, usage: usage(0, 0, { estimated: true }) })
    expect(store.responses.get(writer.id)).toMatchObject({
      status: 'error',
      text: 'Half an answer',
      error: { kind: 'network', message: 'The connection dropped.' },
      usage: { estimated: true }
    })
  })

  it('keeps unsaved text in memory when a timed flush fails, and saves it at the next', () => {
    const { store, turnId, paneIds } = setup()
    const manual = manualTimer()
    const errors: unknown[] = []
    const writer = store.startResponse(turnId, paneIds[0]!, { timer: manual.timer, onFlushError: (error) => errors.push(error) })
    writer.appendText('kept')
    store.db.exec(`CREATE TRIGGER refuse BEFORE UPDATE ON responses BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
    manual.tick()
    expect(errors).toHaveLength(1)
    store.db.exec('DROP TRIGGER refuse')
    manual.tick()
    expect(store.responses.get(writer.id)!.text).toBe('kept')
  })

  it('saves open answers as interrupted when the store closes', () => {
    const { store, turnId, paneIds } = setup()
    const writer = store.startResponse(turnId, paneIds[0]!, { timer: manualTimer().timer })
    writer.appendText('cut short')
    const path = store.path!
    store.close()
    expect(writer.finished).toBe(true)
    const reopened = open({ dataDir: dirname(path) })
    expect(reopened.notices).toEqual([])
    expect(reopened.store.responses.get(writer.id)).toMatchObject({ status: 'interrupted', text: 'cut short' })
  })

  it('leaves an answer another live process is writing alone when a second store opens', () => {
    const { store, turnId, paneIds } = setup()
    const writer = store.startResponse(turnId, paneIds[0]!, { timer: manualTimer().timer })
    writer.appendText('still going')
    writer.flush()
    store.db.prepare('UPDATE responses SET writer_pid = ? WHERE id = ?').run(process.ppid, writer.id)
    const second = open({ dataDir: dirname(store.path!) })
    expect(second.notices).toEqual([])
    expect(second.store.responses.get(writer.id)!.status).toBe('streaming')
  })
})
