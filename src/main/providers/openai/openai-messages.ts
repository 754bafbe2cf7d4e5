import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam
} from 'openai/resources/chat/completions'
import type { GenerationRequest } from '../../../shared/generation'
import type { AssistantMessage, ImagePart, Message, UserContentPart } from '../../../shared/messages'
import type { ProviderProfile } from '../../../shared/profiles'
import { ProviderError } from '../provider-error'

/**
 * Builds the Chat Completions body for a vendor-neutral request. Throws a "bad_request"
 * ProviderError for input the wire format cannot carry, so it is reported, never guessed at.
 */
export function toChatRequest(
  request: GenerationRequest,
  reasoningModel: boolean,
  provider: string
): ChatCompletionCreateParamsStreaming {
  const body: ChatCompletionCreateParamsStreaming = {
    model: request.model,
    messages: toChatMessages(request, provider),
    stream: true,
    stream_options: { include_usage: true }
  }
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters }
    }))
  }
  if (reasoningModel) {
    // Reasoning models refuse max_tokens and any sampling parameter.
    if (request.maxTokens !== undefined) body.max_completion_tokens = request.maxTokens
    if (request.reasoningEffort !== undefined) body.reasoning_effort = request.reasoningEffort
  } else {
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens
    if (request.temperature !== undefined) body.temperature = request.temperature
    if (request.topP !== undefined) body.top_p = request.topP
  }
  if (request.stop?.length) body.stop = request.stop
  return { ...body, ...request.extras }
}

/**
 * Whether to talk to the model as a reasoning model. The profile's model entry decides when
 * it says; otherwise OpenAI's reasoning families are recognised by id, OpenRouter's
 * "openai/" prefix ignored.
 */
export function isReasoningModel(modelId: string, profile: ProviderProfile): boolean {
  const configured = profile.models.find((model) => model.id === modelId)?.reasoning
  if (configured !== undefined) return configured
  const id = modelId.toLowerCase().replace(/^openai\//, '')
  return /^(o1|o3|o4|gpt-5)\b/.test(id)
}

/** System prompt and system messages first, joined into one; then the conversation in order. */
export function toChatMessages(request: GenerationRequest, provider: string): ChatCompletionMessageParam[] {
  const systemTexts = [request.system, ...request.messages.map((m) => (m.role === 'system' ? m.content : undefined))]
  const system = systemTexts.filter((text): text is string => !!text).join('\n\n')
  const rest = request.messages.filter((message) => message.role !== 'system')
  const converted = rest.map((message) => toChatMessage(message, provider))
  return system ? [{ role: 'system', content: system }, ...converted] : converted
}

function toChatMessage(message: Exclude<Message, { role: 'system' }>, provider: string): ChatCompletionMessageParam {
  switch (message.role) {
    case 'user':
      return {
        role: 'user',
        content:
          typeof message.content === 'string'
            ? message.content
            : message.content.map((part) => toContentPart(part, provider))
      }
    case 'assistant':
      return toAssistantMessage(message)
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content }
  }
}

function toAssistantMessage(message: AssistantMessage): ChatCompletionMessageParam {
  // Reasoning is not sent back: Chat Completions has no field for it, and DeepSeek rejects one.
  if (!message.toolCalls?.length) return { role: 'assistant', content: message.content }
  return {
    role: 'assistant',
    // Some servers reject an empty string next to tool calls; null is what OpenAI itself returns.
    content: message.content || null,
    tool_calls: message.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments) }
    }))
  }
}

function toContentPart(part: UserContentPart, provider: string): ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text }
  return { type: 'image_url', image_url: { url: imageUrl(part, provider) } }
}

function imageUrl(image: ImagePart, provider: string): string {
  if (image.data !== undefined) {
    if (!image.mediaType) {
      throw new ProviderError({ kind: 'bad_request', provider, detail: 'an inline image has no media type' })
    }
    return `data:${image.mediaType};base64,${image.data}`
  }
  if (image.url) return image.url
  throw new ProviderError({ kind: 'bad_request', provider, detail: 'an image has neither data nor a URL' })
}
