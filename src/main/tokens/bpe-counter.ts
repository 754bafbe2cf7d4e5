import type { Tiktoken } from 'js-tiktoken/lite'
import { commonPrefixLength, commonSuffixLength } from '../../shared/text-edit.ts'
import { BoundedCache } from './bounded-cache.ts'

/**
 * Enough for the distinct pieces of several long prompts (a 100k-token prompt has a few
 * thousand to a few tens of thousands), at a few megabytes.
 */
export const DEFAULT_PIECE_CACHE_SIZE = 300_000
/** Lines of recent prompts. */
export const DEFAULT_CHUNK_CACHE_SIZE = 50_000

/**
 * js-tiktoken's byte-pair merge takes time quadratic in a piece's length: a run of letters or
 * spaces tens of thousands of characters long (a DNA sequence, a pasted hash, padding) would
 * take minutes. Longer pieces are counted in slices of this length instead: linear, about
 * 20 ms per thousand characters, and approximate, since a token may straddle a cut. Natural
 * text never has pieces this long.
 */
export const MAX_EXACT_PIECE_CHARS = 500

/** Anything that counts the tokens of a text. */
export interface TextCounter {
  count(text: string): number
}

export interface Measurement {
  tokens: number
  /** False when a piece longer than MAX_EXACT_PIECE_CHARS was counted in slices. */
  exact: boolean
}

/**
 * A line break followed by a character that is neither whitespace nor "/". No piece of the
 * o200k or cl100k pre-tokenizer can span such a break: a newline joins a piece only as part of
 * a whitespace run, or after punctuation together with further "\r", "\n" or (o200k) "/".
 * So the text on either side splits into the same pieces alone as it does whole.
 */
const CHUNK_BOUNDARY = /\n(?=[^\s/])/g

/**
 * Counts tokens the way tiktoken encodes: the encoding's pre-tokenizer regex cuts the text into
 * pieces and byte-pair merging runs within each piece alone, so a text's count is the sum of
 * its pieces' counts. Two caches make recounting an edited prompt cheap:
 * - per line (chunk), so a keystroke re-splits only the line it changed;
 * - per piece, so only the new pieces of that line are byte-pair encoded.
 *
 * js-tiktoken keeps its BPE function private, so a piece is counted by encoding it on its own;
 * the unit tests check that the sums equal a whole-text encode on varied text.
 */
export class BpeCounter implements TextCounter {
  private readonly encoder: Tiktoken
  private readonly pattern: RegExp
  private readonly pieces: BoundedCache<string, number>
  private readonly chunks: BoundedCache<string, number>
  /** Set while counting a chunk when a long piece was sliced. */
  private sliced = false
  /** The texts measured last, cut into chunks, so the next version of one is recounted only where it changed. */
  private recent: ChunkedText[] = []

  constructor(
    encoder: Tiktoken,
    patStr: string,
    maxPieces = DEFAULT_PIECE_CACHE_SIZE,
    maxChunks = DEFAULT_CHUNK_CACHE_SIZE
  ) {
    this.encoder = encoder
    // The same regex, with the same flags, that Tiktoken.encode splits with.
    this.pattern = new RegExp(patStr, 'ug')
    this.pieces = new BoundedCache(maxPieces)
    this.chunks = new BoundedCache(maxChunks)
  }

  /**
   * Tokens in `text`. Special-token strings such as "<|endoftext|>" count as ordinary text:
   * that is how an API treats them in a prompt, and tiktoken's default would throw instead.
   */
  count(text: string): number {
    return this.measure(text).tokens
  }

  /** Tokens in `text`, and whether the count is exact (see MAX_EXACT_PIECE_CHARS). */
  measure(text: string): Measurement {
    const previous = this.closestRecent(text)
    const state = !previous ? this.cut(text, 0, text.length) : previous.state.text === text ? previous.state : this.recount(previous.state, previous.prefix, text)
    this.remember(state)
    return { tokens: state.total, exact: state.inexact === 0 }
  }

  /**
   * The recent text sharing the longest start with `text`: the version before this keystroke,
   * when there is one, with the length of that shared start. Unrelated texts differ in their
   * first characters, so this is cheap.
   */
  private closestRecent(text: string): { state: ChunkedText; prefix: number } | undefined {
    let best: ChunkedText | undefined
    let bestPrefix = 0
    for (const state of this.recent) {
      if (state.text === text) return { state, prefix: text.length }
      const prefix = commonPrefixLength(state.text, text)
      if (prefix > bestPrefix || (prefix === bestPrefix && prefix === text.length)) {
        best = state
        bestPrefix = prefix
      }
    }
    return best && bestPrefix > 0 ? { state: best, prefix: bestPrefix } : undefined
  }

  private remember(state: ChunkedText): void {
    this.recent = [state, ...this.recent.filter((kept) => kept !== state && kept.text !== state.text)].slice(0, RECENT_TEXTS)
  }

  /**
   * `text` counted from `previous`, an earlier version of it: only the chunks around the edit
   * are cut and counted again. A chunk boundary depends on the two characters around it, so
   * the chunks kept are those whose boundaries lie wholly in the unchanged start or end (with
   * one chunk more on each side, to spare the reasoning about edge cases).
   */
  private recount(previous: ChunkedText, prefix: number, text: string): ChunkedText {
    const oldText = previous.text
    const suffix = commonSuffixLength(oldText, text, Math.min(oldText.length, text.length) - prefix)
    const shift = text.length - oldText.length
    const { starts } = previous
    // First chunk to recount: the one holding the last unchanged character of the start, and the one before it.
    const first = Math.max(0, lastAtOrBefore(starts, Math.max(0, prefix - 1)) - 1)
    // First chunk kept after the edit: its start and the newline before it both lie in the unchanged end, plus one.
    const changedEnd = oldText.length - suffix
    let kept = firstAtOrAfter(starts, changedEnd + 1)
    if (kept < starts.length) kept++
    const from = starts[first]!
    const to = kept < starts.length ? starts[kept]! + shift : text.length
    const middle = this.cut(text, from, to)

    const state: ChunkedText = {
      text,
      starts: [...starts.slice(0, first), ...middle.starts, ...starts.slice(kept).map((start) => start + shift)],
      counts: [...previous.counts.slice(0, first), ...middle.counts, ...previous.counts.slice(kept)],
      exact: [...previous.exact.slice(0, first), ...middle.exact, ...previous.exact.slice(kept)],
      total: 0,
      inexact: 0
    }
    state.total = previous.total - sum(previous.counts, first, kept) + middle.total
    state.inexact = previous.inexact - previous.exact.slice(first, kept).filter((exact) => !exact).length + middle.inexact
    return state
  }

  /** Cuts text[from, to) into chunks (a chunk boundary is assumed at both ends) and counts each. */
  private cut(text: string, from: number, to: number): ChunkedText {
    const state: ChunkedText = { text, starts: [], counts: [], exact: [], total: 0, inexact: 0 }
    const add = (start: number, end: number): void => {
      if (end <= start) return
      this.sliced = false
      const tokens = this.countChunk(text.slice(start, end))
      state.starts.push(start)
      state.counts.push(tokens)
      state.exact.push(!this.sliced)
      state.total += tokens
      if (this.sliced) state.inexact++
    }
    const region = from === 0 && to === text.length ? text : text.slice(from, to)
    let start = 0
    for (const boundary of region.matchAll(CHUNK_BOUNDARY)) {
      const end = boundary.index + 1
      add(from + start, from + end)
      start = end
    }
    add(from + start, to)
    return state
  }

  /** Distinct pieces remembered, for tests and diagnostics. */
  get cachedPieces(): number {
    return this.pieces.size
  }

  private countChunk(chunk: string): number {
    if (!chunk) return 0
    const cached = this.chunks.get(chunk)
    if (cached !== undefined) return cached
    let tokens = 0
    let sliced = false
    // matchAll works on a copy of the regex, so its lastIndex is never shared between calls.
    for (const match of chunk.matchAll(this.pattern)) {
      tokens += this.countPiece(match[0])
      if (match[0].length > MAX_EXACT_PIECE_CHARS) sliced = true
    }
    // Only exact counts are kept per chunk, so that a cache hit is always exact.
    if (sliced) this.sliced = true
    else this.chunks.set(detached(chunk), tokens)
    return tokens
  }

  private countPiece(piece: string): number {
    let tokens = this.pieces.get(piece)
    if (tokens === undefined) {
      tokens = piece.length > MAX_EXACT_PIECE_CHARS ? this.encodeInSlices(piece) : this.encode(piece)
      this.pieces.set(detached(piece), tokens)
    }
    return tokens
  }

  private encodeInSlices(piece: string): number {
    let tokens = 0
    for (let start = 0; start < piece.length; ) {
      let end = Math.min(start + MAX_EXACT_PIECE_CHARS, piece.length)
      // Never cut a surrogate pair: half a character would encode as U+FFFD.
      if (end < piece.length && /[\uD800-\uDBFF]/.test(piece[end - 1]!)) end--
      tokens += this.encode(piece.slice(start, end))
      start = end
    }
    return tokens
  }

  private encode(text: string): number {
    return this.encoder.encode(text, [], []).length
  }
}

/** Texts whose chunks are remembered: the prompt, a system prompt, a few messages of history. */
const RECENT_TEXTS = 6

/** A text cut at CHUNK_BOUNDARY, with each chunk's start, count and exactness. */
interface ChunkedText {
  text: string
  starts: number[]
  counts: number[]
  exact: boolean[]
  total: number
  /** Chunks counted in slices (see MAX_EXACT_PIECE_CHARS). */
  inexact: number
}

/** Index of the last start at or before `position` (0 when none). */
function lastAtOrBefore(starts: readonly number[], position: number): number {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts[middle]! <= position) low = middle
    else high = middle - 1
  }
  return low
}

/** Index of the first start at or after `position` (starts.length when none). */
function firstAtOrAfter(starts: readonly number[], position: number): number {
  let low = 0
  let high = starts.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (starts[middle]! < position) low = middle + 1
    else high = middle
  }
  return low
}

function sum(values: readonly number[], from: number, to: number): number {
  let total = 0
  for (let index = from; index < to; index++) total += values[index]!
  return total
}

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 represents a
 * slice or regex match as a view into the whole text (above a dozen characters or so), so a
 * cache key that is such a view would keep every edited version of a long prompt alive. Only
 * cache misses pay for the copy.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le')
}
