import type {
  Base64ImageSource,
  ContentBlockParam,
  ImageBlockParam,
  MessageCreateParamsBase,
  MessageParam,
  Tool
} from '@anthropic-ai/sdk/resources/messages'
import type { GenerationRequest } from '../../../shared/generation'
import type { AssistantMessage, ImagePart, Message, ToolDefinition, UserMessage } from '../../../shared/messages'
import type { ProviderProfile } from '../../../shared/profiles'
import { ProviderError } from '../provider-error'

/** Anthropic requires max_tokens; this is used when neither the request nor the model config sets it. */
const DEFAULT_MAX_TOKENS = 4096

/**
 * A Messages request body, without `stream`. The API version SDK 1.x speaks (2026-10-21) no
 * longer declares temperature and top_p, but a request that sets them still sends them.
 */
export type AnthropicRequestBody = Omit<MessageCreateParamsBase, 'stream'> & {
  temperature?: number
  top_p?: number
}

/** Our vendor-neutral request as a Messages API body; `request.extras` is merged last. */
export function toAnthropicRequest(request: GenerationRequest, profile: ProviderProfile): AnthropicRequestBody {
  const system = systemPrompt(request)
  const budget = request.thinkingBudget
  const body: AnthropicRequestBody = {
    model: request.model,
    max_tokens: maxTokens(request, profile),
    messages: toAnthropicMessages(request.messages, profile.id)
  }
  if (system) body.system = system
  if (budget !== undefined) body.thinking = { type: 'enabled', budget_tokens: budget }
  // Anthropic refuses a temperature alongside extended thinking.
  if (request.temperature !== undefined && budget === undefined) body.temperature = request.temperature
  if (request.topP !== undefined) body.top_p = request.topP
  if (request.stop?.length) body.stop_sequences = request.stop
  if (request.tools?.length) body.tools = request.tools.map(toAnthropicTool)
  return { ...body, ...request.extras }
}

function systemPrompt(request: GenerationRequest): string {
  const fromMessages = request.messages.flatMap((message) => (message.role === 'system' ? [message.content] : []))
  return [request.system, ...fromMessages].filter(Boolean).join('\n\n')
}

function maxTokens(request: GenerationRequest, profile: ProviderProfile): number {
  if (request.maxTokens !== undefined) return request.maxTokens
  const modelLimit = profile.models.find((model) => model.id === request.model)?.maxOutputTokens
  if (modelLimit !== undefined) return modelLimit
  // Thinking counts toward max_tokens, which must exceed the budget: leave room for the answer.
  return request.thinkingBudget !== undefined ? request.thinkingBudget + DEFAULT_MAX_TOKENS : DEFAULT_MAX_TOKENS
}

function toAnthropicTool(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    ...(tool.description !== undefined && { description: tool.description }),
    input_schema: tool.parameters
  }
}

/**
 * Turns of alternating roles. Tool results answer on the user's side, so consecutive tool
 * messages (and any user message after them) become one user turn, as Anthropic expects.
 */
function toAnthropicMessages(messages: Message[], provider: string): MessageParam[] {
  const turns: Array<MessageParam & { content: ContentBlockParam[] }> = []
  for (const message of messages) {
    if (message.role === 'system') continue
    const role = message.role === 'assistant' ? 'assistant' : 'user'
    const blocks = contentBlocks(message, provider)
    // Anthropic refuses empty content, and an empty turn says nothing anyway.
    if (blocks.length === 0) continue
    const previous = turns.at(-1)
    if (previous?.role === role) previous.content.push(...blocks)
    else turns.push({ role, content: blocks })
  }
  return turns
}

function contentBlocks(message: Exclude<Message, { role: 'system' }>, provider: string): ContentBlockParam[] {
  switch (message.role) {
    case 'user':
      return userBlocks(message, provider)
    case 'assistant':
      return assistantBlocks(message)
    case 'tool':
      return [
        {
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.content,
          ...(message.isError && { is_error: true })
        }
      ]
  }
}

function userBlocks(message: UserMessage, provider: string): ContentBlockParam[] {
  const parts = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content
  return parts.flatMap((part): ContentBlockParam[] => {
    if (part.type === 'image') return [imageBlock(part, provider)]
    return part.text ? [{ type: 'text', text: part.text }] : []
  })
}

function assistantBlocks(message: AssistantMessage): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = []
  // Only a signed thinking block may be sent back, and it must come first; unsigned reasoning is dropped.
  if (message.reasoningSignature) {
    blocks.push({ type: 'thinking', thinking: message.reasoning ?? '', signature: message.reasoningSignature })
  }
  if (message.content) blocks.push({ type: 'text', text: message.content })
  for (const call of message.toolCalls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments })
  }
  return blocks
}

function imageBlock(part: ImagePart, provider: string): ImageBlockParam {
  if (part.data !== undefined && part.mediaType !== undefined) {
    const mediaType = part.mediaType as Base64ImageSource['media_type']
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: part.data } }
  }
  if (part.url !== undefined) return { type: 'image', source: { type: 'url', url: part.url } }
  throw new ProviderError({
    kind: 'bad_request',
    provider,
    detail: 'an image needs either a URL or base64 data with its media type',
    retryable: false
  })
}
