import type { ServerResponse } from 'node:http'
import { sendJson, sseEvent } from './loopback-server'

/**
 * Anthropic's Messages API exactly as it goes over the wire: named server-sent events for
 * streams, and the `{"type":"error",...}` envelope for failures. Every builder returns the
 * framed SSE text, so a test composes a stream by concatenating them.
 */

export const WIRE_MODEL = 'claude-sonnet-5'
export const WIRE_MESSAGE_ID = 'msg_01XFDUDYJgAACzvnptvVoYEL'
export const WIRE_REQUEST_ID = 'req_011CSHoEeqs5C35K2UUqR7Fy'

export interface WireUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens: number | null
  cache_read_input_tokens: number | null
}

export function messageStart(usage: Partial<WireUsage> = {}): string {
  const message = {
    id: WIRE_MESSAGE_ID,
    type: 'message',
    role: 'assistant',
    model: WIRE_MODEL,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 25, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage }
  }
  return sseEvent({ type: 'message_start', message }, 'message_start')
}

function blockStart(index: number, contentBlock: Record<string, unknown>): string {
  return sseEvent({ type: 'content_block_start', index, content_block: contentBlock }, 'content_block_start')
}

export const textBlockStart = (index: number): string => blockStart(index, { type: 'text', text: '' })

export const thinkingBlockStart = (index: number): string =>
  blockStart(index, { type: 'thinking', thinking: '', signature: '' })

export const toolUseBlockStart = (index: number, id: string, name: string): string =>
  blockStart(index, { type: 'tool_use', id, name, input: {} })

function blockDelta(index: number, delta: Record<string, unknown>): string {
  return sseEvent({ type: 'content_block_delta', index, delta }, 'content_block_delta')
}

export const textDelta = (index: number, text: string): string => blockDelta(index, { type: 'text_delta', text })

export const thinkingDelta = (index: number, thinking: string): string =>
  blockDelta(index, { type: 'thinking_delta', thinking })

export const signatureDelta = (index: number, signature: string): string =>
  blockDelta(index, { type: 'signature_delta', signature })

export const inputJsonDelta = (index: number, partialJson: string): string =>
  blockDelta(index, { type: 'input_json_delta', partial_json: partialJson })

export const blockStop = (index: number): string => sseEvent({ type: 'content_block_stop', index }, 'content_block_stop')

/** `usage` is cumulative; newer API versions add input and cache figures to output_tokens. */
export function messageDelta(stopReason: string | null, usage: Record<string, unknown> = { output_tokens: 15 }): string {
  return sseEvent({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage }, 'message_delta')
}

export const messageStop = (): string => sseEvent({ type: 'message_stop' }, 'message_stop')

export const ping = (): string => sseEvent({ type: 'ping' }, 'ping')

/** An error Anthropic sends mid-stream, after the 200 status is long gone. */
export const streamError = (type = 'overloaded_error', message = 'Overloaded'): string =>
  sseEvent({ type: 'error', error: { type, message } }, 'error')

/** The events of a text answer up to its last delta: message_start, a ping, one text block. */
export function textStreamHead(chunks: string[], usage?: Partial<WireUsage>): string {
  return [messageStart(usage), ping(), textBlockStart(0), ...chunks.map((chunk) => textDelta(0, chunk))].join('')
}

/** What ends a text answer begun with textStreamHead. */
export function textStreamTail(stopReason = 'end_turn', usage: Record<string, unknown> = { output_tokens: 15 }): string {
  return [blockStop(0), messageDelta(stopReason, usage), messageStop()].join('')
}

/** A whole text answer, with a ping after every delta as Anthropic may send them. */
export function textStream(chunks: string[]): string {
  const deltas = chunks.flatMap((chunk) => [textDelta(0, chunk), ping()])
  return [messageStart(), ping(), textBlockStart(0), ...deltas, textStreamTail()].join('')
}

/** Status and error.type of every error Anthropic documents, with a message of the kind it sends. */
export const ANTHROPIC_ERRORS = {
  400: { type: 'invalid_request_error', message: 'messages: roles must alternate between "user" and "assistant"' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'model: claude-nonexistent' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: {
    type: 'rate_limit_error',
    message: 'This request would exceed the rate limit for your organization of 50 requests per minute.'
  },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' }
} as const

export type AnthropicErrorStatus = keyof typeof ANTHROPIC_ERRORS

/** An error response as Anthropic sends it; `message` replaces the documented one. */
export function sendAnthropicError(
  response: ServerResponse,
  status: AnthropicErrorStatus,
  options: { message?: string; headers?: Record<string, string> } = {}
): void {
  const { type, message } = ANTHROPIC_ERRORS[status]
  const body = { type: 'error', error: { type, message: options.message ?? message }, request_id: WIRE_REQUEST_ID }
  sendJson(response, status, body, { 'request-id': WIRE_REQUEST_ID, ...options.headers })
}

export interface WireModel {
  id: string
  display_name: string
  created_at: string
  max_input_tokens?: number | null
}

/** One page of GET /v1/models. */
export function modelsPage(models: WireModel[], hasMore = false): unknown {
  return {
    data: models.map((model) => ({ type: 'model', max_input_tokens: null, max_tokens: null, ...model })),
    has_more: hasMore,
    first_id: models[0]?.id ?? null,
    last_id: models.at(-1)?.id ?? null
  }
}
