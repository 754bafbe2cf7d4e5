import type { GenerationRequest } from '../../shared/generation.ts'
import type { Message } from '../../shared/messages.ts'
import { messageText } from '../../shared/messages.ts'
import type { BpeCounter, TextCounter } from './bpe-counter.ts'
import type { EncodingName } from './encoders.ts'
import { countToolDefinitions, hasVerifiedToolShape, toolConstantsFor } from './openai-tools.ts'
import { type TokenEstimate, estimateOf } from './token-estimate.ts'

/**
 * Input tokens of a Chat Completions request, counted as OpenAI's cookbook counts them
 * (num_tokens_from_messages): every message costs 3 tokens plus its text fields, a `name`
 * one more, and 3 tokens prime the reply.
 */

const TOKENS_PER_MESSAGE = 3
const TOKENS_PER_NAME = 1
const TOKENS_TO_PRIME_REPLY = 3

/**
 * What an image costs depends on its size, its detail setting and the model, none of which
 * we decode here; this is a 1024×1024 image at high detail on gpt-4o (85 + 4 tiles × 170).
 */
export const APPROXIMATE_IMAGE_TOKENS = 765

/** A Chat Completions message reduced to the text fields the framing counts. */
export interface WireChatMessage {
  role: string
  content: string
  name?: string
}

export function countChatMessages(counter: TextCounter, messages: readonly WireChatMessage[]): number {
  let tokens = TOKENS_TO_PRIME_REPLY
  for (const message of messages) {
    tokens += TOKENS_PER_MESSAGE + counter.count(message.role) + counter.count(message.content)
    if (message.name !== undefined) tokens += TOKENS_PER_NAME + counter.count(message.name)
  }
  return tokens
}

/**
 * Our request as the OpenAI provider sends it (toChatMessages: the system prompt and system
 * messages joined into one, first). `encoding` null means the model is not OpenAI's and the
 * whole count is an o200k approximation.
 */
export function countChatRequest(
  bpe: BpeCounter,
  request: GenerationRequest,
  encoding: EncodingName | null
): TokenEstimate {
  const reasons = new Set<string>()
  if (encoding === null) reasons.add(`${request.model} is not an OpenAI model: counted with o200k_base as an approximation`)
  const counter: TextCounter = {
    count(text) {
      const { tokens, exact } = bpe.measure(text)
      if (!exact) reasons.add('runs of hundreds of characters without a break are counted in slices, approximately')
      return tokens
    }
  }

  const wire: WireChatMessage[] = []
  const system = [request.system, ...request.messages.map((m) => (m.role === 'system' ? m.content : undefined))]
    .filter((text): text is string => !!text)
    .join('\n\n')
  if (system) wire.push({ role: 'system', content: system })
  let extra = 0
  for (const message of request.messages) {
    if (message.role === 'system') continue
    wire.push({ role: message.role, content: messageText(message) })
    extra += unframedTokens(counter, message, reasons)
  }
  let tokens = countChatMessages(counter, wire) + extra

  const tools = request.tools ?? []
  if (tools.length > 0) {
    const { constants, verified } = toolConstantsFor(request.model)
    tokens += countToolDefinitions(counter, tools, constants)
    // For other vendors' models the whole count is already an approximation; no more detail is due.
    if (encoding === null) return estimateOf(tokens, [...reasons])
    if (!verified) reasons.add(`tool-definition overhead is known only for gpt-4o, gpt-4 and gpt-3.5, not ${request.model}`)
    if (!hasVerifiedToolShape(tools)) reasons.add('tool schemas beyond described string properties are counted approximately')
  }
  return estimateOf(tokens, [...reasons])
}

/** Tokens a message carries beyond its text, which OpenAI's documented framing does not cover. */
function unframedTokens(counter: TextCounter, message: Exclude<Message, { role: 'system' }>, reasons: Set<string>): number {
  switch (message.role) {
    case 'user': {
      if (typeof message.content === 'string') return 0
      const images = message.content.filter((part) => part.type === 'image').length
      if (images > 0) reasons.add('image tokens depend on size and detail; approximated')
      return images * APPROXIMATE_IMAGE_TOKENS
    }
    case 'assistant': {
      if (!message.toolCalls?.length) return 0
      reasons.add('tool calls in the conversation are counted approximately')
      return message.toolCalls.reduce(
        (sum, call) => sum + counter.count(call.name) + counter.count(JSON.stringify(call.arguments)),
        0
      )
    }
    case 'tool':
      reasons.add('tool results in the conversation are counted approximately')
      return 0
  }
}
