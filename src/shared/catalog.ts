import type { Price } from './profiles'

/** Where a price came from, shown beside every figure. */
export type PriceSource =
  | { kind: 'catalog'; dataset: string; date: string }
  | { kind: 'user' }
  /** A server on this machine: it costs nothing. */
  | { kind: 'local' }
  | { kind: 'unknown' }

/**
 * Where one limit (context window, max output, capabilities) came from. The catalog merges two
 * datasets, so the context window of one model may come from one and its max output from the other.
 */
export type LimitSource = { kind: 'catalog'; dataset: string; date: string } | { kind: 'user' } | { kind: 'unknown' }

export interface LimitsSource {
  contextWindow: LimitSource
  maxOutputTokens: LimitSource
  /** 'catalog' also when the user overrides only the reasoning flag: the other flags are the catalog's. */
  capabilities: LimitSource
}

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
  /**
   * Where contextWindow, maxOutputTokens and capabilities came from. resolveModel always sets it;
   * optional so ResolvedModels written before it (test fixtures) stay valid.
   */
  limitsSource?: LimitsSource
  size: 'large' | 'small' | null
  capabilities: ModelCapabilities | null
  deprecated: boolean
  local: boolean
}
