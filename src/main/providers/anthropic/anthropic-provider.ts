import Anthropic from '@anthropic-ai/sdk'
import type { EventSourceMessage } from 'eventsource-parser'
import type { MessageDeltaUsage, RawMessageStreamEvent, Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages'
import type { FinishReason, GenerationRequest, Usage } from '../../../shared/generation'
import type { ProviderProfile } from '../../../shared/profiles'
import type { EmitAdapterPart } from '../adapter-parts'
import { BaseProvider, type ModelInfo, type ProviderOptions } from '../provider'
import { ProviderError } from '../provider-error'
import { STOP_READING, readSseEvents } from '../sse-events'
import { parseToolArguments } from '../tool-arguments'
import { toAnthropicRequest } from './anthropic-messages'

const ANTHROPIC_BASE_URL = 'https://api.anthropic.com'

// Only bounds the wait for response headers; our stall timeouts watch the stream itself.
const SDK_TIMEOUT_MS = 15 * 60_000

/** Anthropic's Messages API, through the official SDK with its retries and logging turned off. */
export class AnthropicProvider extends BaseProvider {
  readonly kind = 'anthropic' as const
  private readonly client: Anthropic

  constructor(options: ProviderOptions) {
    super(options)
    this.client = createClient(this.profile, this.apiKey)
  }

  protected async streamOnce(request: GenerationRequest, signal: AbortSignal, emit: EmitAdapterPart): Promise<void> {
    const body = toAnthropicRequest(request, this.profile)
    // The SDK sends the request and throws its errors for failed statuses; the events are read by readSseEvents.
    const response = await this.client.messages.create({ ...body, stream: true }, { signal }).asResponse()
    const onEvent = eventReader(this.id, emit)
    await readSseEvents(
      response,
      (event) => {
        const parsed = messageEventOf(event, response.headers)
        if (!parsed) return undefined
        onEvent(parsed)
        // message_stop is the last event: the answer is complete without waiting for the server to close.
        return parsed.type === 'message_stop' ? STOP_READING : undefined
      },
      this.id
    )
  }

  protected async fetchModels(signal: AbortSignal): Promise<ModelInfo[]> {
    const models: ModelInfo[] = []
    // The SDK follows has_more/last_id across pages.
    for await (const model of this.client.models.list({}, { signal })) {
      models.push({
        id: model.id,
        name: model.display_name,
        createdAt: model.created_at,
        ...(typeof model.max_input_tokens === 'number' && { contextWindow: model.max_input_tokens })
      })
    }
    return models
  }
}

export function createClient(profile: ProviderProfile, apiKey: string | undefined): Anthropic {
  return new Anthropic({
    // A string, even an empty one, is the client's only credential: the SDK then reads no key,
    // token or credential profile of its own from the environment or the disk.
    apiKey: apiKey ?? '',
    baseURL: profile.baseURL ?? ANTHROPIC_BASE_URL,
    defaultHeaders: {
      ...unsetEnvironmentHeaders(),
      // Without a key (a local server) send no Authorization header at all, not an empty one.
      ...(!apiKey && { authorization: null }),
      ...profile.headers
    },
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    // SDK logs can contain request bodies and model output.
    logLevel: 'off',
    // No spans holding prompts, and no trace headers sent to the profile's server.
    openTelemetry: false
  })
}

/**
 * The SDK adds the headers in ANTHROPIC_CUSTOM_HEADERS (a Claude Code setting) to every request.
 * They belong to another program and may carry its credentials, so each one is unset here.
 */
function unsetEnvironmentHeaders(): Record<string, null> {
  const lines = process.env.ANTHROPIC_CUSTOM_HEADERS?.split('\n') ?? []
  const names = lines.map((line) => (line.includes(':') ? line.slice(0, line.indexOf(':')).trim() : ''))
  return Object.fromEntries(names.filter(Boolean).map((name) => [name, null]))
}

interface PendingToolCall {
  id: string
  name: string
  json: string
}

/**
 * One event as the SDK's own stream reader reads it: pings and unnamed events skipped, an
 * `error` event thrown as the SDK's APIError, the rest parsed as JSON.
 */
function messageEventOf(event: EventSourceMessage, headers: Headers): RawMessageStreamEvent | null {
  if (!event.event || event.event === 'ping') return null
  if (event.event === 'error') {
    const body = safeJson(event.data) ?? event.data
    const type = (body as { error?: { type?: Anthropic.ErrorType } } | null)?.error?.type
    throw new Anthropic.APIError(undefined, body as object, undefined, headers, type)
  }
  if (!event.data) return null
  return JSON.parse(event.data) as RawMessageStreamEvent
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Turns one response's events into adapter parts. Emits `finish` only at message_stop: a stream
 * that ends before it is incomplete, and the base provider reports it as such.
 */
function eventReader(provider: string, emit: EmitAdapterPart): (event: RawMessageStreamEvent) => void {
  let startUsage: AnthropicUsage | undefined
  let stopReason: string | null = null
  const toolCalls = new Map<number, PendingToolCall>()
  // Tool input that does not parse is either cut off by max_tokens (the answer simply ends,
  // with finish "length") or broken (an error); only the stop reason tells which.
  let brokenToolInput: ProviderError | undefined
  return (event) => {
    switch (event.type) {
      case 'message_start':
        startUsage = event.message.usage
        emit({ type: 'response-metadata', id: event.message.id, model: event.message.model })
        break
      case 'content_block_start':
        if (event.content_block.type === 'tool_use') {
          const { id, name } = event.content_block
          toolCalls.set(event.index, { id, name, json: '' })
        }
        break
      case 'content_block_delta':
        switch (event.delta.type) {
          case 'text_delta':
            emit({ type: 'text-delta', text: event.delta.text })
            break
          case 'thinking_delta':
            emit({ type: 'reasoning-delta', text: event.delta.thinking })
            break
          case 'input_json_delta': {
            const call = toolCalls.get(event.index)
            if (call) call.json += event.delta.partial_json
            break
          }
          case 'signature_delta':
            emit({ type: 'reasoning-signature', signature: event.delta.signature })
            break
          case 'citations_delta':
            break
        }
        break
      case 'content_block_stop': {
        const call = toolCalls.get(event.index)
        if (call) {
          toolCalls.delete(event.index)
          const input = parseToolArguments(call.json, call.name, provider)
          if (input instanceof ProviderError) brokenToolInput = input
          else emit({ type: 'tool-call', toolCall: { id: call.id, name: call.name, arguments: input } })
        }
        break
      }
      case 'message_delta':
        stopReason = event.delta.stop_reason
        if (brokenToolInput && finishReasonFor(stopReason) !== 'length') throw brokenToolInput
        emit({ type: 'usage', usage: normaliseUsage(startUsage, event.usage) })
        break
      case 'message_stop':
        emit({ type: 'finish', finishReason: finishReasonFor(stopReason), rawFinishReason: stopReason })
        break
    }
  }
}

/**
 * Anthropic's input_tokens excludes cache reads and writes; ours includes them. message_delta
 * carries cumulative figures and, in newer API versions, the input and cache counts too.
 */
function normaliseUsage(start: AnthropicUsage | undefined, delta: MessageDeltaUsage): Usage {
  const input = delta.input_tokens ?? start?.input_tokens ?? 0
  const cacheRead = delta.cache_read_input_tokens ?? start?.cache_read_input_tokens ?? 0
  const cacheWrite = delta.cache_creation_input_tokens ?? start?.cache_creation_input_tokens ?? 0
  const details = delta.output_tokens_details ?? start?.output_tokens_details
  return {
    inputTokens: input + cacheRead + cacheWrite,
    outputTokens: delta.output_tokens ?? start?.output_tokens ?? 0,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: details?.thinking_tokens ?? 0,
    estimated: false
  }
}

function finishReasonFor(stopReason: string | null): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool-calls'
    case 'refusal':
      return 'content-filter'
    default:
      return 'other'
  }
}
