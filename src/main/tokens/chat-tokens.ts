import type { GenerationRequest } from '../../shared/generation.ts'
import { encodingForModel, loadCounter } from './encoders.ts'
import { countChatRequest } from './openai-count.ts'
import type { TokenEstimate } from './token-estimate.ts'

export type { TokenEstimate }

/**
 * Input tokens of a chat request, counted in this thread. Exact for OpenAI models on text and
 * described string-only tools; an approximation (o200k on the same framing) for every other
 * model, and for images, tool calls and other tool schemas. The app's interactive estimates go
 * through the worker (token-counter.ts); this is for the providers' after-the-fact usage.
 */
export async function estimateChatTokens(request: GenerationRequest): Promise<TokenEstimate> {
  const encoding = encodingForModel(request.model)
  const counter = await loadCounter(encoding ?? 'o200k_base')
  return countChatRequest(counter, request, encoding)
}

/** Tokens in generated text, for usage the server did not report. */
export async function estimateTextTokens(modelId: string, text: string): Promise<number> {
  if (!text) return 0
  const counter = await loadCounter(encodingForModel(modelId) ?? 'o200k_base')
  return counter.count(text)
}
