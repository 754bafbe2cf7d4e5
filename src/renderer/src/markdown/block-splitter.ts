/**
 * Streaming markdown, cut into top-level blocks as it arrives, so that showing a new chunk costs
 * the size of the chunk and of the last block — never of the whole answer. A block ends at a
 * blank line outside a code fence when the next line begins a new block (not indented, and not
 * the next item of a list); blocks that are finished never change again (the same string), so
 * the view memoises them and re-renders only the growing last one.
 *
 * The cut is conservative: anything that could belong to the block before (an indented line, a
 * list's next item) stays in it. Pure and DOM-free: the store keeps one of these per answer.
 */

interface Fence {
  char: '`' | '~'
  length: number
}

export interface MarkdownBlocks {
  /** Finished blocks, in order; each keeps its trailing blank lines. Never changed once here. */
  readonly blocks: readonly string[]
  /** The last block, still growing (possibly ''). */
  readonly tail: string
  /** Offset in `tail` of the first character not scanned yet (the start of an incomplete line). */
  readonly scanned: number
  /** The code fence open at `scanned`, if any. */
  readonly fence: Fence | null
  /** A blank line was seen since the last line with content: the next block may start. */
  readonly afterBlank: boolean
  /** The current block began with a list item. */
  readonly listBlock: boolean
  /** The current block has a line with content. */
  readonly hasContent: boolean
  /** Characters looked at by the last append: what showing that chunk cost. */
  readonly work: number
}

export const EMPTY_BLOCKS: MarkdownBlocks = Object.freeze({
  blocks: Object.freeze([]) as readonly string[],
  tail: '',
  scanned: 0,
  fence: null,
  afterBlank: false,
  listBlock: false,
  hasContent: false,
  work: 0
})

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/
const LIST_ITEM = /^([*+-]|\d{1,9}[.)])([ \t]|$)/
const BLANK = /^[ \t\r]*$/

function openingFence(line: string): Fence | null {
  const match = FENCE_OPEN.exec(line)
  if (!match) return null
  const marker = match[1]!
  // A backtick fence's info string cannot contain a backtick (that is inline code instead).
  if (marker[0] === '`' && match[2]!.includes('`')) return null
  return { char: marker[0] as Fence['char'], length: marker.length }
}

function closesFence(line: string, fence: Fence): boolean {
  const match = FENCE_CLOSE.exec(line)
  return match !== null && match[1]![0] === fence.char && match[1]!.length >= fence.length
}

/** Appends a chunk of an answer; returns the new state (the old one is left as it was). */
export function appendMarkdown(doc: MarkdownBlocks, chunk: string): MarkdownBlocks {
  if (chunk === '') return doc
  let tail = doc.tail + chunk
  let blocks = doc.blocks
  let { fence, afterBlank, listBlock, hasContent } = doc
  let position = doc.scanned
  let work = 0
  for (let newline = tail.indexOf('\n', position); newline !== -1; newline = tail.indexOf('\n', position)) {
    const lineStart = position
    const line = tail.slice(lineStart, newline)
    position = newline + 1
    work += line.length + 1
    if (fence) {
      if (closesFence(line, fence)) fence = null
      continue
    }
    if (BLANK.test(line)) {
      if (hasContent) afterBlank = true
      continue
    }
    const indented = line[0] === ' ' || line[0] === '\t'
    const isItem = LIST_ITEM.test(line)
    if (afterBlank && !indented && !(listBlock && isItem)) {
      // A new block starts at this line; the one before is finished for good.
      blocks = [...blocks, tail.slice(0, lineStart)]
      tail = tail.slice(lineStart)
      position -= lineStart
      hasContent = false
    }
    afterBlank = false
    if (!hasContent) listBlock = isItem
    hasContent = true
    fence = openingFence(line)
  }
  // The incomplete last line: when its first character already says it starts a block (not
  // indented, and no list marker that could continue a list), the block before ends now rather
  // than at its line end, so a last line without a newline is a block of its own too.
  const first = tail[position]
  if (afterBlank && first !== undefined && first !== ' ' && first !== '\t' && first !== '\n' && first !== '\r' && !(listBlock && /[-*+0-9]/.test(first))) {
    blocks = [...blocks, tail.slice(0, position)]
    tail = tail.slice(position)
    position = 0
    afterBlank = false
    hasContent = false
    listBlock = false
  }
  // The incomplete last line is scanned again with the next chunk; count it once here.
  work += tail.length - position
  return { blocks, tail, scanned: position, fence, afterBlank, listBlock, hasContent, work }
}

/** A whole text at once (a saved answer): the same blocks as streaming it in any pieces. */
export function splitMarkdown(text: string): MarkdownBlocks {
  return appendMarkdown(EMPTY_BLOCKS, text)
}

/** Every block, the growing one last (empty blocks left out). */
export function allBlocks(doc: MarkdownBlocks): string[] {
  return doc.tail === '' ? [...doc.blocks] : [...doc.blocks, doc.tail]
}
