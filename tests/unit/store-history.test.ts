import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../src/shared/settings'
import { open, seedConversation, usage } from '../support/store'

describe('conversations', () => {
  it('take their title from the first prompt when none is given, and can be renamed without moving up the list', () => {
    const { store } = open()
    const { conversation } = store.conversations.create({ panes: [{ profileId: 'oa', modelId: 'gpt-4o' }], createdAt: 1000 })
    store.conversations.addTurn(conversation.id, { prompt: `  Explain\nmonads ${'in detail '.repeat(20)}` }, 2000)
    store.conversations.addTurn(conversation.id, { prompt: 'and functors?' }, 3000)
    const title = store.conversations.get(conversation.id)!.title
    expect(title.startsWith('Explain monads in detail')).toBe(true)
    expect([...title]).toHaveLength(80)
    expect(title.endsWith('…')).toBe(true)

    const older = store.conversations.create({ title: 'older', panes: [], createdAt: 500 }).conversation
    expect(store.listConversations().map((summary) => summary.id)).toEqual([conversation.id, older.id])
    expect(store.conversations.rename(older.id, '  Renamed\nconversation ')).toBe(true)
    expect(store.conversations.get(older.id)!.title).toBe('Renamed conversation')
    expect(store.listConversations().map((summary) => summary.id)).toEqual([conversation.id, older.id])
    expect(store.listConversations()[0]!.updatedAt).toBe(3000)
    expect(store.conversations.rename(9999, 'nobody')).toBe(false)
  })

  it('delete with their panes, turns and answers, and leave others alone', () => {
    const { store } = open()
    const doomed = seedConversation(store, 'doomed prompt', ['doomed answer one', 'doomed answer two'])
    // A turn continued from one of its own answers: the reference goes with it.
    const continued = store.getConversation(doomed)!.turns[0]!.responses[0]!
    store.conversations.addTurn(doomed, { prompt: 'go on', history: [{ role: 'assistant', content: continued.text }], continuedFromResponseId: continued.id })
    const kept = seedConversation(store, 'kept prompt', ['kept one', 'kept two'])
    expect(store.conversations.delete(doomed)).toBe(true)
    expect(store.conversations.delete(doomed)).toBe(false)
    expect(store.getConversation(doomed)).toBeNull()
    const count = (table: string): number => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    expect([count('conversations'), count('panes'), count('turns'), count('responses')]).toEqual([1, 2, 1, 2])
    expect(store.getConversation(kept)!.turns[0]!.responses.map((response) => response.text)).toEqual(['kept one', 'kept two'])
  })

  it('keep one best answer per turn', () => {
    const { store } = open()
    const id = seedConversation(store, 'which is better?', ['left', 'right'])
    const [left, right] = store.getConversation(id)!.turns[0]!.responses
    expect(store.responses.setBest(left!.id, true)).toBe(true)
    expect(store.responses.setBest(right!.id, true)).toBe(true)
    expect(store.getConversation(id)!.turns[0]!.responses.map((response) => response.best)).toEqual([false, true])
    store.responses.setBest(right!.id, false)
    expect(store.getConversation(id)!.turns[0]!.responses.map((response) => response.best)).toEqual([false, false])
    expect(store.responses.setBest(12345, true)).toBe(false)
  })

  it('read back panes, turns with shared history, and answers as typed records', () => {
    const { store } = open()
    const id = seedConversation(store, 'first', ['a', 'b'])
    const detail = store.getConversation(id)!
    expect(detail.panes).toEqual([
      { id: detail.panes[0]!.id, conversationId: id, position: 0, profileId: 'oa', modelId: 'gpt-4o-mini', parameters: { temperature: 0.2, maxTokens: 500 }, systemPrompt: null, continuesPaneId: null },
      { id: detail.panes[1]!.id, conversationId: id, position: 1, profileId: 'an', modelId: 'claude-haiku-4-5', parameters: {}, systemPrompt: 'Be brief.', continuesPaneId: null }
    ])
    const continued = detail.turns[0]!.responses[1]!
    const turn = store.conversations.addTurn(id, {
      prompt: 'go on',
      history: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'b' }
      ],
      continuedFromResponseId: continued.id
    })
    expect(store.getConversation(id)!.turns[1]).toEqual({ ...turn, responses: [] })
    expect(turn.history).toHaveLength(2)
    expect(turn.continuedFromResponseId).toBe(continued.id)
    expect(detail.turns[0]!.responses[0]!.usage).toEqual(usage(12, 34))
  })
})

describe('settings', () => {
  it('read as defaults until set, and validate what is written', () => {
    const { store } = open()
    expect(store.settings.getAll()).toEqual(defaultSettings())
    store.settings.set('theme', 'dark')
    store.settings.set('defaultPanes', ['oa:gpt-4o-mini', 'ollama:llama3.1:8b'])
    expect(store.settings.get('theme')).toBe('dark')
    expect(store.settings.getAll().defaultPanes).toEqual(['oa:gpt-4o-mini', 'ollama:llama3.1:8b'])
    expect(() => store.settings.set('theme', 'neon' as 'dark')).toThrow()
    expect(() => store.settings.set('defaultPanes', ['no-colon'])).toThrow()
    expect(store.settings.get('theme')).toBe('dark')
    store.settings.reset('theme')
    expect(store.settings.get('theme')).toBe('system')
  })

  it('fall back to the default for bad JSON or a value of the wrong shape, and ignore unknown keys', () => {
    const { store } = open()
    const put = store.db.prepare('INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, 0)')
    put.run('theme', '{not json')
    put.run('defaultPanes', '"oa:gpt-4o"')
    put.run('showReasoning', 'false')
    put.run('confirmAboveUsd', '-3')
    put.run('fromTheFuture', '{"x":1}')
    expect(store.settings.getAll()).toEqual({ ...defaultSettings(), showReasoning: false })
    expect(store.settings.get('theme')).toBe('system')
    expect(store.settings.get('confirmAboveUsd')).toBe(1)
    // Defaults are fresh copies: changing one read does not change the next.
    store.settings.get('defaultPanes').push('x:y')
    expect(store.settings.get('defaultPanes')).toEqual([])
  })
})

describe('profiles', () => {
  it('are saved validated, in order, and read back; a damaged row is reported, not fatal', () => {
    const { store } = open()
    store.profiles.save({ id: 'oa', kind: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', models: [] })
    store.profiles.save({ id: 'ollama', kind: 'openai', baseURL: 'http://127.0.0.1:11434/v1', local: true, models: [{ id: 'llama3.1:8b' }] })
    store.profiles.save({ id: 'oa', kind: 'openai', name: 'OpenAI', baseURL: 'https://api.openai.com/v1', models: [] })
    expect(store.profiles.list()).toEqual({
      profiles: [
        { id: 'oa', kind: 'openai', name: 'OpenAI', baseURL: 'https://api.openai.com/v1', models: [] },
        { id: 'ollama', kind: 'openai', baseURL: 'http://127.0.0.1:11434/v1', local: true, models: [{ id: 'llama3.1:8b' }] }
      ],
      problems: []
    })
    expect(() => store.profiles.save({ id: 'bad:id', kind: 'openai', models: [] })).toThrow()

    store.db.prepare(`UPDATE profiles SET profile = '{"id":"ollama","kind":"gopher"}' WHERE id = 'ollama'`).run()
    const { profiles, problems } = store.profiles.list()
    expect(profiles.map((profile) => profile.id)).toEqual(['oa'])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^profile "ollama": kind: /)
    expect(store.profiles.get('ollama')).toBeNull()

    store.profiles.replaceAll([{ id: 'an', kind: 'anthropic', models: [] }])
    expect(store.profiles.list().profiles.map((profile) => profile.id)).toEqual(['an'])
    expect(() => store.profiles.replaceAll([{ id: 'x', kind: 'openai', models: [] }, { id: 'x', kind: 'openai', models: [] }])).toThrow()
    expect(store.profiles.list().profiles.map((profile) => profile.id)).toEqual(['an'])
    expect(store.profiles.remove('an')).toBe(true)
  })
})
