import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite'

/**
 * How long a statement waits for another connection's write lock before failing with
 * SQLITE_BUSY. The app and `juxta` may write the same file at once; writes are short, so
 * waiting a few seconds is always enough.
 */
export const BUSY_TIMEOUT_MS = 10_000

/** Opens a connection with the settings every Juxta connection needs. Throws when the file is not usable. */
export function openConnection(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: true })
  try {
    // First, so that even switching to WAL waits for a concurrent opener instead of failing.
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
    // WAL lets readers and one writer work at once. It is persistent, so another process
    // that opened the file first may already have set it; asking again is harmless.
    db.exec('PRAGMA journal_mode = WAL')
    // In WAL mode NORMAL loses nothing when a process dies (only on power loss, the last
    // commits), and commits no longer wait for fsync: streaming flushes stay cheap.
    db.exec('PRAGMA synchronous = NORMAL')
    db.exec('PRAGMA foreign_keys = ON')
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Runs `work` in a write transaction. BEGIN IMMEDIATE takes the write lock up front (waiting
 * for busy_timeout): a deferred transaction that reads first and writes later fails at once
 * with SQLITE_BUSY when another connection wrote in between, whatever the timeout.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  // Inside another transaction, the work is simply part of it.
  if (db.isTransaction) return work()
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}

// STRICT tables guarantee each column's type, so a row can be read as its declared shape.
export function getRow<T>(statement: StatementSync, ...params: SQLInputValue[]): T | undefined {
  return statement.get(...params) as T | undefined
}

export function allRows<T>(statement: StatementSync, ...params: SQLInputValue[]): T[] {
  return statement.all(...params) as T[]
}
