import type { DatabaseSync } from 'node:sqlite'
import { type ProviderProfile, providerProfileSchema } from '../../shared/profiles'
import { describeIssues } from '../config/schema-errors'
import { allRows, inTransaction } from './database'

/** Schema step of version 1. Frozen: a change is a new migration. */
export const PROFILES_TABLE_V1 = `
  CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    profile TEXT NOT NULL, -- JSON, a ProviderProfile
    updated_at INTEGER NOT NULL
  ) STRICT;
`

export interface StoredProfiles {
  profiles: ProviderProfile[]
  /** Stored profiles that no longer parse, left out (and left in the table) with what is wrong. */
  problems: string[]
}

/**
 * The user's provider profiles, in the user's order. Keys are never stored here (they live in
 * the keychain); headers are, as the user typed them.
 */
export class ProfileStore {
  readonly #db: DatabaseSync
  readonly #now: () => number

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
  }

  list(): StoredProfiles {
    const rows = allRows<{ id: string; profile: string }>(this.#db.prepare('SELECT id, profile FROM profiles ORDER BY position, id'))
    const result: StoredProfiles = { profiles: [], problems: [] }
    for (const row of rows) {
      const parsed = parseProfile(row.profile)
      if (typeof parsed === 'string') result.problems.push(`profile "${row.id}": ${parsed}`)
      else result.profiles.push(parsed)
    }
    return result
  }

  get(id: string): ProviderProfile | null {
    const row = this.#db.prepare('SELECT profile FROM profiles WHERE id = ?').get(id) as { profile: string } | undefined
    if (!row) return null
    const parsed = parseProfile(row.profile)
    return typeof parsed === 'string' ? null : parsed
  }

  /** Adds or replaces one profile (a new one goes last). Throws a ZodError for an invalid profile. */
  save(profile: ProviderProfile): ProviderProfile {
    const valid = providerProfileSchema.parse(profile)
    this.#db
      .prepare(
        `INSERT INTO profiles (id, position, profile, updated_at)
         VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM profiles), ?, ?)
         ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at`
      )
      .run(valid.id, JSON.stringify(valid), this.#now())
    return valid
  }

  /** Replaces every profile with these, in this order (e.g. from a profiles file), all or nothing. */
  replaceAll(profiles: ProviderProfile[]): void {
    const valid = profiles.map((profile) => providerProfileSchema.parse(profile))
    inTransaction(this.#db, () => {
      this.#db.exec('DELETE FROM profiles')
      const insert = this.#db.prepare('INSERT INTO profiles (id, position, profile, updated_at) VALUES (?, ?, ?, ?)')
      valid.forEach((profile, position) => insert.run(profile.id, position, JSON.stringify(profile), this.#now()))
    })
  }

  remove(id: string): boolean {
    return this.#db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0
  }
}

function parseProfile(text: string): ProviderProfile | string {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return 'not valid JSON'
  }
  const parsed = providerProfileSchema.safeParse(json)
  return parsed.success ? parsed.data : describeIssues(parsed.error).join('; ')
}
