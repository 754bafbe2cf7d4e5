import { describe, expect, it } from 'vitest'
import type { PaneResult, RunEvent } from '../../src/shared/compare'
import type { ConversationDetail } from '../../src/shared/history'
import { allBlocks } from '../../src/renderer/src/markdown/block-splitter'
import { conversationPanes } from '../../src/renderer/src/store/conversation-panes'
import { type PaneState, committedHistory, emptyAnswer, newPane, paneLabelOf, paneLabels } from '../../src/renderer/src/store/pane-state'
import { applyRunEvent, applyRunEvents } from '../../src/renderer/src/store/run-events'
import { paneSpec } from '../../src/renderer/src/store/run-slice'
import { summarizeRun } from '../../src/renderer/src/store/run-summary'

// What the window shows of a run is the pure fold of its events over the panes' state.

const RUN = 'run-1'

function sentPane(model = 'oa:gpt-4o-mini', init: Partial<PaneState> = {}): PaneState {
  return newPane(model, { turn: { prompt: 'Explain quicksort', runId: RUN, answer: emptyAnswer(model) }, ...init })
}

function result(pane: PaneState, change: Partial<PaneResult> = {}): PaneResult {
  return {
    runId: RUN,
    paneId: pane.id,
    model: pane.model,
    attempt: 1,
    responseId: 'resp-1',
    storedPaneId: 7,
    storedResponseId: 70,
    status: 'done',
    text: 'Quicksort **partitions**.\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    reasoning: 'think',
    reasoningSignature: null,
    toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'pivot' } }],
    usage: { inputTokens: 17, outputTokens: 54, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false },
    cost: { computedUsd: 0.0003, reportedUsd: null, mismatch: false, priceSource: { kind: 'user' }, estimatedUsage: false },
    metrics: { queuedAt: 1000, sentAt: 1000, firstTokenAt: 1410, lastTokenAt: 2000, ttftMs: 410, tokensPerSecond: 88.3 },
    finishReason: 'stop',
    rawFinishReason: 'stop',
    error: null,
    servedModel: 'gpt-4o-mini-2024-07-18',
    message: { role: 'assistant', content: 'Quicksort **partitions**.\n\n| a | b |\n|---|---|\n| 1 | 2 |' },
    ...change
  }
}

function fold(pane: PaneState, events: RunEvent[]): PaneState {
  return events.reduce(applyRunEvent, pane)
}

describe('run events on a pane', () => {
  it('follows an answer from start to finish: status, first token, text as markdown blocks, reasoning, tools, usage, result', () => {
    const pane = sentPane()
    const base = { runId: RUN, paneId: pane.id }
    const started = fold(pane, [{ ...base, type: 'pane-started', attempt: 1, responseId: 'resp-1', model: pane.model, storedResponseId: 70, queuedAt: 1000 }])
    expect(started.turn!.answer).toMatchObject({ status: 'starting', responseId: 'resp-1', storedResponseId: 70 })

    const streaming = fold(started, [
      { ...base, type: 'status', status: 'waiting', at: 1000 },
      { ...base, type: 'status', status: 'streaming', at: 1410 },
      { ...base, type: 'reasoning-delta', text: 'thi' },
      { ...base, type: 'reasoning-delta', text: 'nk' },
      { ...base, type: 'text-delta', text: 'Quicksort **partitions**.\n' },
      { ...base, type: 'text-delta', text: '\n| a | b |\n|---|---|\n| 1 | 2 |' },
      { ...base, type: 'tool-call', toolCall: { id: 'call_1', name: 'lookup', arguments: { q: 'pivot' } } },
      { ...base, type: 'usage', usage: { inputTokens: 17, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false } }
    ])
    const live = streaming.turn!.answer
    expect(live).toMatchObject({ status: 'streaming', sentAt: 1000, firstTokenAt: 1410, ttftMs: 410, reasoning: 'think' })
    expect(live.text).toBe('Quicksort **partitions**.\n\n| a | b |\n|---|---|\n| 1 | 2 |')
    expect(allBlocks(live.doc)).toEqual(['Quicksort **partitions**.\n\n', '| a | b |\n|---|---|\n| 1 | 2 |'])
    expect(live.toolCalls).toHaveLength(1)
    expect(live.usage?.inputTokens).toBe(17)

    const done = fold(streaming, [{ ...base, type: 'pane-finished', result: result(pane) }]).turn!.answer
    expect(done).toMatchObject({ status: 'done', ttftMs: 410, tokensPerSecond: 88.3, finishReason: 'stop', cost: { computedUsd: 0.0003, reportedUsd: null } })
    expect(done.usage?.outputTokens).toBe(54)
    // Same text: the streamed blocks are kept, not cut again.
    expect(done.doc).toBe(live.doc)
    expect(done.message?.content).toBe(live.text)
  })

  it('ignores events of another run or pane, and anything after the answer is final', () => {
    const pane = sentPane()
    expect(applyRunEvent(pane, { runId: 'other-run', paneId: pane.id, type: 'text-delta', text: 'x' })).toBe(pane)
    expect(applyRunEvent(pane, { runId: RUN, paneId: 'other-pane', type: 'text-delta', text: 'x' })).toBe(pane)
    const finished = applyRunEvent(pane, { runId: RUN, paneId: pane.id, type: 'pane-finished', result: result(pane, { status: 'stopped', text: 'partial' }) })
    expect(finished.turn!.answer.status).toBe('stopped')
    expect(applyRunEvent(finished, { runId: RUN, paneId: pane.id, type: 'text-delta', text: ' late' })).toBe(finished)
    expect(applyRunEvent(finished, { runId: RUN, paneId: pane.id, type: 'status', status: 'streaming', at: 5 })).toBe(finished)
  })

  it('counts down a retry, and a retried pane starts again from nothing', () => {
    const pane = sentPane()
    const base = { runId: RUN, paneId: pane.id }
    const error = { kind: 'rate_limit' as const, message: 'Rate limited', provider: 'oa', retryable: true, status: 429 }
    const retrying = fold(pane, [
      { ...base, type: 'status', status: 'waiting', at: 1000 },
      { ...base, type: 'status', status: 'retrying', at: 1200, retryInMs: 3000, error, retryAttempt: 1, maxAttempts: 3 }
    ]).turn!.answer
    expect(retrying.status).toBe('retrying')
    expect(retrying.retry).toEqual({ at: 4200, attempt: 1, maxAttempts: 3, error })

    const failed = fold(pane, [
      { ...base, type: 'text-delta', text: 'Half an answer' },
      { ...base, type: 'pane-finished', result: result(pane, { status: 'error', text: 'Half an answer', error: { ...error, kind: 'server', message: 'boom' } }) }
    ])
    expect(failed.turn!.answer.error?.kind).toBe('server')
    const again = applyRunEvent(failed, { ...base, type: 'pane-started', attempt: 2, responseId: 'resp-2', model: pane.model, storedResponseId: 71, queuedAt: 9000 })
    expect(again.turn!.answer).toMatchObject({ status: 'starting', attempt: 2, text: '', error: null, responseId: 'resp-2', storedResponseId: 71 })
    expect(allBlocks(again.turn!.answer.doc)).toEqual([])
  })

  it('takes the result as the authority when its text differs from what streamed', () => {
    const pane = sentPane()
    const streamed = applyRunEvent(pane, { runId: RUN, paneId: pane.id, type: 'text-delta', text: 'Par' })
    const done = applyRunEvent(streamed, { runId: RUN, paneId: pane.id, type: 'pane-finished', result: result(pane, { text: 'Para one.\n\nPara two.' }) })
    expect(allBlocks(done.turn!.answer.doc)).toEqual(['Para one.\n\n', 'Para two.'])
  })

  it('applies a frame of events to many panes, replacing only the panes they touch', () => {
    const a = sentPane('oa:a')
    const b = sentPane('oa:b')
    const c = sentPane('oa:c')
    const panes = { [a.id]: a, [b.id]: b, [c.id]: c }
    const next = applyRunEvents(panes, [
      { runId: RUN, paneId: a.id, type: 'text-delta', text: 'one ' },
      { runId: RUN, paneId: a.id, type: 'text-delta', text: 'two' },
      { runId: RUN, paneId: c.id, type: 'reasoning-delta', text: 'hmm' }
    ])
    expect(next).not.toBe(panes)
    expect(next[a.id]!.turn!.answer.text).toBe('one two')
    expect(next[b.id]).toBe(b)
    expect(next[c.id]!.turn!.answer.reasoning).toBe('hmm')
    // Nothing applies: the same map, so no subscriber wakes.
    expect(applyRunEvents(panes, [{ runId: 'gone', paneId: a.id, type: 'text-delta', text: 'x' }])).toBe(panes)
  })
})

describe('chat across turns', () => {
  it("sends each pane its own conversation: history, the last prompt and that pane's answer", () => {
    const pane = sentPane()
    const finished = applyRunEvent(pane, { runId: RUN, paneId: pane.id, type: 'pane-finished', result: result(pane) })
    const history = committedHistory(finished)
    expect(history).toEqual([
      { role: 'user', content: 'Explain quicksort' },
      { role: 'assistant', content: result(pane).text }
    ])
    // A new model for the pane keeps the conversation.
    const switched = { ...finished, model: 'an:claude-haiku-4-5', storedPaneId: 7 }
    expect(paneSpec(switched, { withHistory: true, conversationId: 3 })).toEqual({ id: pane.id, model: 'an:claude-haiku-4-5', history, storedPaneId: 7 })
    // Without a saved conversation there is no stored pane; with a shared thread, no own history.
    expect(paneSpec(switched, { withHistory: false, conversationId: null })).toEqual({ id: pane.id, model: 'an:claude-haiku-4-5' })
    // A failed answer adds only the prompt.
    const failed = applyRunEvent(pane, { runId: RUN, paneId: pane.id, type: 'pane-finished', result: result(pane, { status: 'error', text: '', message: null }) })
    expect(committedHistory(failed)).toEqual([{ role: 'user', content: 'Explain quicksort' }])
  })

  it('sends parameters and a system prompt only when set', () => {
    const pane = newPane('oa:gpt-4o', { parameters: { temperature: 0.2, maxTokens: undefined }, systemPrompt: 'Be brief.' })
    expect(paneSpec(pane, { withHistory: true, conversationId: null })).toEqual({ id: pane.id, model: 'oa:gpt-4o', parameters: { temperature: 0.2 }, systemPrompt: 'Be brief.' })
  })

  it('reopens a saved conversation with the panes of its last turn, each with its own thread', () => {
    const response = (id: number, paneId: number, text: string) => ({
      id,
      turnId: 0,
      paneId,
      status: 'done' as const,
      text,
      reasoning: '',
      reasoningSignature: null,
      toolCalls: [],
      usage: null,
      cost: { computedUsd: null, reportedUsd: null },
      timings: { queuedAt: 0, sentAt: 0, firstTokenAt: 1, lastTokenAt: 2, ttftMs: 1, tokensPerSecond: 10 },
      finishReason: 'stop' as const,
      error: null,
      best: id === 21
    })
    const detail: ConversationDetail = {
      id: 3,
      title: 'Sorting',
      createdAt: 0,
      updatedAt: 0,
      panes: [
        { id: 1, conversationId: 3, position: 0, profileId: 'oa', modelId: 'gpt-4o-mini', parameters: { temperature: 0.5 }, systemPrompt: null, continuesPaneId: null },
        { id: 2, conversationId: 3, position: 1, profileId: 'an', modelId: 'claude-haiku-4-5', parameters: {}, systemPrompt: 'Be brief.', continuesPaneId: null }
      ],
      turns: [
        { id: 10, conversationId: 3, position: 0, prompt: 'First?', history: null, continuedFromResponseId: null, createdAt: 0, responses: [response(11, 1, 'A1'), response(12, 2, 'B1')] },
        { id: 20, conversationId: 3, position: 1, prompt: 'Second?', history: null, continuedFromResponseId: null, createdAt: 0, responses: [response(21, 1, 'A2'), response(22, 2, 'B2')] }
      ]
    }
    const panes = conversationPanes(detail)
    expect(panes.map((pane) => [pane.model, pane.storedPaneId, pane.systemPrompt])).toEqual([
      ['oa:gpt-4o-mini', 1, ''],
      ['an:claude-haiku-4-5', 2, 'Be brief.']
    ])
    expect(panes[0]!.parameters).toEqual({ temperature: 0.5 })
    expect(panes[1]!.history).toEqual([
      { role: 'user', content: 'First?' },
      { role: 'assistant', content: 'B1' }
    ])
    expect(panes[0]!.turn).toMatchObject({ prompt: 'Second?', runId: null, answer: { status: 'done', text: 'A2', storedResponseId: 21, best: true } })
    expect(committedHistory(panes[0]!).at(-1)).toEqual({ role: 'assistant', content: 'A2' })
  })

  it('names panes by model, numbering repeats', () => {
    const panes = [newPane('oa:a'), newPane('oa:b'), newPane('oa:a'), newPane('')]
    expect([...paneLabels(panes).values()]).toEqual(['oa:a #1', 'oa:b', 'oa:a #2', 'Pane 4: no model'])
    const state = { paneIds: panes.map((pane) => pane.id), panes: Object.fromEntries(panes.map((pane) => [pane.id, pane])) }
    expect(panes.map((pane) => paneLabelOf(state, pane.id))).toEqual([...paneLabels(panes).values()])
  })
})

describe('run summary', () => {
  it('names the first to answer, the fastest, the cheapest and the longest, among answers that came', () => {
    const answer = (ttftMs: number | null, tokensPerSecond: number | null, usd: number | null, outputTokens: number, status: 'done' | 'error' = 'done') => ({
      ...emptyAnswer('m', status),
      text: 'x',
      ttftMs,
      tokensPerSecond,
      cost: { computedUsd: usd, reportedUsd: null },
      usage: { inputTokens: 1, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false }
    })
    const lines = summarizeRun([
      { paneId: 'a', label: 'A', answer: answer(400, 50, 0.002, 300) },
      { paneId: 'b', label: 'B', answer: answer(250, 120, null, 80) },
      { paneId: 'c', label: 'C', answer: answer(900, 90, 0.0001, 500) },
      { paneId: 'd', label: 'D', answer: answer(10, 999, 0, 999, 'error') }
    ])
    expect(lines.map((line) => [line.title, line.label, line.value])).toEqual([
      ['First token first', 'B', 250],
      ['Fastest', 'B', 120],
      ['Cheapest', 'C', 0.0001],
      ['Longest', 'C', 500]
    ])
    expect(summarizeRun([{ paneId: 'a', label: 'A', answer: answer(400, 50, 0.002, 300) }])).toEqual([])
  })
})
