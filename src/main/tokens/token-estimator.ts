import type { GenerationRequest } from '../../shared/generation'
import type { ProviderProfile } from '../../shared/profiles'
import { type AnthropicCounter, createAnthropicCounter } from './anthropic-count'
import { encodingForModel } from './encoders'
import type { MethodEstimate } from './token-estimate'
import { type TokenCounter, createTokenCounter } from './token-counter'

export type { EstimateMethod, MethodEstimate, TokenEstimate } from './token-estimate'

export interface EstimateOptions {
  /** The profile the request would be sent through: its kind decides how to count. */
  profile: ProviderProfile
  apiKey?: string
  /**
   * Looks the key up only when a count needs it (Anthropic's count_tokens): estimates run on
   * every pause in typing, and a keychain read for every pane each time would be wasted I/O.
   */
  resolveKey?: () => Promise<string | undefined>
  /** Abort when the prompt changed again; the promise then rejects with an AbortError. */
  signal?: AbortSignal
  /** A pane's id: network counts for the same pane are debounced and superseded. */
  debounceKey?: string
}

/** The one way the rest of the app estimates what a prompt will cost in input tokens, before sending it. */
export interface TokenEstimator {
  /**
   * - OpenAI models on an OpenAI-kind profile: tiktoken in the worker ('tiktoken'; exact
   *   unless images, tool calls or unusual tool schemas are involved).
   * - Anthropic-kind profiles: the count_tokens endpoint when a key is configured
   *   ('count_tokens'), else or on failure the local approximation, with the reason.
   * - Everything else: o200k on OpenAI's framing ('approximation', never exact).
   */
  estimateInputTokens(request: GenerationRequest, options: EstimateOptions): Promise<MethodEstimate>
  close(): Promise<void>
}

export interface TokenEstimatorOptions {
  /** The worker's entry; the bundled app passes out/main/token-worker.js. */
  workerUrl?: URL
  /** Counts for Anthropic's endpoint wait this long for typing to pause; default 300 ms. */
  debounceMs?: number
}

export function createTokenEstimator(options: TokenEstimatorOptions = {}): TokenEstimator {
  const counter: TokenCounter = createTokenCounter({ workerUrl: options.workerUrl })
  const anthropic: AnthropicCounter = createAnthropicCounter({
    approximate: (request, signal) => counter.countChat(request, { signal }),
    debounceMs: options.debounceMs
  })

  return {
    async estimateInputTokens(request, { profile, apiKey, resolveKey, signal, debounceKey }) {
      if (profile.kind === 'anthropic') return anthropic.count(request, { profile, apiKey, resolveKey, signal, debounceKey })
      const estimate = await counter.countChat(request, { signal })
      if (encodingForModel(request.model) === null) return { ...estimate, method: 'approximation' }
      const framingCaveat = openAIFramingCaveat(profile, request.model)
      if (framingCaveat) {
        const reason = [estimate.reason, framingCaveat].filter(Boolean).join('; ')
        return { inputTokens: estimate.inputTokens, exact: false, reason, method: 'tiktoken' }
      }
      return { ...estimate, method: 'tiktoken' }
    },
    close: () => counter.close()
  }
}

/**
 * OpenAI's tokenizer counts exactly only when the server frames the chat as OpenAI does. A
 * local server applies its model's own chat template, and gpt-oss speaks the harmony format,
 * whose framing differs, even though both use o200k.
 */
function openAIFramingCaveat(profile: ProviderProfile, modelId: string): string | null {
  if (profile.local) return 'a local server frames the chat with its own template'
  if (/(^|\/)gpt-oss/i.test(modelId)) return 'gpt-oss frames the chat in the harmony format'
  return null
}
