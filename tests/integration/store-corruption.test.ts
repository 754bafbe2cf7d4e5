import { existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../src/main/store/open-store'
import { open, seedConversation, tempDir } from '../support/store'

// A damaged data file never stops Juxta: it is kept aside, a fresh one is started, and the
// user is told. Each case starts from a real database with history in it.

function damagedDirectory(damage: (path: string) => void): { dataDir: string; path: string; damaged: Buffer } {
  const { store, dataDir } = open()
  for (let i = 0; i < 40; i++) seedConversation(store, `prompt ${i} ${'lorem ipsum '.repeat(40)}`, [`answer ${i}`, `ответ ${i}`])
  store.close()
  const path = join(dataDir, DATABASE_FILE)
  damage(path)
  return { dataDir, path, damaged: readFileSync(path) }
}

function expectMovedAside(dataDir: string, damaged: Buffer, notices: string[]): string {
  const aside = readdirSync(dataDir).filter((name) => /^juxta\.db\.corrupt-\d{8}-\d{6}$/.test(name))
  expect(aside).toHaveLength(1)
  // Kept byte for byte, never deleted.
  expect(readFileSync(join(dataDir, aside[0]!)).equals(damaged)).toBe(true)
  expect(notices).toHaveLength(1)
  expect(notices[0]).toContain("Juxta's data file could not be read")
  expect(notices[0]).toContain(`It was kept as ${join(dataDir, aside[0]!)}`)
  expect(notices[0]).toContain('a new, empty one was started')
  return aside[0]!
}

function expectFreshAndWorking(dataDir: string): void {
  const { store, notices } = open({ dataDir })
  expect(notices).toEqual([])
  expect(store.listConversations()).toEqual([])
  const id = seedConversation(store, 'after the repair', ['one', 'two'])
  expect(store.listConversations({ search: 'repair' }).map((summary) => summary.id)).toEqual([id])
}

describe('a damaged data file', () => {
  it('truncated to half: moved aside, fresh database, notice', () => {
    const { dataDir, path, damaged } = damagedDirectory((file) => truncateSync(file, Math.floor(statSync(file).size / 2)))
    const { store, notices } = open({ dataDir })
    expectMovedAside(dataDir, damaged, notices)
    expect(store.path).toBe(path)
    expect(store.listConversations()).toEqual([])
    store.close()
    expectFreshAndWorking(dataDir)
  })

  it('truncated while its WAL holds the latest commits: database and WAL are kept exactly as they were', () => {
    const { store, dataDir } = open()
    for (let i = 0; i < 40; i++) seedConversation(store, `prompt ${i} ${'lorem ipsum '.repeat(40)}`, [`answer ${i}`, `ответ ${i}`])
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    for (let i = 0; i < 10; i++) seedConversation(store, `only in the WAL ${i}`, ['a', 'b'])
    // A copy taken while the app runs, as a crash or a backup tool would leave it.
    const copy = tempDir()
    const path = join(copy, DATABASE_FILE)
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(path + suffix, readFileSync(join(dataDir, DATABASE_FILE) + suffix))
    truncateSync(path, Math.floor(statSync(path).size / 2))
    const damaged = readFileSync(path)
    const wal = readFileSync(`${path}-wal`)
    expect(wal.length).toBeGreaterThan(0)

    const { notices } = open({ dataDir: copy })
    const aside = expectMovedAside(copy, damaged, notices)
    // A read-write connection would have checkpointed the WAL into the damaged file and deleted it.
    expect(readFileSync(join(copy, `${aside}-wal`)).equals(wal)).toBe(true)
  })

  it('overwritten with garbage, with its -wal and -shm: all three moved aside together', () => {
    const { dataDir, damaged } = damagedDirectory((file) => {
      writeFileSync(file, Buffer.from('This is not a database. '.repeat(500)))
      writeFileSync(`${file}-wal`, 'stale wal')
      writeFileSync(`${file}-shm`, 'stale shm')
    })
    const { store, notices } = open({ dataDir })
    const aside = expectMovedAside(dataDir, damaged, notices)
    expect(notices[0]).toContain('file is not a database')
    expect(readFileSync(join(dataDir, `${aside}-wal`), 'utf8')).toBe('stale wal')
    // The -shm is only an index of the WAL, rebuilt whenever the WAL is read; it goes along.
    expect(existsSync(join(dataDir, `${aside}-shm`))).toBe(true)
    store.conversations.create({ title: 'new', panes: [] })
    expect(store.listConversations().map((summary) => summary.title)).toEqual(['new'])
  })

  it('with a valid header but damaged pages (caught by quick_check): moved aside', () => {
    const { dataDir, damaged } = damagedDirectory((file) => {
      const bytes = readFileSync(file)
      const pageSize = bytes.readUInt16BE(16)
      // Pages 3 to 6 hold tables and indexes; scribbling over them breaks b-tree structure.
      bytes.fill(0x5a, 2 * pageSize, 6 * pageSize)
      writeFileSync(file, bytes)
    })
    const { notices } = open({ dataDir })
    expectMovedAside(dataDir, damaged, notices)
  })

  it('that cannot be replaced (the data directory is a file): the app runs in memory and says so', () => {
    const parent = tempDir()
    const dataDir = join(parent, 'not-a-directory')
    writeFileSync(dataDir, 'a file where the data directory should be')
    const { store, notices } = open({ dataDir })
    expect(store.path).toBeNull()
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/could not open its data file .*nothing is saved in this session/)
    seedConversation(store, 'kept in memory', ['a', 'b'])
    expect(store.listConversations()).toHaveLength(1)
    expect(existsSync(join(parent, 'not-a-directory'))).toBe(true)
  })

  it('two damaged files in the same second get distinct names', () => {
    const { dataDir } = damagedDirectory((file) => writeFileSync(file, 'garbage one'.repeat(100)))
    const now = () => new Date(2026, 0, 2, 3, 4, 5).getTime()
    open({ dataDir, now }).store.close()
    writeFileSync(join(dataDir, DATABASE_FILE), 'garbage two'.repeat(100))
    open({ dataDir, now }).store.close()
    expect(readdirSync(dataDir).filter((name) => name.includes('corrupt')).sort()).toEqual([
      'juxta.db.corrupt-20260102-030405',
      'juxta.db.corrupt-20260102-030405-2'
    ])
  })
})
