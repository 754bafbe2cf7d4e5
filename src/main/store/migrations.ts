import type { DatabaseSync } from 'node:sqlite'
import { CONVERSATION_TABLES_V1, PANE_LINEAGE_V3 } from './conversation-store'
import { inTransaction } from './database'
import { PROFILES_TABLE_V1 } from './profile-store'
import { RESPONSES_TABLE_V1 } from './response-store'
import { SEARCH_INDEX_V2 } from './search-index'
import { SETTINGS_TABLE_V1 } from './settings-store'

/**
 * The schema's history, oldest first: migration N takes a database from version N - 1 to N
 * (PRAGMA user_version). A released step never changes; a change to the schema is a new step
 * at the end. Each step runs in its own transaction with the version bump, so a crash between
 * steps leaves a database at a valid earlier version.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; description: string; sql: string }> = [
  {
    version: 1,
    description: 'settings, profiles, conversations, panes, turns, responses',
    sql: SETTINGS_TABLE_V1 + PROFILES_TABLE_V1 + CONVERSATION_TABLES_V1 + RESPONSES_TABLE_V1
  },
  { version: 2, description: 'full-text search of prompts and answers', sql: SEARCH_INDEX_V2 },
  { version: 3, description: 'a pane names the pane it continues', sql: PANE_LINEAGE_V3 }
]

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version

/** The database was written by a newer Juxta: this one does not know its schema and leaves it alone. */
export class NewerSchemaError extends Error {
  readonly version: number

  constructor(version: number) {
    super(`the database has schema version ${version}; this version of Juxta knows up to ${SCHEMA_VERSION}`)
    this.name = 'NewerSchemaError'
    this.version = version
  }
}

export function schemaVersion(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
}

/**
 * Brings the database to `target` (the latest by default). Safe when two processes open the
 * same new file at once: each step takes the write lock and re-reads the version, so the
 * second process finds the work done.
 */
export function migrate(db: DatabaseSync, target = SCHEMA_VERSION): void {
  // Up to date (every open but the first): no write lock taken, so opening never waits for a busy writer.
  const found = schemaVersion(db)
  if (found > SCHEMA_VERSION) throw new NewerSchemaError(found)
  if (found >= target) return
  for (const step of MIGRATIONS) {
    if (step.version > target) break
    inTransaction(db, () => {
      const current = schemaVersion(db)
      if (current > SCHEMA_VERSION) throw new NewerSchemaError(current)
      if (current >= step.version) return
      db.exec(step.sql)
      db.exec(`PRAGMA user_version = ${step.version}`)
    })
  }
}
