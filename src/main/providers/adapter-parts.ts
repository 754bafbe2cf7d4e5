import type { FinishReason } from '../../shared/generation'
import type { StreamPart } from '../../shared/stream-parts'

/**
 * What a vendor adapter yields for one attempt. It throws on failure instead of yielding an
 * error; the base provider turns that into `error` + `finish`, adds usage when the server
 * sent none, and owns retries and timeouts. The adapter yields `finish` only once the vendor
 * stream has ended normally.
 */
export type AdapterPart =
  | Extract<StreamPart, { type: 'response-metadata' | 'text-delta' | 'reasoning-delta' | 'reasoning-signature' | 'tool-call' | 'usage' }>
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason: string | null }
