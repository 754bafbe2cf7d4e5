import { describe, expect, it } from 'vitest'
import type { Snippet } from '../../src/shared/history'
import type { Store } from '../../src/main/store/store'
import { open, seedConversation } from '../support/store'

/** The highlighted parts of a snippet, as the user sees them marked. */
function marked(snippet: Snippet | undefined): string[] {
  return (snippet?.highlights ?? []).map(({ start, end }) => snippet!.text.slice(start, end))
}

function titles(store: Store, search: string): string[] {
  return store.listConversations({ search }).map((summary) => summary.title)
}

function seeded(): Store {
  const { store } = open()
  seedConversation(store, '東京は日本の首都ですか？', ['はい、東京は日本の首都です。人口は約1400万人です。', 'Yes, Tokyo is the capital of Japan.'], 'japanese')
  seedConversation(store, 'Какая столица России?', ['Столица России — Москва. Это крупнейший город страны.', 'Moscow is the capital.'], 'russian')
  seedConversation(store, 'Party planning 🎉 ideas', ['Balloons 🎈 and cake 🎂, then fireworks 🎆🎆🎆.', 'A playlist.'], 'emoji')
  seedConversation(store, 'Explain quicksort in two sentences.', ['Quicksort picks a pivot and partitions.', 'It sorts by divide and conquer.'], 'english')
  return store
}

describe('history search (FTS5, trigram)', () => {
  it('finds Japanese text inside a run with no spaces, where a word tokenizer cannot', () => {
    const store = seeded()
    expect(titles(store, '日本の首都')).toEqual(['japanese'])
    // Two characters: below a trigram, matched by a scan instead.
    expect(titles(store, '首都')).toEqual(['japanese'])
    expect(titles(store, '人口は約')).toEqual(['japanese'])
    const [hit] = store.listConversations({ search: '人口は約' })
    expect(hit!.match).toMatchObject({ source: 'response' })
    expect(hit!.match!.snippet.text).toContain('人口は約1400万人')
    expect(marked(hit!.match!.snippet)).toEqual(['人口は約'])
  })

  it('finds Russian text whatever its case, and marks the match in the snippet', () => {
    const store = seeded()
    expect(titles(store, 'МОСКВА')).toEqual(['russian'])
    expect(titles(store, 'крупнейший город')).toEqual(['russian'])
    const [hit] = store.listConversations({ search: 'москва' })
    expect(marked(hit!.match!.snippet)).toEqual(['Москва'])
    // Short Cyrillic words fold case too (LIKE would not).
    expect(titles(store, 'ЭТО')).toEqual(['russian'])
    expect(marked(store.listConversations({ search: 'эт' })[0]!.match!.snippet)).toEqual(['Эт'])
  })

  it('finds emoji, alone and in a phrase', () => {
    const store = seeded()
    expect(titles(store, '🎉')).toEqual(['emoji'])
    expect(titles(store, '🎆🎆🎆')).toEqual(['emoji'])
    expect(titles(store, 'cake 🎂')).toEqual(['emoji'])
    const [hit] = store.listConversations({ search: '🎈' })
    expect(marked(hit!.match!.snippet)).toEqual(['🎈'])
  })

  it('requires every term in one prompt or answer, keeps quoted phrases whole, and mixes long and short terms', () => {
    const store = seeded()
    expect(titles(store, 'capital Japan')).toEqual(['japanese'])
    expect(titles(store, 'capital')).toEqual(['russian', 'japanese'])
    expect(titles(store, '"capital of Japan"')).toEqual(['japanese'])
    expect(titles(store, '"Japan capital"')).toEqual([])
    // Every term in the same prompt or answer: "an" is in this answer ("and"), "in" only in the prompt.
    expect(titles(store, 'pivot an')).toEqual(['english'])
    expect(titles(store, 'pivot in')).toEqual([])
    expect(titles(store, 'quicksort nothing-like-this')).toEqual([])
    const [hit] = store.listConversations({ search: 'Москва Эт' })
    expect(marked(hit!.match!.snippet)).toEqual(['Москва', 'Эт'])
  })

  it('treats FTS syntax in a query as text', () => {
    const store = seeded()
    for (const query of ['"', 'AND', 'NEAR(', '*', 'capital OR', 'col:umn', "'; DROP TABLE turns; --"]) {
      expect(() => store.listConversations({ search: query })).not.toThrow()
    }
    expect(titles(store, '   ')).toEqual(['english', 'emoji', 'russian', 'japanese'])
  })

  it('lists newest first with the models, and searches renamed, deleted and streaming answers correctly', () => {
    const { store } = open()
    let clock = 1_000
    const now = (): number => (clock += 1000)
    const first = store.conversations.create({ title: 'first', panes: [{ profileId: 'oa', modelId: 'gpt-4o-mini' }], createdAt: now() })
    store.conversations.addTurn(first.conversation.id, { prompt: 'zebra facts' }, now())
    const second = store.conversations.create({
      title: 'second',
      panes: [
        { profileId: 'an', modelId: 'claude-haiku-4-5' },
        { profileId: 'ollama', modelId: 'llama3.1:8b' }
      ],
      createdAt: now()
    })
    const turn = store.conversations.addTurn(second.conversation.id, { prompt: 'zebra stripes' }, now())
    expect(store.listConversations().map((summary) => [summary.title, summary.models, summary.turnCount])).toEqual([
      ['second', ['an:claude-haiku-4-5', 'ollama:llama3.1:8b'], 1],
      ['first', ['oa:gpt-4o-mini'], 1]
    ])
    expect(titles(store, 'zebra')).toEqual(['second', 'first'])

    // A streaming answer is searchable once it ends, not before.
    const writer = store.startResponse(turn.id, second.panes[0]!.id, { timer: () => () => {} })
    writer.appendText('okapis are related to giraffes')
    writer.flush()
    expect(titles(store, 'giraffes')).toEqual([])
    writer.finish({ finishReason: 'stop' })
    expect(titles(store, 'giraffes')).toEqual(['second'])

    store.conversations.rename(second.conversation.id, 'renamed')
    expect(titles(store, 'giraffes')).toEqual(['renamed'])
    store.conversations.delete(second.conversation.id)
    expect(titles(store, 'giraffes')).toEqual([])
    expect(titles(store, 'zebra')).toEqual(['first'])
    store.db.exec(`INSERT INTO answer_search (answer_search, rank) VALUES ('integrity-check', 1)`)
    store.db.exec(`INSERT INTO prompt_search (prompt_search, rank) VALUES ('integrity-check', 1)`)
  })
})
