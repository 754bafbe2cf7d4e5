import type { EventSourceMessage } from 'eventsource-parser'
import OpenAI from 'openai'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import type { CompletionUsage } from 'openai/resources/completions'
import type { FinishReason, GenerationRequest, Usage } from '../../../shared/generation'
import type { ToolCall } from '../../../shared/messages'
import type { AdapterPart, EmitAdapterPart } from '../adapter-parts'
import { BaseProvider, type ConfigIssue, type ModelInfo, type ProviderOptions } from '../provider'
import { ProviderError } from '../provider-error'
import { STOP_READING, readSseEvents } from '../sse-events'
import { parseToolArguments } from '../tool-arguments'
import { isReasoningModel, toChatRequest } from './openai-messages'

const DEFAULT_BASE_URL = 'https://api.openai.com/v1'

// For a stream the SDK's timeout only bounds the wait for response headers; our stall timeouts
// are the real limit, so this is merely a backstop well above them.
const SDK_TIMEOUT_MS = 15 * 60_000

/** Fields OpenAI-compatible servers add to the delta for visible reasoning. */
interface ReasoningDelta {
  /** DeepSeek, vLLM, llama.cpp */
  reasoning_content?: string | null
  /** OpenRouter, Ollama */
  reasoning?: string | null
}

/** Usage fields beyond OpenAI's own that compatible servers report. */
interface CompatibleUsage extends CompletionUsage {
  /** OpenRouter: what the request cost, in USD. */
  cost?: number
  /** DeepSeek reports cache hits here instead of in prompt_tokens_details. */
  prompt_cache_hit_tokens?: number
}

/** A tool call as its fragments arrive, keyed by the index the server gives it. */
interface PendingToolCall {
  id: string
  name: string
  arguments: string
}

/** Any server that speaks OpenAI's Chat Completions: OpenAI, OpenRouter, Ollama, vLLM … */
export class OpenAIProvider extends BaseProvider {
  readonly kind = 'openai' as const
  private readonly client: OpenAI

  constructor(options: ProviderOptions) {
    super(options)
    this.client = new OpenAI({
      // Local servers need no key, but the SDK refuses to run without one.
      apiKey: this.apiKey || 'not-needed',
      baseURL: this.profile.baseURL ?? DEFAULT_BASE_URL,
      defaultHeaders: this.profile.headers,
      // The profile is the only configuration: OPENAI_ORG_ID and friends must not reach other vendors.
      organization: null,
      project: null,
      maxRetries: 0, // retries are ours (retries.ts), announced to the user
      timeout: SDK_TIMEOUT_MS,
      logLevel: 'off' // SDK logs can quote model output
    })
  }

  override validateConfig(): ConfigIssue[] {
    const issues = super.validateConfig()
    // A common paste: the endpoint URL instead of the API root the SDK appends paths to.
    if (this.profile.baseURL && /\/chat\/completions\/?$/.test(this.profile.baseURL)) {
      issues.push({ field: 'baseURL', message: 'give the API root (e.g. https://api.openai.com/v1), without /chat/completions' })
    }
    return issues
  }

  protected async streamOnce(request: GenerationRequest, signal: AbortSignal, emit: EmitAdapterPart): Promise<void> {
    const body = toChatRequest(request, isReasoningModel(request.model, this.profile), this.id)
    // The SDK sends the request and throws its errors for failed statuses; the events are read by readSseEvents.
    const response = await this.client.chat.completions.create(body, { signal }).asResponse()
    const toolCalls = new Map<number, PendingToolCall>()
    // Set while events are read, in a callback control flow analysis cannot follow.
    let finish = undefined as Extract<AdapterPart, { type: 'finish' }> | undefined
    let first = true

    await readSseEvents(response, (event) => {
      if (event.data === '[DONE]') return STOP_READING
      const chunk = chunkOf(event, response.headers)
      if (first) {
        first = false
        emit({ type: 'response-metadata', id: chunk.id ?? null, model: chunk.model ?? null })
      }
      // Choices other than the first only exist when extras ask for n > 1; Juxta shows one answer.
      // Some compatible servers leave `choices` out of the usage chunk altogether.
      const choice = chunk.choices?.find((c) => c.index === 0)
      if (choice && !finish) {
        this.deltaParts(choice.delta, toolCalls, emit)
        if (choice.finish_reason) {
          this.completedToolCalls(toolCalls, choice.finish_reason === 'length', emit)
          finish = { type: 'finish', finishReason: mapFinishReason(choice.finish_reason), rawFinishReason: choice.finish_reason }
        }
      }
      if (chunk.usage) {
        emit({ type: 'usage', usage: normaliseUsage(chunk.usage) })
        // include_usage puts usage in the last chunk, after the finish reason: the answer is
        // complete, whether or not [DONE] follows and the server closes.
        if (finish) return STOP_READING
      }
      return undefined
    }, this.id)
    // A stream that never gave a finish reason was cut short.
    if (finish && !signal.aborted) emit(finish)
  }

  protected async fetchModels(signal: AbortSignal): Promise<ModelInfo[]> {
    const models: ModelInfo[] = []
    for await (const model of this.client.models.list({ signal })) {
      const info: ModelInfo = { id: model.id }
      if (model.owned_by) info.ownedBy = model.owned_by
      // Some compatible servers send no or a zero timestamp.
      if (model.created) info.createdAt = new Date(model.created * 1000).toISOString()
      models.push(info)
    }
    return models
  }

  private deltaParts(delta: ChatCompletionChunk.Choice.Delta, toolCalls: Map<number, PendingToolCall>, emit: EmitAdapterPart): void {
    const reasoning = (delta as ReasoningDelta).reasoning_content ?? (delta as ReasoningDelta).reasoning
    if (reasoning) emit({ type: 'reasoning-delta', text: reasoning })
    if (delta.content) emit({ type: 'text-delta', text: delta.content })
    // A refusal replaces the answer; shown as text so the user sees why there is none.
    if (delta.refusal) emit({ type: 'text-delta', text: delta.refusal })
    for (const fragment of delta.tool_calls ?? []) {
      const call = toolCalls.get(fragment.index) ?? { id: '', name: '', arguments: '' }
      // Ids and names come whole in the first fragment; some servers repeat them later.
      if (fragment.id) call.id = fragment.id
      if (fragment.function?.name) call.name = fragment.function.name
      call.arguments += fragment.function?.arguments ?? ''
      toolCalls.set(fragment.index, call)
    }
  }

  /** `truncated`: the answer hit max tokens, so a last call's arguments may be cut off mid-JSON. */
  private completedToolCalls(toolCalls: Map<number, PendingToolCall>, truncated: boolean, emit: EmitAdapterPart): void {
    const ordered = [...toolCalls.entries()].sort(([a], [b]) => a - b)
    for (const [index, call] of ordered) {
      const parsed = parseToolArguments(call.arguments, call.name, this.id)
      if (parsed instanceof ProviderError) {
        // A call cut off by the token limit cannot run; the finish reason "length" says why it is missing.
        if (truncated) continue
        throw parsed
      }
      const toolCall: ToolCall = { id: call.id || `call_${index}`, name: call.name, arguments: parsed }
      emit({ type: 'tool-call', toolCall })
    }
  }
}

/**
 * One event's chunk, read as the SDK's own stream reader reads it: JSON, and an error sent
 * inside the stream (as an `error` event or an `error` field) thrown as the SDK's APIError.
 */
function chunkOf(event: EventSourceMessage, headers: Headers): ChatCompletionChunk {
  let data: (ChatCompletionChunk & { error?: unknown }) | null
  try {
    data = JSON.parse(event.data)
  } catch {
    throw new SyntaxError('Error reading response: malformed server-sent event JSON.')
  }
  if (event.event === 'error') throw new OpenAI.APIError(undefined, (data?.error ?? data) as object, undefined, headers)
  if (typeof data !== 'object' || data === null) throw new SyntaxError('Error reading response: a server-sent event that is not a JSON object.')
  if (data.error) throw new OpenAI.APIError(undefined, data.error as object, undefined, headers)
  return data
}

function mapFinishReason(raw: string): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop'
    case 'length':
      return 'length'
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls'
    case 'content_filter':
      return 'content-filter'
    default:
      return 'other'
  }
}

/** OpenAI's prompt_tokens already include cache reads, and completion_tokens include reasoning. */
function normaliseUsage(raw: CompletionUsage): Usage {
  const usage = raw as CompatibleUsage
  const normalised: Usage = {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0,
    cacheWriteTokens: usage.prompt_tokens_details?.cache_write_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    estimated: false
  }
  if (typeof usage.cost === 'number') normalised.reportedCostUsd = usage.cost
  return normalised
}
