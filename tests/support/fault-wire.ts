import type { ServerResponse } from 'node:http'
import type { ProviderKind } from '../../src/shared/profiles'
import {
  blockStop,
  messageDelta,
  messageStart,
  messageStop,
  ping,
  sendAnthropicError,
  textBlockStart,
  textDelta
} from './anthropic-wire'
import { sendJson } from './loopback-server'
import { ChatStream, OPENAI_ERRORS, usage } from './openai-wire'

/**
 * The two wire formats as the fault servers need them: an answer as a list of events (so a
 * fault can cut, repeat or garble any one of them and the test knows exactly which text came
 * before), and each vendor's own error responses.
 */

/** One server-sent event, framed as it goes over the wire. */
export type Frame = string

/** The statuses a vendor answers with its own JSON error envelope. */
export type VendorErrorStatus = 401 | 403 | 404 | 429 | 500 | 529

export interface Wire {
  kind: ProviderKind
  /** The model every pane asks for, and one the server does not know. */
  model: string
  unknownModel: string
  /** The profile's base URL for a server at `origin` (e.g. http://127.0.0.1:4321). */
  baseURL(origin: string): string
  /** The events before the first text. */
  head(): Frame[]
  text(chunk: string): Frame
  /** The events after the last text; the very last is the terminator ([DONE], message_stop). */
  tail(outputTokens: number): Frame[]
  /** An event whose data is cut off mid-JSON. */
  malformed(): Frame
  /** The vendor's error response; a 401 echoes the key and a 404 the model, as real servers do. */
  sendError(response: ServerResponse, status: VendorErrorStatus, echo?: { key?: string; model?: string }, headers?: Record<string, string>): void
}

/** A whole answer of these chunks, in the wire's events. */
export function answerFrames(wire: Wire, chunks: readonly string[]): Frame[] {
  return [...wire.head(), ...chunks.map((chunk) => wire.text(chunk)), ...wire.tail(chunks.length)]
}

export function sseOf(frames: readonly Frame[]): string {
  return frames.join('')
}

/** Bytes from the start of the body to the start of frame `index`. */
export function byteOffsetOf(frames: readonly Frame[], index: number): number {
  return Buffer.byteLength(sseOf(frames.slice(0, index)))
}

export const OPENAI_WIRE: Wire = {
  kind: 'openai',
  model: 'gpt-4o-mini',
  unknownModel: 'gpt-nonexistent-9',
  baseURL: (origin) => `${origin}/v1`,
  head: () => [new ChatStream().role().toSse({ done: false })],
  text: (chunk) => new ChatStream().text(chunk).toSse({ done: false }),
  tail: (outputTokens) => [
    new ChatStream().finish('stop').toSse({ done: false }),
    new ChatStream().usage(usage(10, outputTokens)).toSse({ done: false }),
    'data: [DONE]\n\n'
  ],
  malformed: () => 'data: {"id":"chatcmpl-x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"bro\n\n',
  sendError(response, status, echo = {}, headers = {}) {
    const bodies: Record<VendorErrorStatus, unknown> = {
      401: OPENAI_ERRORS.invalidApiKey(echo.key ?? ''),
      403: OPENAI_ERRORS.unsupportedCountry(),
      404: OPENAI_ERRORS.modelNotFound(echo.model ?? ''),
      429: OPENAI_ERRORS.rateLimited(),
      500: OPENAI_ERRORS.serverError(),
      529: OPENAI_ERRORS.overloaded()
    }
    sendJson(response, status, bodies[status], headers)
  }
}

export const ANTHROPIC_WIRE: Wire = {
  kind: 'anthropic',
  model: 'claude-haiku-4-5',
  unknownModel: 'claude-nonexistent-9',
  baseURL: (origin) => origin,
  head: () => [messageStart(), ping(), textBlockStart(0)],
  text: (chunk) => textDelta(0, chunk),
  tail: (outputTokens) => [blockStop(0), messageDelta('end_turn', { output_tokens: outputTokens }), messageStop()],
  malformed: () => 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_d\n\n',
  sendError(response, status, echo = {}, headers = {}) {
    const message = status === 401 ? `invalid x-api-key: ${echo.key}` : status === 404 ? `model: ${echo.model}` : undefined
    sendAnthropicError(response, status, { ...(message !== undefined && { message }), headers })
  }
}

export const WIRES: readonly Wire[] = [OPENAI_WIRE, ANTHROPIC_WIRE]
