import type { GenerationResult } from '../../shared/generation'
import { emptyUsage } from '../../shared/generation'
import type { ToolCall } from '../../shared/messages'
import type { StreamPart } from '../../shared/stream-parts'
import { ProviderError } from './provider-error'

/** Folds a stream into one result; throws ProviderError if the stream failed or was cancelled. */
export async function collectStream(parts: AsyncIterable<StreamPart>, provider: string): Promise<GenerationResult> {
  const textChunks: string[] = []
  const reasoningChunks: string[] = []
  const toolCalls: ToolCall[] = []
  const result: Omit<GenerationResult, 'text' | 'reasoning' | 'toolCalls'> = {
    reasoningSignature: null,
    usage: emptyUsage(true),
    finishReason: 'other',
    rawFinishReason: null,
    responseId: null,
    model: null
  }
  let failure: ProviderError | undefined
  for await (const part of parts) {
    switch (part.type) {
      case 'response-metadata':
        result.responseId = part.id ?? result.responseId
        result.model = part.model ?? result.model
        break
      case 'text-delta':
        textChunks.push(part.text)
        break
      case 'reasoning-delta':
        reasoningChunks.push(part.text)
        break
      case 'reasoning-signature':
        result.reasoningSignature = part.signature
        break
      case 'tool-call':
        toolCalls.push(part.toolCall)
        break
      case 'usage':
        result.usage = part.usage
        break
      case 'retry':
        break
      case 'error':
        failure = ProviderError.fromInfo(part.error)
        break
      case 'finish':
        result.finishReason = part.finishReason
        result.rawFinishReason = part.rawFinishReason
        result.usage = part.usage
        break
    }
  }
  if (failure) throw failure
  if (result.finishReason === 'cancelled') throw new ProviderError({ kind: 'cancelled', provider })
  return { ...result, text: textChunks.join(''), reasoning: reasoningChunks.join(''), toolCalls }
}
