import { describe, expect, it } from 'vitest'
import type { ProviderProfile } from '../../src/shared/profiles'
import {
  EXPORT_VERSION,
  ImportError,
  conversationToExport,
  exportConversationJson,
  importConversationJson
} from '../../src/main/store/conversation-json'
import { exportConversationMarkdown } from '../../src/main/store/conversation-markdown'
import type { Store } from '../../src/main/store/store'
import { open, usage } from '../support/store'

const FAKE_KEY = 'sk-proj-FAKEKEYabcdefSECRET'

const PROFILE: ProviderProfile = {
  id: 'corp',
  kind: 'openai',
  name: 'Corporate gateway',
  baseURL: 'https://gateway.internal.example/v1',
  headers: { 'X-Api-Key': FAKE_KEY, 'X-Team': 'platform' },
  apiKeyEnv: 'CORP_GATEWAY_KEY',
  models: [{ id: 'gpt-4o-mini' }]
}

/** A conversation with every kind of content: parameters, reasoning, tool calls, an error, best, a continued turn. */
function richConversation(store: Store): number {
  store.profiles.save(PROFILE)
  const { conversation, panes } = store.conversations.create({
    title: 'Rich one',
    panes: [
      { profileId: 'corp', modelId: 'gpt-4o-mini', parameters: { temperature: 0.7, maxTokens: 800 }, systemPrompt: 'You are terse.' },
      { profileId: 'an', modelId: 'claude-sonnet-4-5', parameters: { thinkingBudget: 2048, reasoningEffort: 'high' } }
    ],
    createdAt: 1_700_000_000_000
  })
  const noTimer = { timer: () => () => {} }
  const first = store.conversations.addTurn(conversation.id, { prompt: 'What is 2+2? Use the calculator.' }, 1_700_000_001_000)
  let clock = 1_700_000_001_000
  const now = (): number => (clock += 250)
  const a = store.startResponse(first.id, panes[0]!.id, { ...noTimer, now, queuedAt: clock })
  a.markSent()
  a.appendReasoning('Simple arithmetic.')
  a.appendText('It is **4**.')
  a.addToolCall({ id: 'call_1', name: 'calculator', arguments: { expression: '2+2' } })
  a.finish({ finishReason: 'tool-calls', usage: usage(30, 12, { reportedCostUsd: 0.0002 }), cost: { computedUsd: 0.00012, reportedUsd: 0.0002 } })
  const b = store.startResponse(first.id, panes[1]!.id, { ...noTimer, now })
  b.appendText('Four')
  b.write({ type: 'error', error: { kind: 'rate_limit', message: 'Rate limited; try again in 20 s.', provider: 'an', status: 429, retryable: true } })
  b.write({ type: 'finish', finishReason: 'error', rawFinishReason: null, usage: usage(30, 1) })
  store.responses.setBest(a.id, true)

  const second = store.conversations.addTurn(
    conversation.id,
    {
      prompt: 'And times 3?',
      history: [
        { role: 'user', content: 'What is 2+2? Use the calculator.' },
        { role: 'assistant', content: 'It is **4**.', toolCalls: [{ id: 'call_1', name: 'calculator', arguments: { expression: '2+2' } }] }
      ],
      continuedFromResponseId: a.id
    },
    1_700_000_009_000
  )
  const c = store.startResponse(second.id, panes[0]!.id, noTimer)
  c.appendText('12')
  c.finish({ finishReason: 'stop' })
  return conversation.id
}

describe('conversation export', () => {
  it('writes versioned JSON with everything measured, and no key, header or URL of a profile', () => {
    const { store } = open()
    const id = richConversation(store)
    const json = exportConversationJson(store, id)!
    for (const secret of [FAKE_KEY, 'X-Api-Key', 'X-Team', 'gateway.internal.example', 'CORP_GATEWAY_KEY', 'Corporate gateway']) {
      expect(json).not.toContain(secret)
    }
    const parsed = JSON.parse(json)
    expect(parsed).toMatchObject({ format: 'juxta-conversation', version: EXPORT_VERSION })
    expect(Object.keys(parsed.conversation.panes[0]).sort()).toEqual(['continues', 'modelId', 'parameters', 'profileId', 'systemPrompt'])
    const [a, b] = parsed.conversation.turns[0].responses
    expect(a).toMatchObject({
      pane: 0,
      status: 'done',
      text: 'It is **4**.',
      reasoning: 'Simple arithmetic.',
      toolCalls: [{ id: 'call_1', name: 'calculator', arguments: { expression: '2+2' } }],
      usage: { inputTokens: 30, outputTokens: 12, reportedCostUsd: 0.0002 },
      cost: { computedUsd: 0.00012, reportedUsd: 0.0002 },
      finishReason: 'tool-calls',
      best: true,
      timings: { queuedAt: 1_700_000_001_000, sentAt: 1_700_000_001_250, firstTokenAt: 1_700_000_001_500, ttftMs: 250 }
    })
    expect(b).toMatchObject({ status: 'error', error: { kind: 'rate_limit', status: 429 }, finishReason: 'error', best: false })
    expect(parsed.conversation.turns[1].continuedFrom).toEqual({ turn: 0, pane: 0 })
  })

  it('writes Markdown with prompts, answers, models and metrics, and no secret', () => {
    const { store } = open()
    const markdown = exportConversationMarkdown(store, richConversation(store))!
    for (const secret of [FAKE_KEY, 'X-Api-Key', 'gateway.internal.example', 'CORP_GATEWAY_KEY']) expect(markdown).not.toContain(secret)
    expect(markdown).toMatch(/^# Rich one\n/)
    expect(markdown).toContain('1. corp:gpt-4o-mini (temperature 0.7, max tokens 800); system prompt: You are terse.')
    expect(markdown).toContain('2. an:claude-sonnet-4-5 (reasoning effort high, thinking budget 2048)')
    expect(markdown).toContain('### corp:gpt-4o-mini ★ best')
    expect(markdown).toContain('**Prompt:**\n\nWhat is 2+2? Use the calculator.')
    expect(markdown).toContain('It is **4**.')
    expect(markdown).toContain('"expression": "2+2"')
    expect(markdown).toContain('> **Error (rate_limit):** Rate limited; try again in 20 s.')
    expect(markdown).toContain('30 tokens in, 12 out')
    expect(markdown).toContain('first token 250 ms')
    expect(markdown).toContain('## Turn 2')
  })

  it('imports its own JSON as a new conversation with new ids and the same content', () => {
    const { store } = open()
    const id = richConversation(store)
    const json = exportConversationJson(store, id)!
    const copyId = importConversationJson(store, json)
    expect(copyId).not.toBe(id)
    const original = store.getConversation(id)!
    const copy = store.getConversation(copyId)!
    expect(copy.panes.map((pane) => pane.id)).not.toEqual(original.panes.map((pane) => pane.id))
    expect(copy.turns[1]!.continuedFromResponseId).toBe(copy.turns[0]!.responses[0]!.id)
    const at = new Date(0)
    expect(conversationToExport(copy, at)).toEqual(conversationToExport(original, at))
    // Imported text is searchable like any other.
    expect(store.listConversations({ search: 'calculator' }).map((summary) => summary.id)).toEqual([copyId, id])
  })

  it('imports into another data directory the same', () => {
    const { store } = open()
    const id = richConversation(store)
    const other = open().store
    const copy = other.getConversation(importConversationJson(other, exportConversationJson(store, id)!))!
    expect(conversationToExport(copy, new Date(0))).toEqual(conversationToExport(store.getConversation(id)!, new Date(0)))
    // The profile itself never travels.
    expect(other.profiles.list().profiles).toEqual([])
  })

  it('refuses a newer format version with a message saying what to do', () => {
    const { store } = open()
    const file = JSON.parse(exportConversationJson(store, richConversation(store))!)
    file.version = EXPORT_VERSION + 1
    file.conversation.somethingNew = true
    expect(() => importConversationJson(store, JSON.stringify(file))).toThrow(
      new ImportError(
        `this file was exported by a newer version of Juxta (format version ${EXPORT_VERSION + 1}); ` +
          `this version reads up to version ${EXPORT_VERSION}. Update Juxta to import it.`
      )
    )
  })

  it('refuses files that are not exports, or do not fit, naming the field; nothing is half-imported', () => {
    const { store } = open()
    const file = JSON.parse(exportConversationJson(store, richConversation(store))!)
    const before = store.listConversations().length
    const attempt = (text: string): string => {
      try {
        importConversationJson(store, text)
      } catch (error) {
        expect(error).toBeInstanceOf(ImportError)
        return (error as Error).message
      }
      throw new Error('imported')
    }
    expect(attempt('not json')).toMatch(/^not a JSON file/)
    expect(attempt('{"hello":1}')).toMatch(/^not a Juxta conversation export/)
    const badStatus = structuredClone(file)
    badStatus.conversation.turns[0].responses[1].status = 'exploded'
    expect(attempt(JSON.stringify(badStatus))).toContain('conversation.turns[0].responses[1].status')
    const badPane = structuredClone(file)
    badPane.conversation.turns[1].responses[0].pane = 5
    expect(attempt(JSON.stringify(badPane))).toContain('conversation.turns[1].responses[0].pane: there is no pane 5')
    const smuggled = structuredClone(file)
    smuggled.conversation.panes[0].headers = { Authorization: 'Bearer x' }
    expect(attempt(JSON.stringify(smuggled))).toContain('conversation.panes[0].headers: unknown field')
    expect(store.listConversations()).toHaveLength(before)
  })

  it('imports an answer saved mid-stream as interrupted', () => {
    const { store } = open()
    const file = JSON.parse(exportConversationJson(store, richConversation(store))!)
    file.conversation.turns[1].responses[0].status = 'streaming'
    const copy = store.getConversation(importConversationJson(store, JSON.stringify(file)))!
    expect(copy.turns[1]!.responses[0]!.status).toBe('interrupted')
  })
})
