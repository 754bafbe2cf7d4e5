import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { openConnection } from '../../src/main/store/database'
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../src/main/store/migrations'
import { DATABASE_FILE } from '../../src/main/store/open-store'
import { open, tempDir } from '../support/store'

/**
 * The same history written with the SQL of each earlier schema version. A new migration must
 * add the fixture of the version before it, so every upgrade path stays tested.
 */
const FIXTURES: Record<number, (db: DatabaseSync) => void> = {
  0: () => {},
  1: (db) => {
    db.exec(`
      INSERT INTO settings (key, value, updated_at) VALUES ('theme', '"dark"', 1);
      INSERT INTO profiles (id, position, profile, updated_at)
        VALUES ('oa', 0, '{"id":"oa","kind":"openai","baseURL":"https://api.openai.com/v1","models":[]}', 1);
      INSERT INTO conversations (id, title, created_at, updated_at) VALUES (7, 'Capitals', 1000, 2000);
      INSERT INTO panes (id, conversation_id, position, profile_id, model_id, temperature) VALUES (1, 7, 0, 'oa', 'gpt-4o-mini', 0.3);
      INSERT INTO panes (id, conversation_id, position, profile_id, model_id) VALUES (2, 7, 1, 'an', 'claude-haiku-4-5');
      INSERT INTO turns (id, conversation_id, position, prompt, created_at) VALUES (1, 7, 0, 'Какая столица Японии?', 1500);
      INSERT INTO responses (id, turn_id, pane_id, status, text, queued_at, input_tokens, output_tokens, best)
        VALUES (1, 1, 1, 'done', 'Столица Японии — Токио (東京).', 1500, 10, 12, 1);
      INSERT INTO responses (id, turn_id, pane_id, status, text, queued_at, writer_pid)
        VALUES (2, 1, 2, 'streaming', 'Токио, конечно', 1500, 2147483646);
    `)
  },
  // The search index (v2) adds no tables the fixture writes to: the same rows.
  2: (db) => FIXTURES[1]!(db)
}

function databaseAt(version: number): string {
  const dataDir = tempDir()
  const db = openConnection(join(dataDir, DATABASE_FILE))
  migrate(db, version)
  expect(schemaVersion(db)).toBe(version)
  FIXTURES[version]!(db)
  db.close()
  return dataDir
}

describe('schema migrations', () => {
  it("run on a SQLite with FTS5 and its trigram tokenizer (Node's and Electron's builds include them)", () => {
    const db = openConnection(':memory:')
    expect(db.prepare('SELECT sqlite_compileoption_used(?) AS fts5').get('ENABLE_FTS5')).toEqual({ fts5: 1 })
    db.exec(`CREATE VIRTUAL TABLE probe USING fts5 (text, tokenize = 'trigram')`)
    db.close()
  })

  it('are numbered 1, 2, … in order', () => {
    expect(MIGRATIONS.map((step) => step.version)).toEqual(MIGRATIONS.map((_, index) => index + 1))
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2)
  })

  it('have a fixture for every earlier version', () => {
    for (let version = 0; version < SCHEMA_VERSION; version++) expect(FIXTURES[version], `fixture of v${version}`).toBeTypeOf('function')
  })

  for (let version = 0; version < SCHEMA_VERSION; version++) {
    it(`bring a v${version} database to v${SCHEMA_VERSION} with its data intact`, () => {
      const dataDir = databaseAt(version)
      const { store, notices } = open({ dataDir })
      expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION)
      if (version === 0) {
        expect(notices).toEqual([])
        expect(store.listConversations()).toEqual([])
        return
      }
      expect(notices).toEqual(['One answer was cut off when Juxta last stopped; the text received until then is kept.'])
      expect(store.settings.get('theme')).toBe('dark')
      expect(store.profiles.list().profiles.map((profile) => profile.id)).toEqual(['oa'])

      const detail = store.getConversation(7)!
      expect(detail.title).toBe('Capitals')
      expect(detail.panes.map((pane) => [pane.profileId, pane.modelId, pane.parameters, pane.continuesPaneId])).toEqual([
        ['oa', 'gpt-4o-mini', { temperature: 0.3 }, null],
        ['an', 'claude-haiku-4-5', {}, null]
      ])
      const [done, cut] = detail.turns[0]!.responses
      expect(done).toMatchObject({ status: 'done', text: 'Столица Японии — Токио (東京).', best: true })
      expect(done!.usage).toMatchObject({ inputTokens: 10, outputTokens: 12 })
      // The writer (a pid no process has) is gone: interrupted, text kept.
      expect(cut).toMatchObject({ status: 'interrupted', text: 'Токио, конечно' })

      // Rows written before the search index existed are found, and new ones get ids after the old.
      expect(store.listConversations({ search: 'токио' })[0]!.match?.snippet.text).toContain('Токио')
      expect(store.listConversations({ search: 'конечно' }).map((summary) => summary.id)).toEqual([7])
      const fresh = store.conversations.create({ title: 'after', panes: [] })
      expect(fresh.conversation.id).toBeGreaterThan(7)
      store.db.exec(`INSERT INTO answer_search (answer_search, rank) VALUES ('integrity-check', 1)`)
      store.db.exec(`INSERT INTO prompt_search (prompt_search, rank) VALUES ('integrity-check', 1)`)
    })
  }

  it('leave a database of a newer version untouched and keep the app running in memory', () => {
    const dataDir = tempDir()
    const path = join(dataDir, DATABASE_FILE)
    const db = openConnection(path)
    migrate(db)
    db.exec(`INSERT INTO conversations (title, created_at, updated_at) VALUES ('from the future', 1, 1); PRAGMA user_version = 99`)
    db.close()
    const before = readFileSync(path)

    const { store, notices } = open({ dataDir })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/written by a newer version of Juxta .*schema version 99.*left untouched; nothing is saved in this session/)
    expect(store.path).toBeNull()
    expect(store.listConversations()).toEqual([])
    store.conversations.create({ title: 'this session only', panes: [] })
    store.close()
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(existsSync(`${path}.corrupt`)).toBe(false)
  })
})
