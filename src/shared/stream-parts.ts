import type { ErrorInfo } from './errors'
import type { FinishReason, Usage } from './generation'
import type { ToolCall } from './messages'

/**
 * What a provider stream yields, with no vendor detail. Every stream ends with exactly one
 * `finish` part; a failure is an `error` part followed by `finish` with reason "error" or
 * "cancelled". Text streamed before a failure has already been yielded and stays valid.
 */
export type StreamPart =
  | { type: 'response-metadata'; id: string | null; model: string | null }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  /** An opaque token that must accompany the reasoning when the turn is sent back (Anthropic). */
  | { type: 'reasoning-signature'; signature: string }
  /** Emitted once the call's arguments are complete and parsed. */
  | { type: 'tool-call'; toolCall: ToolCall }
  | { type: 'usage'; usage: Usage }
  /** A retryable failure before any output; the request is sent again after `delayMs`. */
  | { type: 'retry'; attempt: number; maxAttempts: number; delayMs: number; error: ErrorInfo }
  | { type: 'error'; error: ErrorInfo }
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason: string | null; usage: Usage }

export type StreamPartType = StreamPart['type']
