import type { Price } from './profiles'

/** Where a price (or limit) came from, shown beside every figure. */
export type PriceSource =
  | { kind: 'catalog'; dataset: string; date: string }
  | { kind: 'user' }
  /** A server on this machine: it costs nothing. */
  | { kind: 'local' }
  | { kind: 'unknown' }

export interface ModelCapabilities {
  tools: boolean
  vision: boolean
  reasoning: boolean
}

/**
 * Everything Juxta knows about one model instance ("profileId:modelId"): the catalog's entry
 * with the user's overrides applied. An id the catalog does not know stays unknown — never
 * a guess.
 */
export interface ResolvedModel {
  ref: string
  profileId: string
  modelId: string
  /** The catalog entry matched, or null for an unknown model. */
  catalogId: string | null
  /** The vendor the catalog lists it under (openai, anthropic, google …), when known. */
  vendor: string | null
  name: string
  contextWindow: number | null
  maxOutputTokens: number | null
  /** USD per million tokens; null when unknown. */
  price: Price | null
  priceSource: PriceSource
  size: 'large' | 'small' | null
  capabilities: ModelCapabilities | null
  deprecated: boolean
  local: boolean
}
