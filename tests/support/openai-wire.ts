import { sseEvent } from './loopback-server'

/**
 * OpenAI's Chat Completions wire format, byte for byte as api.openai.com streams it, plus the
 * fields OpenAI-compatible servers add (reasoning_content, reasoning, usage.cost).
 */

export type WireFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | null

export interface WireToolCallDelta {
  index: number
  id?: string
  type?: 'function'
  function: { name?: string; arguments?: string }
}

export interface WireDelta {
  role?: 'assistant'
  content?: string | null
  refusal?: string | null
  reasoning_content?: string
  reasoning?: string
  tool_calls?: WireToolCallDelta[]
}

export interface WireUsage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number; cache_write_tokens?: number }
  completion_tokens_details?: {
    reasoning_tokens?: number
    audio_tokens?: number
    accepted_prediction_tokens?: number
    rejected_prediction_tokens?: number
  }
  /** OpenRouter's charge in USD. */
  cost?: number
  /** DeepSeek's cache accounting. */
  prompt_cache_hit_tokens?: number
  prompt_cache_miss_tokens?: number
}

export interface WireChunk {
  id: string
  object: 'chat.completion.chunk'
  created: number
  model: string
  service_tier?: string
  system_fingerprint: string
  choices: Array<{ index: number; delta: WireDelta; logprobs: null; finish_reason: WireFinishReason }>
  usage?: WireUsage | null
}

export interface StreamIdentity {
  id?: string
  model?: string
  created?: number
  systemFingerprint?: string
  /** As if the request set stream_options.include_usage: every chunk carries `usage: null`. */
  includeUsage?: boolean
}

/** Builds one streamed answer chunk by chunk; `toSse()` frames it as the server sends it. */
export class ChatStream {
  private readonly frames: string[] = []
  private readonly identity: Required<StreamIdentity>

  constructor(identity: StreamIdentity = {}) {
    this.identity = {
      id: 'chatcmpl-BxJ8mQ2v7kX0fT3rLpN9sYwZ1aE4c',
      model: 'gpt-4o-mini-2024-07-18',
      created: 1_760_000_000,
      systemFingerprint: 'fp_560af6e559',
      includeUsage: true,
      ...identity
    }
  }

  /** OpenAI's first chunk: the role with empty content. */
  role(): this {
    return this.delta({ role: 'assistant', content: '', refusal: null })
  }

  text(...pieces: string[]): this {
    for (const content of pieces) this.delta({ content })
    return this
  }

  /** Visible reasoning, in the field DeepSeek/vLLM (`reasoning_content`) or OpenRouter/Ollama (`reasoning`) use. */
  reasoning(field: 'reasoning_content' | 'reasoning', ...pieces: string[]): this {
    for (const text of pieces) this.delta({ [field]: text })
    return this
  }

  /** The first fragment of a tool call: id, type and name, with empty arguments. */
  toolCallStart(index: number, id: string, name: string): this {
    return this.delta({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] })
  }

  toolArguments(index: number, fragment: string): this {
    return this.delta({ tool_calls: [{ index, function: { arguments: fragment } }] })
  }

  /** The chunk with an empty delta that carries the finish reason. */
  finish(reason: Exclude<WireFinishReason, null>): this {
    return this.chunk({}, reason)
  }

  /** The usage chunk sent last when include_usage is set: no choices at all. */
  usage(usage: WireUsage): this {
    this.frames.push(sseEvent({ ...this.envelope(), choices: [], usage }))
    return this
  }

  delta(delta: WireDelta): this {
    return this.chunk(delta, null)
  }

  /** An error object in place of a chunk, as OpenAI sends when it fails mid-stream. */
  error(body: OpenAIErrorBody): this {
    this.frames.push(sseEvent(body))
    return this
  }

  /** A data line sent verbatim, e.g. one that is not JSON. */
  rawData(data: string): this {
    this.frames.push(`data: ${data}\n\n`)
    return this
  }

  /** The SSE body; `done: false` leaves out the `data: [DONE]` terminator. */
  toSse({ done = true }: { done?: boolean } = {}): string {
    return this.frames.join('') + (done ? 'data: [DONE]\n\n' : '')
  }

  private chunk(delta: WireDelta, finishReason: WireFinishReason): this {
    const chunk: WireChunk = {
      ...this.envelope(),
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }]
    }
    if (this.identity.includeUsage) chunk.usage = null
    this.frames.push(sseEvent(chunk))
    return this
  }

  private envelope(): Omit<WireChunk, 'choices'> {
    return {
      id: this.identity.id,
      object: 'chat.completion.chunk',
      created: this.identity.created,
      model: this.identity.model,
      service_tier: 'default',
      system_fingerprint: this.identity.systemFingerprint
    }
  }
}

export function usage(promptTokens: number, completionTokens: number, details: Partial<WireUsage> = {}): WireUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0
    },
    ...details
  }
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

export function openAIError(message: string, type: string, param: string | null, code: string | null): OpenAIErrorBody {
  return { error: { message, type, param, code } }
}

/** Error bodies exactly as api.openai.com returns them. */
export const OPENAI_ERRORS = {
  invalidApiKey: (key: string) =>
    openAIError(
      `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_request_error',
      null,
      'invalid_api_key'
    ),
  badRequest: () =>
    openAIError(
      "Invalid value for 'temperature': expected a number between 0 and 2, but got 7 instead.",
      'invalid_request_error',
      'temperature',
      'invalid_value'
    ),
  unsupportedCountry: () =>
    openAIError('Country, region, or territory not supported', 'request_forbidden', null, 'unsupported_country_region_territory'),
  modelNotFound: (model: string) =>
    openAIError(
      `The model \`${model}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      null,
      'model_not_found'
    ),
  contextLengthExceeded: () =>
    openAIError(
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
      'invalid_request_error',
      'messages',
      'context_length_exceeded'
    ),
  rateLimited: () =>
    openAIError(
      'Rate limit reached for gpt-4o-mini in organization org-abc123 on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
      'requests',
      null,
      'rate_limit_exceeded'
    ),
  insufficientQuota: () =>
    openAIError(
      'You exceeded your current quota, please check your plan and billing details.',
      'insufficient_quota',
      null,
      'insufficient_quota'
    ),
  serverError: () =>
    openAIError(
      'The server had an error while processing your request. Sorry about that!',
      'server_error',
      null,
      null
    ),
  overloaded: () =>
    openAIError('That model is currently overloaded with other requests. You can retry your request.', 'server_error', null, null)
} as const
