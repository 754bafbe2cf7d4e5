import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSION, schemaVersion } from '../../src/main/store/migrations'
import { exited, forkTs, open, tempDir } from '../support/store'

// Two processes (as the app and `juxta` would) create the same new data directory at once,
// then write it together, each streaming two answers per conversation with flushes every
// 2 ms, while this process writes and searches too. Without the busy timeout this fails
// with "database is locked" nearly every run.

const PER_CHILD = 80

describe('several processes writing one data directory', () => {
  it('loses no write and never fails with SQLITE_BUSY', async () => {
    const dataDir = tempDir()
    const children = ['alpha', 'beta'].map((label) => forkTs('./store-writer-child.ts', [dataDir, label, String(PER_CHILD)]))
    const exits = children.map(exited)
    // Both have opened the new directory (racing to create and migrate it); start their writes together.
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))))
    for (const child of children) child.send({ type: 'go' })

    // Meanwhile this process writes and reads in the same directory.
    const { store } = open({ dataDir })
    for (let i = 0; i < 20; i++) {
      store.conversations.create({ title: `parent ${i}`, panes: [{ profileId: 'oa', modelId: 'gpt-4o' }] })
      store.listConversations({ search: 'prompt' })
      await new Promise((resolve) => setTimeout(resolve, 5))
    }

    for (const { code, stderr } of await Promise.all(exits)) {
      expect(stderr).toBe('')
      expect(code).toBe(0)
    }

    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION)
    const all = store.listConversations({ limit: 1000 })
    for (const label of ['alpha', 'beta']) {
      const mine = all.filter((summary) => summary.title.startsWith(`${label} `))
      expect(mine).toHaveLength(PER_CHILD)
      for (const summary of mine) {
        const detail = store.getConversation(summary.id)!
        const index = summary.title.split(' ')[1]
        expect(detail.turns).toHaveLength(1)
        expect(detail.turns[0]!.responses.map((response) => [response.status, response.text])).toEqual(
          [0, 1].map(() => ['done', [0, 1, 2, 3, 4].map((chunk) => `${label}-${index}-${chunk} `).join('')])
        )
      }
      // Every finished answer reached the search index.
      expect(store.listConversations({ search: `${label}-7-4`, limit: 1000 }).map((summary) => summary.title)).toEqual([`${label} 7`])
    }
    expect(all.filter((summary) => summary.title.startsWith('parent '))).toHaveLength(20)
    store.db.exec(`INSERT INTO answer_search (answer_search, rank) VALUES ('integrity-check', 1)`)
  }, 60_000)
})
