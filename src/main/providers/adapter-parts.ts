import type { FinishReason } from '../../shared/generation'
import type { StreamPart } from '../../shared/stream-parts'

/**
 * What a vendor adapter emits for one attempt. It throws on failure instead of emitting an
 * error; the base provider turns that into `error` + `finish`, adds usage when the server
 * sent none, and owns retries and timeouts. The adapter emits `finish` only once the vendor
 * stream has ended normally.
 */
export type AdapterPart =
  | Extract<StreamPart, { type: 'response-metadata' | 'text-delta' | 'reasoning-delta' | 'reasoning-signature' | 'tool-call' | 'usage' }>
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason: string | null }

/**
 * Adapters hand parts over by calling this rather than yielding them: each layer of async
 * generators costs every chunk several promise turns, and a fast stream has tens of thousands.
 */
export type EmitAdapterPart = (part: AdapterPart) => void
