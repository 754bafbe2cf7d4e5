import type { Tiktoken } from 'js-tiktoken/lite'
import type { GenerationRequest } from '../../shared/generation'
import { messageText } from '../../shared/messages'
import { encodingForModel, loadEncoder } from './encoders'

export interface TokenEstimate {
  inputTokens: number
  /** True when counted with the model's own tokenizer and framing; false for an approximation. */
  exact: boolean
}

// OpenAI's chat framing: every message costs 3 tokens plus its role, and 3 prime the reply.
const TOKENS_PER_MESSAGE = 3
const TOKENS_TO_PRIME_REPLY = 3

/**
 * Input tokens of a chat request. Exact for OpenAI models on plain text; an approximation
 * (o200k on the same text and framing) for every other model, and for images and tools,
 * whose billed size the API decides.
 */
export async function estimateChatTokens(request: GenerationRequest): Promise<TokenEstimate> {
  const encodingName = encodingForModel(request.model)
  const encoder = await loadEncoder(encodingName ?? 'o200k_base')
  let tokens = TOKENS_TO_PRIME_REPLY
  let approximate = encodingName === null
  const count = (text: string): number => (text ? encoder.encode(text).length : 0)

  if (request.system) tokens += TOKENS_PER_MESSAGE + count('system') + count(request.system)
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE + count(message.role) + count(messageText(message))
    if (message.role === 'user' && typeof message.content !== 'string') {
      if (message.content.some((part) => part.type === 'image')) approximate = true
    }
    if (message.role === 'assistant' && message.toolCalls?.length) {
      approximate = true
      for (const call of message.toolCalls) tokens += count(call.name) + count(JSON.stringify(call.arguments))
    }
  }
  if (request.tools?.length) {
    approximate = true
    tokens += count(JSON.stringify(request.tools))
  }
  return { inputTokens: tokens, exact: !approximate }
}

/** Tokens in generated text, for usage the server did not report. */
export async function estimateTextTokens(modelId: string, text: string): Promise<number> {
  if (!text) return 0
  const encoder: Tiktoken = await loadEncoder(encodingForModel(modelId) ?? 'o200k_base')
  return encoder.encode(text).length
}
