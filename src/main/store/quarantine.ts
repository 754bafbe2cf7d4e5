import { existsSync, renameSync, statSync } from 'node:fs'

/** SQLite's companion files, which belong to the database they sit beside. */
const COMPANIONS = ['', '-wal', '-shm', '-journal']

/**
 * Moves an unreadable database and its companion files aside as
 * `<name>.corrupt-YYYYMMDD-HHMMSS` (+ `-wal`, `-shm`), never deleting anything, and returns
 * the new path of the database file. `expectedInode` guards against a race: when another
 * process has already moved the bad file and started a fresh one, that one is left alone.
 */
export function moveAside(path: string, at: Date, expectedInode: number | null): string | null {
  if (expectedInode !== null && inode(path) !== expectedInode) return null
  const base = `${path}.corrupt-${timestamp(at)}`
  let target = base
  for (let n = 2; COMPANIONS.some((suffix) => existsSync(target + suffix)); n++) target = `${base}-${n}`
  for (const suffix of COMPANIONS) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix)
  }
  return target
}

export function inode(path: string): number | null {
  try {
    return statSync(path).ino
  } catch {
    return null
  }
}

/** Local time, as a person reading the folder would expect. */
function timestamp(at: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0')
  return (
    `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-` +
    `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`
  )
}
