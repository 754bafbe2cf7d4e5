import type { Snippet } from '../../shared/history'

const ELLIPSIS = '…'
const BEFORE = 24
const AFTER = 40

/** Turns text with highlight markers (as FTS5's snippet() writes it) into text and ranges. */
export function parseMarkedSnippet(marked: string, start: string, end: string): Snippet {
  let text = ''
  const highlights: Snippet['highlights'] = []
  let open: number | null = null
  for (const char of marked) {
    if (char === start) open = text.length
    else if (char === end && open !== null) {
      // Adjacent highlights (one per trigram) read as one.
      const last = highlights.at(-1)
      if (last && last.end === open) last.end = text.length
      else if (text.length > open) highlights.push({ start: open, end: text.length })
      open = null
    } else text += char
  }
  return { text, highlights }
}

/** A short window of text around the first occurrence of any term, with every occurrence in it highlighted. */
export function snippetAround(text: string, terms: string[]): Snippet {
  const first = Math.min(...terms.map((term) => text.search(new RegExp(escapeRegExp(term), 'iu'))).filter((index) => index >= 0))
  if (!Number.isFinite(first)) return { text: text.slice(0, BEFORE + AFTER), highlights: [] }

  const from = clampToCharacter(text, Math.max(0, first - BEFORE))
  const to = clampToCharacter(text, Math.min(text.length, first + AFTER))
  const prefix = from > 0 ? ELLIPSIS : ''
  const snippet = { text: prefix + text.slice(from, to) + (to < text.length ? ELLIPSIS : ''), highlights: [] }
  return highlightTerms(snippet, terms)
}

/** Adds a highlight for every occurrence of the terms in the snippet's text. */
export function highlightTerms(snippet: Snippet, terms: string[]): Snippet {
  const ranges = [...snippet.highlights]
  for (const term of terms) {
    for (const match of snippet.text.matchAll(new RegExp(escapeRegExp(term), 'giu'))) {
      ranges.push({ start: match.index, end: match.index + match[0].length })
    }
  }
  ranges.sort((a, b) => a.start - b.start)
  return { text: snippet.text, highlights: mergeRanges(ranges) }
}

function mergeRanges(ranges: Snippet['highlights']): Snippet['highlights'] {
  const merged: Snippet['highlights'] = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}

// Never cut between the two halves of a surrogate pair (an emoji, a rare CJK character).
function clampToCharacter(text: string, index: number): number {
  const code = text.charCodeAt(index)
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
