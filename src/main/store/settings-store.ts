import type { DatabaseSync } from 'node:sqlite'
import { type SettingKey, type Settings, SETTINGS, defaultSettings, isSettingKey } from '../../shared/settings'
import { allRows } from './database'

/** Schema step of version 1. Frozen: a change is a new migration. */
export const SETTINGS_TABLE_V1 = `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL, -- JSON
    updated_at INTEGER NOT NULL
  ) STRICT;
`

/** Settings as key → JSON value, each parsed by its schema on read; a bad value reads as the default. */
export class SettingsStore {
  readonly #db: DatabaseSync
  readonly #now: () => number

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    const row = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
    return row ? parseSetting(key, row.value) : defaultSettings()[key]
  }

  getAll(): Settings {
    const settings = defaultSettings()
    for (const row of allRows<{ key: string; value: string }>(this.#db.prepare('SELECT key, value FROM settings'))) {
      // Keys this version does not know (written by a newer one) are kept in the table, not read.
      if (isSettingKey(row.key)) Object.assign(settings, { [row.key]: parseSetting(row.key, row.value) })
    }
    return settings
  }

  /** Throws a ZodError when the value does not fit the key's schema: a bad value is never written. */
  set<K extends SettingKey>(key: K, value: Settings[K]): void {
    const parsed = SETTINGS[key].schema.parse(value)
    this.#db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
      )
      .run(key, JSON.stringify(parsed), this.#now())
  }

  /** Back to the default. */
  reset(key: SettingKey): void {
    this.#db.prepare('DELETE FROM settings WHERE key = ?').run(key)
  }
}

function parseSetting<K extends SettingKey>(key: K, text: string): Settings[K] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return defaultSettings()[key]
  }
  const parsed = SETTINGS[key].schema.safeParse(json)
  return parsed.success ? (parsed.data as Settings[K]) : defaultSettings()[key]
}
