import { diffWords } from 'diff'

export interface DiffSegment {
  kind: 'same' | 'added' | 'removed'
  text: string
}

export interface WordDiff {
  segments: DiffSegment[]
  /** Words (runs of non-space) added and removed. */
  added: number
  removed: number
}

const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length

/** Long, very different answers could take seconds to diff: past this the diff gives up (null). */
const DIFF_TIMEOUT_MS = 1500

/** A word-level diff from `before` to `after` (jsdiff's diffWords); null when it took too long. */
export function wordDiff(before: string, after: string): WordDiff | null {
  const changes = diffWords(before, after, { timeout: DIFF_TIMEOUT_MS })
  if (!changes) return null
  const segments: DiffSegment[] = []
  let added = 0
  let removed = 0
  for (const change of changes) {
    const kind: DiffSegment['kind'] = change.added ? 'added' : change.removed ? 'removed' : 'same'
    if (kind === 'added') added += countWords(change.value)
    if (kind === 'removed') removed += countWords(change.value)
    const last = segments.at(-1)
    if (last && last.kind === kind) last.text += change.value
    else segments.push({ kind, text: change.value })
  }
  return { segments, added, removed }
}
