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
  const limit = Math.min(before.length, after.length)
  let start = 0
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++
  let end = 0
  while (end < limit - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) }
}

/** `text` with the edit applied, or null when the edit does not fit it. */
export function applyEdit(text: string, edit: TextEdit): string | null {
  if (edit.from > edit.to || edit.to > text.length) return null
  return text.slice(0, edit.from) + edit.insert + text.slice(edit.to)
}
