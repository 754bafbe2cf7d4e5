import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../src/shared/compare'
import type { ContractClient } from '../../src/shared/contract/client'
import type { JuxtaContract } from '../../src/shared/contract/juxta-contract'
import { type Result, failure } from '../../src/shared/contract/result'
import { defaultSettings } from '../../src/shared/settings'
import { createJuxtaStore } from '../../src/renderer/src/store/juxta-store'

// The window's store against a scripted contract client: what it sends, and what it does with
// the answers (and the events) that come back, in the order a transport may deliver them.

type Handler = (input: any) => Result<unknown> | Promise<Result<unknown>>

function fakeClient(handlers: Record<string, Handler>) {
  const listeners = new Set<(event: RunEvent) => void>()
  const calls: Array<{ route: string; input: any }> = []
  const client = {
    invoke: async (route: string, input: unknown) => {
      calls.push({ route, input })
      const handler = handlers[route]
      return handler ? handler(input) : failure('unknown_route', route)
    },
    on: (_event: string, listener: (event: RunEvent) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  } as unknown as ContractClient<JuxtaContract>
  return { client, calls, emit: (event: RunEvent) => listeners.forEach((listener) => listener(event)) }
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value })
const profiles = { profiles: [{ id: 'oa', kind: 'openai', models: [{ id: 'a' }, { id: 'b' }] }], source: 'file', readOnly: true, problems: [] }
const settings = { ...defaultSettings(), confirmAboveUsd: null }
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

function storeWith(extra: Record<string, Handler> = {}) {
  const fake = fakeClient({
    'app.info': () => ok({ version: 't', notices: [] }),
    'settings.get': () => ok(settings),
    'profiles.list': () => ok(profiles),
    'models.describe': () => ok([]),
    'estimate.prompt': () => ok({ type: 'estimate', panes: [], totalUsd: { min: 0, max: 0 }, unpriced: [] }),
    ...extra
  })
  const store = createJuxtaStore({ client: fake.client, frame: (callback) => callback(), estimateDelayMs: 5 })
  return { store, ...fake }
}

describe('the window store', () => {
  it('opens one pane per model of the first profile, and lists commands for them', async () => {
    const { store } = storeWith()
    await store.getState().init()
    const state = store.getState()
    expect(state.paneIds.map((id) => state.panes[id]!.model)).toEqual(['oa:a', 'oa:b'])
    expect(state.commands.map((command) => command.id)).toEqual(expect.arrayContaining(['send', 'new-comparison', 'focus-pane-1', 'focus-pane-2']))
    expect(state.commands.find((command) => command.id === 'focus-pane-2')?.shortcut).toBe('Ctrl+2')
  })

  it('sends every pane, applies events that arrive before the start answers, and continues each pane next turn', async () => {
    let release!: () => void
    const { store, calls, emit } = storeWith({
      'compare.start': async (input) => {
        // Events of the run overtake its handle (two channels in Electron): they wait for it.
        for (const pane of input.panes) emit({ runId: 'r1', paneId: pane.id, type: 'text-delta', text: `hi from ${pane.model}` })
        await new Promise<void>((resolve) => (release = resolve))
        return ok({ runId: 'r1', conversationId: 5, turnId: 1, panes: input.panes.map((pane: any, index: number) => ({ paneId: pane.id, model: pane.model, storedPaneId: index + 1 })) })
      }
    })
    await store.getState().init()
    store.getState().setDraft('Hello?')
    const sending = store.getState().send()
    await tick()
    expect(store.getState().draft).toBe('')
    expect(store.getState().sending).toBe(true)
    release()
    await sending
    const state = store.getState()
    const [first, second] = state.paneIds.map((id) => state.panes[id]!)
    expect(first!.turn!.answer.text).toBe('hi from oa:a')
    expect(second!.turn!.runId).toBe('r1')
    expect(state.conversationId).toBe(5)

    for (const pane of [first!, second!]) {
      emit({
        runId: 'r1',
        paneId: pane.id,
        type: 'pane-finished',
        result: {
          runId: 'r1', paneId: pane.id, model: pane.model, attempt: 1, responseId: `x-${pane.id}`, storedPaneId: 1, storedResponseId: 1, status: 'done',
          text: `hi from ${pane.model}`, reasoning: '', reasoningSignature: null, toolCalls: [], usage: null,
          cost: { computedUsd: null, reportedUsd: null, mismatch: false, priceSource: { kind: 'unknown' }, estimatedUsage: false },
          metrics: { queuedAt: 0, sentAt: 0, firstTokenAt: 1, lastTokenAt: 2, ttftMs: 1, tokensPerSecond: 1 },
          finishReason: 'stop', rawFinishReason: null, error: null, servedModel: null,
          message: { role: 'assistant', content: `hi from ${pane.model}` }
        }
      })
    }
    expect(store.getState().historyRevision).toBeGreaterThan(state.historyRevision)

    store.getState().setDraft('And then?')
    void store.getState().send()
    await tick()
    const second_ = calls.filter((call) => call.route === 'compare.start')[1]!.input
    expect(second_.conversationId).toBe(5)
    expect(second_.panes[0]).toMatchObject({
      model: 'oa:a',
      storedPaneId: 1,
      history: [
        { role: 'user', content: 'Hello?' },
        { role: 'assistant', content: 'hi from oa:a' }
      ]
    })
  })

  it('gives the prompt back when the send fails, ahead of anything typed since', async () => {
    let answer!: (result: Result<unknown>) => void
    const { store } = storeWith({ 'compare.start': () => new Promise((resolve) => (answer = resolve)) })
    await store.getState().init()
    const before = store.getState().panes
    store.getState().setDraft('Important prompt')
    const sending = store.getState().send()
    await tick()
    store.getState().setDraft('typed meanwhile')
    answer(failure('failed', 'no key for oa'))
    await sending
    const state = store.getState()
    expect(state.draft).toBe('Important prompt\n\ntyped meanwhile')
    expect(state.sendError).toBe('Not sent: no key for oa')
    expect(state.panes).toEqual(before)
  })

  it('sends a keystroke in a long prompt as an edit of the draft sent before, and the whole prompt when main has lost it', async () => {
    let refuseEdits = false
    const { store, calls } = storeWith({
      'estimate.prompt': (input: { edit?: unknown }) =>
        refuseEdits && input.edit ? failure('not_found', 'gone') : ok({ type: 'estimate', panes: [], totalUsd: { min: 0, max: 0 }, unpriced: [] })
    })
    await store.getState().init()
    const long = 'word '.repeat(20_000)
    const estimates = () => calls.filter((call) => call.route === 'estimate.prompt').map((call) => call.input)
    for (const text of [long, `${long}a`, `${long}ab`]) {
      store.getState().setDraft(text)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(estimates()).toEqual([
      expect.objectContaining({ prompt: long, draft: 1 }),
      expect.objectContaining({ edit: { base: 1, from: long.length, to: long.length, insert: 'a' }, draft: 2 }),
      expect.objectContaining({ edit: { base: 2, from: long.length + 1, to: long.length + 1, insert: 'b' }, draft: 3 })
    ])
    refuseEdits = true
    store.getState().setDraft(`${long}abc`)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(estimates().slice(3)).toEqual([
      expect.objectContaining({ edit: expect.objectContaining({ base: 3, insert: 'c' }), draft: 4 }),
      expect.objectContaining({ prompt: `${long}abc`, draft: 4 })
    ])
    expect(store.getState().estimate.status).toBe('ready')
  })

  it('estimates after typing stops, and drops an answer that arrives after a newer question', async () => {
    const answers: Array<(result: Result<unknown>) => void> = []
    const { store, calls } = storeWith({ 'estimate.prompt': () => new Promise((resolve) => answers.push(resolve)) })
    await store.getState().init()
    for (const text of ['H', 'He', 'Hel', 'Hello']) store.getState().setDraft(text)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(calls.filter((call) => call.route === 'estimate.prompt').map((call) => call.input.prompt)).toEqual(['Hello'])
    store.getState().setDraft('Hello there')
    await new Promise((resolve) => setTimeout(resolve, 30))
    const estimate = (max: number) => ok({ type: 'estimate', panes: [], totalUsd: { min: 0, max }, unpriced: [] })
    answers[1]!(estimate(2))
    answers[0]!(estimate(1)) // stale: for "Hello"
    await tick()
    expect(store.getState().estimate.value?.totalUsd.max).toBe(2)
  })

  it('asks before sending when the estimate is above the limit', async () => {
    const { store, calls } = storeWith({
      'settings.get': () => ok({ ...defaultSettings(), confirmAboveUsd: 0.5 }),
      'estimate.prompt': () => ok({ type: 'estimate', panes: [], totalUsd: { min: 0.1, max: 0.9 }, unpriced: [] }),
      'compare.start': () => failure('failed', 'not in this test')
    })
    await store.getState().init()
    store.getState().setDraft('Costly')
    await store.getState().send()
    expect(store.getState().confirm).toEqual({ maxUsd: 0.9, limitUsd: 0.5 })
    expect(calls.some((call) => call.route === 'compare.start')).toBe(false)
    await store.getState().send({ confirmed: true })
    expect(calls.some((call) => call.route === 'compare.start')).toBe(true)
  })
})
