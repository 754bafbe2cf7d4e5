import type { ErrorInfo } from './errors'
import type { FinishReason, ReasoningEffort, Usage } from './generation'
import type { Message, ToolCall } from './messages'

/**
 * Conversation history as plain records: what the store saves and the renderer shows. Ids are
 * the database's integers; times are milliseconds since the Unix epoch.
 */

/**
 * 'streaming' while the answer arrives; 'stopped' when the user stopped it; 'interrupted' when
 * Juxta quit or crashed mid-stream (the text saved up to then is kept).
 */
export const RESPONSE_STATUSES = ['streaming', 'done', 'error', 'stopped', 'interrupted'] as const
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number]

/** The generation settings of one pane; absent means the provider's default. */
export interface ModelParameters {
  temperature?: number
  maxTokens?: number
  reasoningEffort?: ReasoningEffort
  thinkingBudget?: number
}

export interface ConversationRecord {
  id: number
  title: string
  createdAt: number
  updatedAt: number
}

/** One model instance of a conversation: a column of answers. */
export interface PaneRecord {
  id: number
  conversationId: number
  /** Left to right, from 0. */
  position: number
  profileId: string
  modelId: string
  parameters: ModelParameters
  systemPrompt: string | null
  /** The pane this one continues: the same chat pane before its model or settings changed. */
  continuesPaneId: number | null
}

export interface TurnRecord {
  id: number
  conversationId: number
  /** From 0, in the order the prompts were sent. */
  position: number
  prompt: string
  /**
   * After "continue with this answer", the history every pane was sent before this prompt (one
   * shared thread instead of each pane's own); null while each pane follows its own answers.
   */
  history: Message[] | null
  /** The answer that was continued, while it exists. */
  continuedFromResponseId: number | null
  createdAt: number
}

/** USD. computedUsd: from the usage at the model's prices; reportedUsd: what the provider said it charged. */
export interface ResponseCost {
  computedUsd: number | null
  reportedUsd: number | null
}

export interface ResponseTimings {
  queuedAt: number
  sentAt: number | null
  firstTokenAt: number | null
  lastTokenAt: number | null
  /** Time to first token: from sending (or queueing, when not sent) to the first output. */
  ttftMs: number | null
  /** Output tokens over the time from first to last token. */
  tokensPerSecond: number | null
}

/** One pane's answer to one turn. */
export interface ResponseRecord {
  id: number
  turnId: number
  paneId: number
  status: ResponseStatus
  text: string
  reasoning: string
  /** Anthropic's signature over the reasoning, sent back when the thread continues. */
  reasoningSignature: string | null
  toolCalls: ToolCall[]
  /** Null until the provider reports it (or when it never did). */
  usage: Usage | null
  cost: ResponseCost
  timings: ResponseTimings
  finishReason: FinishReason | null
  /** Set when status is 'error'. */
  error: ErrorInfo | null
  /** The user marked it the best answer of its turn (at most one per turn). */
  best: boolean
}

export interface TurnWithResponses extends TurnRecord {
  /** In pane order; a pane added after this turn has no response in it. */
  responses: ResponseRecord[]
}

export interface ConversationDetail extends ConversationRecord {
  panes: PaneRecord[]
  turns: TurnWithResponses[]
}

/** A fragment of matching text; highlights are [start, end) offsets into text (UTF-16 code units). */
export interface Snippet {
  text: string
  highlights: Array<{ start: number; end: number }>
}

export interface SearchMatch {
  source: 'prompt' | 'response'
  turnId: number
  responseId: number | null
  snippet: Snippet
}

/** A row of the history list, newest first. */
export interface ConversationSummary extends ConversationRecord {
  /** "profileId:modelId" of each pane, left to right. */
  models: string[]
  turnCount: number
  /** For a search: the best matching prompt or answer; null otherwise. */
  match: SearchMatch | null
}
