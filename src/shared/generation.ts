import type { Message, ToolCall, ToolDefinition } from './messages'

/** The reasoning efforts a request may ask for, least first: the one list schemas and pickers use. */
export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number]

/** One request to one model, independent of vendor. */
export interface GenerationRequest {
  model: string
  messages: Message[]
  /** Top-level system prompt; joined before any system messages in `messages`. */
  system?: string
  tools?: ToolDefinition[]
  temperature?: number
  topP?: number
  maxTokens?: number
  /** OpenAI-style reasoning models. */
  reasoningEffort?: ReasoningEffort
  /** Anthropic extended thinking budget, in tokens. */
  thinkingBudget?: number
  stop?: string[]
  /** Provider-specific body fields, merged into the vendor request as given. */
  extras?: Record<string, unknown>
}

/**
 * Token usage normalised across vendors.
 * - `inputTokens` counts every input token processed, cache reads and writes included.
 * - `outputTokens` counts every generated token, reasoning included.
 */
export interface Usage {
  inputTokens: number
  outputTokens: number
  /** Of inputTokens, how many were read from the prompt cache. */
  cachedInputTokens: number
  /** Of inputTokens, how many were written to the prompt cache. */
  cacheWriteTokens: number
  /** Of outputTokens, how many were reasoning. */
  reasoningTokens: number
  /** True when the server reported no usage and these figures are our estimate. */
  estimated: boolean
  /** What the provider says it charged (OpenRouter's usage.cost), in USD. */
  reportedCostUsd?: number
}

export const FINISH_REASONS = [
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'error',
  'cancelled',
  'other'
] as const

export type FinishReason = (typeof FINISH_REASONS)[number]

export interface GenerationResult {
  text: string
  reasoning: string
  /** Send back with the reasoning in the next turn (AssistantMessage.reasoningSignature). */
  reasoningSignature: string | null
  toolCalls: ToolCall[]
  usage: Usage
  finishReason: FinishReason
  /** The vendor's own finish reason, e.g. "end_turn" or "stop". */
  rawFinishReason: string | null
  responseId: string | null
  /** The model that answered, as the server named it. */
  model: string | null
}

export function emptyUsage(estimated = false): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    estimated
  }
}
