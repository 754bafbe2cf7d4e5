/** A command that matched the filter: how well, and which characters of its title matched. */
export interface FuzzyMatch {
  score: number
  /** Indexes into the title, ascending, for highlighting. */
  indexes: number[]
}

/**
 * Matches when every character of the query appears in the title in order (case-insensitive).
 * A substring scores highest, then runs of consecutive characters and characters at the start
 * of a word; a gap costs a little. Null when it does not match.
 */
export function fuzzyMatch(query: string, title: string): FuzzyMatch | null {
  const needle = query.trim().toLowerCase()
  if (!needle) return { score: 0, indexes: [] }
  const haystack = title.toLowerCase()

  const at = haystack.indexOf(needle)
  if (at >= 0) {
    const wordStart = at === 0 || /[\s\-_:/.]/.test(haystack[at - 1]!)
    return { score: 1000 - at + (wordStart ? 100 : 0), indexes: Array.from({ length: needle.length }, (_, n) => at + n) }
  }

  const indexes: number[] = []
  let score = 0
  let from = 0
  for (const char of needle) {
    if (char === ' ') continue
    const found = haystack.indexOf(char, from)
    if (found < 0) return null
    const previous = indexes.at(-1)
    if (previous !== undefined && found === previous + 1) score += 5
    else if (previous !== undefined) score -= Math.min(found - previous, 10)
    if (found === 0 || /[\s\-_:/.]/.test(haystack[found - 1]!)) score += 8
    indexes.push(found)
    from = found + 1
  }
  return { score, indexes }
}
