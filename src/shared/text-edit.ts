/**
 * One edit of a text: the characters from `from` to `to` of the earlier version replaced by
 * `insert`. The window sends the estimate an edit of the draft main already has instead of the
 * whole draft: a 100k-token prompt is 400 kB to serialise and send on every keystroke.
 */
export interface TextEdit {
  from: number
  to: number
  insert: string
}

/** The smallest single edit turning `before` into `after`: their common start and end are kept. */
export function editBetween(before: string, after: string): TextEdit {
  const start = commonPrefixLength(before, after)
  const end = commonSuffixLength(before, after, Math.min(before.length, after.length) - start)
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) }
}

/** How many characters `a` and `b` share at their start. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length)
  let at = 0
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++
  return at
}

/** How many characters `a` and `b` share at their end, at most `limit` (to keep it clear of a shared start). */
export function commonSuffixLength(a: string, b: string, limit: number): number {
  let at = 0
  while (at < limit && a.charCodeAt(a.length - 1 - at) === b.charCodeAt(b.length - 1 - at)) at++
  return at
}

/** `text` with the edit applied, or null when the edit does not fit it. */
export function applyEdit(text: string, edit: TextEdit): string | null {
  if (edit.from > edit.to || edit.to > text.length) return null
  return text.slice(0, edit.from) + edit.insert + text.slice(edit.to)
}
