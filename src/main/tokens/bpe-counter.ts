import type { Tiktoken } from 'js-tiktoken/lite'
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
  /** Set while measuring when a long piece was sliced. */
  private sliced = false

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
    this.sliced = false
    let tokens = 0
    let start = 0
    for (const boundary of text.matchAll(CHUNK_BOUNDARY)) {
      const end = boundary.index + 1
      tokens += this.countChunk(text.slice(start, end))
      start = end
    }
    tokens += this.countChunk(text.slice(start))
    return { tokens, exact: !this.sliced }
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

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 represents a
 * slice or regex match as a view into the whole text (above a dozen characters or so), so a
 * cache key that is such a view would keep every edited version of a long prompt alive. Only
 * cache misses pay for the copy.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le')
}
