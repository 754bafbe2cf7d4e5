import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { BUSY_TIMEOUT_MS, openConnection } from './database'
import { NewerSchemaError, migrate } from './migrations'
import { inode, moveAside } from './quarantine'
import { Store, type StoreOptions } from './store'

export const DATABASE_FILE = 'juxta.db'

export interface OpenStoreOptions extends StoreOptions {
  /** The data directory (resolveDataDir()); created when missing. */
  dataDir: string
  /** Whether the process that left an answer 'streaming' still runs. */
  isProcessAlive?: (pid: number) => boolean
}

export interface OpenedStore {
  store: Store
  /** Sentences for the user about what went wrong and what was done; empty when all is well. */
  notices: string[]
}

/**
 * Opens (creating or migrating) the database in the data directory. Never throws for bad
 * data: a file that is not a database, is truncated or fails its integrity check is moved
 * aside and a fresh one started; a file this version cannot use is left untouched and the
 * store runs in memory. Either way `notices` says so. Answers left streaming by a process
 * that died are marked interrupted.
 */
export function openStore(options: OpenStoreOptions): OpenedStore {
  const now = options.now ?? Date.now
  const path = join(options.dataDir, DATABASE_FILE)
  const notices: string[] = []
  let db: DatabaseSync
  let where: string | null = path
  try {
    mkdirSync(options.dataDir, { recursive: true })
    db = openChecked(path)
  } catch (error) {
    if (isCorruption(error)) {
      const fresh = replaceCorrupt(path, error, new Date(now()), notices)
      db = fresh ?? openInMemory()
      if (!fresh) where = null
    } else {
      notices.push(cannotUse(path, error))
      db = openInMemory()
      where = null
    }
  }
  const store = new Store(db, where, options)
  const interrupted = store.responses.markInterrupted(options.isProcessAlive ?? isProcessAlive)
  if (interrupted > 0) {
    notices.push(`${interrupted === 1 ? 'One answer was' : `${interrupted} answers were`} cut off when Juxta last stopped; the text received until then is kept.`)
  }
  return { store, notices }
}

/** Checks, opens and migrates; throws when the file is unusable. */
function openChecked(path: string): DatabaseSync {
  if (existsSync(path)) checkIntegrity(path)
  const db = openConnection(path)
  try {
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Throws when the file is not a healthy database. Read-only on purpose: a read-write
 * connection, on closing, checkpoints the WAL into the damaged file and deletes the WAL,
 * changing the very files that are to be kept aside as they were.
 */
function checkIntegrity(path: string): void {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
    const problems = (db.prepare('PRAGMA quick_check').all() as Array<{ quick_check: string }>).map((row) => row.quick_check)
    if (problems.length !== 1 || problems[0] !== 'ok') throw new IntegrityError(problems)
  } finally {
    db.close()
  }
}

function replaceCorrupt(path: string, error: unknown, at: Date, notices: string[]): DatabaseSync | null {
  try {
    const moved = moveAside(path, at, inode(path))
    const db = openChecked(path)
    notices.push(
      `Juxta's data file could not be read (${reason(error)}). ` +
        (moved ? `It was kept as ${moved}, and ` : '') +
        'a new, empty one was started: earlier history, settings and profiles are not in it.'
    )
    return db
  } catch (second) {
    notices.push(cannotUse(path, second))
    return null
  }
}

function cannotUse(path: string, error: unknown): string {
  if (error instanceof NewerSchemaError) {
    return (
      `Juxta's data file ${path} was written by a newer version of Juxta (${error.message}). ` +
      'It was left untouched; nothing is saved in this session. Update Juxta to use it.'
    )
  }
  return `Juxta could not open its data file ${path} (${reason(error)}); nothing is saved in this session.`
}

function openInMemory(): DatabaseSync {
  const db = openConnection(':memory:')
  migrate(db)
  return db
}

class IntegrityError extends Error {
  constructor(problems: string[]) {
    super(`integrity check failed: ${problems.slice(0, 3).join('; ')}`)
    this.name = 'IntegrityError'
  }
}

// SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), with any extended code in the high bits.
function isCorruption(error: unknown): boolean {
  if (error instanceof IntegrityError) return true
  const code = (error as { errcode?: unknown }).errcode
  return typeof code === 'number' && [11, 26].includes(code & 0xff)
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Signal 0 tests that a process exists; EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number): boolean {
  // Nothing of this store streams yet, so a 'streaming' answer under our own pid is from a dead process that had it.
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
