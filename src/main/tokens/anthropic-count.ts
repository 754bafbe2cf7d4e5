import { createHash } from 'node:crypto'
import type { MessageCountTokensParams } from '@anthropic-ai/sdk/resources/messages'
import type { GenerationRequest } from '../../shared/generation'
import type { ProviderProfile } from '../../shared/profiles'
import { createClient } from '../providers/anthropic/anthropic-provider'
import { type AnthropicRequestBody, toAnthropicRequest } from '../providers/anthropic/anthropic-messages'
import { toProviderError } from '../providers/sdk-errors'
import { KeyedDebouncer } from './debounce'
import { BoundedCache } from './bounded-cache'
import type { MethodEstimate, TokenEstimate } from './token-estimate'

/**
 * Exact input tokens for Anthropic models, from the Messages API's count_tokens endpoint (free,
 * but a network round trip): cached by request body, debounced per pane, cancellable, and
 * replaced by the local approximation whenever it cannot be had.
 */

// A count is worth little after a few seconds: the user has typed on, or will see the approximation.
const COUNT_TIMEOUT_MS = 10_000

/**
 * The body fields count_tokens accepts (MessageCountTokensParams). It refuses the others that a
 * Messages body carries, such as max_tokens and temperature, and they do not change the count.
 */
const COUNTED_FIELDS = [
  'model',
  'messages',
  'system',
  'thinking',
  'tools',
  'tool_choice',
  'output_config',
  'cache_control',
  'speed'
] as const

export interface AnthropicCountOptions {
  profile: ProviderProfile
  /** Without a key there is no exact count: the approximation is returned. */
  apiKey?: string
  /** Looks the key up when no `apiKey` is given: only for Anthropic panes, which are the only ones that need it. */
  resolveKey?: () => Promise<string | undefined>
  signal?: AbortSignal
  /** Calls with the same key (a pane) are debounced; without one the request goes at once. */
  debounceKey?: string
}

export interface AnthropicCounterOptions {
  /** The local approximation, used when no exact count can be had. */
  approximate: (request: GenerationRequest, signal?: AbortSignal) => Promise<TokenEstimate>
  /** Default 300 ms. */
  debounceMs?: number
  /** Distinct request bodies remembered; default 500. */
  cacheSize?: number
  /** For tests: the clock that times how long a lasting failure is remembered. */
  now?: () => number
}

/**
 * How long an endpoint that refused count_tokens for good — the key rejected or not allowed, or
 * no such endpoint (many Anthropic-compatible proxies lack it) — is not asked again: otherwise
 * every pause in typing would wait for the same refusal before showing the approximation.
 * Passing failures (5xx, 429, the network) are asked again at the next pause.
 */
const LASTING_FAILURE_MS = 5 * 60_000
const LASTING_FAILURES = new Set(['auth', 'permission', 'not_found', 'bad_request'])

export interface AnthropicCounter {
  /**
   * `method` is 'count_tokens' for an exact count, 'approximation' (with a reason) otherwise.
   * Rejects only when aborted or superseded, with an AbortError.
   */
  count(request: GenerationRequest, options: AnthropicCountOptions): Promise<MethodEstimate>
}

export function createAnthropicCounter(options: AnthropicCounterOptions): AnthropicCounter {
  const cache = new BoundedCache<string, number>(options.cacheSize ?? 500)
  const debouncer = new KeyedDebouncer(options.debounceMs ?? 300)
  const now = options.now ?? Date.now
  /** Endpoint and key (hashed) → until when a lasting refusal stands, and why. */
  const refusals = new Map<string, { until: number; reason: string }>()

  async function approximate(request: GenerationRequest, why: string, signal?: AbortSignal): Promise<MethodEstimate> {
    const estimate = await options.approximate(request, signal)
    return { inputTokens: estimate.inputTokens, exact: false, reason: `${why}; counted locally instead`, method: 'approximation' }
  }

  async function fetchCount(body: MessageCountTokensParams, profile: ProviderProfile, apiKey: string, signal: AbortSignal): Promise<number> {
    const client = createClient(profile, apiKey)
    const result = await client.messages.countTokens(body, { signal, timeout: COUNT_TIMEOUT_MS })
    const tokens: unknown = result?.input_tokens
    if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0) {
      throw new Error('count_tokens answered without a valid input_tokens')
    }
    return tokens
  }

  /** count_tokens' answer, or the approximation with the reason; only this waits for the pause in typing. Rejects only when aborted or superseded. */
  async function askEndpoint(request: GenerationRequest, body: MessageCountTokensParams, profile: ProviderProfile, apiKey: string, signal: AbortSignal): Promise<MethodEstimate> {
    const endpoint = endpointKey(profile, apiKey)
    try {
      const tokens = await fetchCount(body, profile, apiKey, signal)
      cache.set(cacheKey(profile, body), tokens)
      refusals.delete(endpoint)
      return { inputTokens: tokens, exact: true, method: 'count_tokens' }
    } catch (error) {
      // Cancelled or superseded: nobody wants any answer, not even an approximate one.
      if (signal.aborted) throw signal.reason
      const failure = toProviderError(error, profile.id, [apiKey])
      if (failure.kind === 'cancelled') throw error instanceof DOMException ? error : new DOMException(failure.message, 'AbortError')
      const reason = `count_tokens failed: ${failure.message}`
      if (LASTING_FAILURES.has(failure.kind)) {
        refusals.set(endpoint, { until: now() + LASTING_FAILURE_MS, reason: `${reason} (asked again in a few minutes, or when the key changes)` })
      }
      return approximate(request, reason, signal)
    }
  }

  return {
    async count(request, countOptions) {
      const { profile, signal, debounceKey } = countOptions
      signal?.throwIfAborted()
      // Resolved at once (an async lookup, off this thread): a pane without a key shows its approximation without waiting for the debounce.
      const apiKey = countOptions.apiKey ?? (await countOptions.resolveKey?.())
      if (!apiKey) return approximate(request, `no API key for ${profile.id}, so no exact count`, signal)
      let body: MessageCountTokensParams
      try {
        body = toCountTokensBody(toAnthropicRequest(request, profile))
      } catch (error) {
        return approximate(request, `the request cannot be sent as it is (${toProviderError(error, profile.id, [apiKey]).message})`, signal)
      }
      const cached = cache.get(cacheKey(profile, body))
      if (cached !== undefined) return { inputTokens: cached, exact: true, method: 'count_tokens' }
      const refusal = refusals.get(endpointKey(profile, apiKey))
      if (refusal && refusal.until > now()) return approximate(request, refusal.reason, signal)
      const task = (taskSignal: AbortSignal): Promise<MethodEstimate> => askEndpoint(request, body, profile, apiKey, taskSignal)
      return debounceKey ? debouncer.run(debounceKey, task, signal) : task(signal ?? new AbortController().signal)
    }
  }
}

/** The count_tokens body for a Messages body, built by the same code as what would be sent. */
export function toCountTokensBody(body: AnthropicRequestBody): MessageCountTokensParams {
  const fields: Record<string, unknown> = {}
  for (const field of COUNTED_FIELDS) if (body[field] !== undefined) fields[field] = body[field]
  return fields as unknown as MessageCountTokensParams
}

/** An endpoint with one key: a new key is asked again at once. The key enters only hashed. */
function endpointKey(profile: ProviderProfile, apiKey: string): string {
  return createHash('sha256').update(profile.baseURL ?? '').update('\0').update(apiKey).digest('hex')
}

// The endpoint is part of the key: a proxy at another base URL may count differently.
function cacheKey(profile: ProviderProfile, body: MessageCountTokensParams): string {
  return createHash('sha256')
    .update(profile.baseURL ?? '')
    .update('\n')
    .update(JSON.stringify(body))
    .digest('hex')
}
