import type { ModelCapabilities } from '../../shared/catalog'
import type { Price } from '../../shared/profiles'

/** One dataset package the catalog was built from, shown beside the figures taken from it. */
export interface DatasetProvenance {
  /** "<npm package>@<version>" */
  dataset: string
  /** YYYY-MM-DD: the day that version of the dataset was published. */
  date: string
}

/** The two datasets the catalog merges, by what each is used for. */
export interface CatalogProvenance {
  /** Prices, context windows, deprecation, the list of models and hosts: @pydantic/genai-prices. */
  prices: DatasetProvenance
  /** Max output tokens, capabilities, deprecation and retirement, missing context windows: llm-zoo. */
  limits: DatasetProvenance
}

/** One model as one vendor (or host) lists it in the price dataset, or a vendor's model only the limits dataset knows. */
export interface CatalogEntry {
  /** The model id as the dataset spells it, e.g. "gpt-4o" or "meta-llama/llama-3.1-8b-instruct". */
  id: string
  /** The dataset's provider id it is listed under: "openai", "anthropic", "openrouter", "groq" … */
  vendor: string
  name: string
  /** Other exact ids the dataset prices the same way (dated snapshots, dotted spellings), lower case. */
  aliases: readonly string[]
  contextWindow: number | null
  /** Which dataset the context window came from: the price dataset's wins, the limits dataset fills gaps. */
  contextWindowFrom: keyof CatalogProvenance | null
  /** From the limits dataset; null when it does not know the model. */
  maxOutputTokens: number | null
  /** USD per million tokens; null when the price dataset lacks an input or output price or the model. */
  price: Price | null
  /** From the limits dataset; null when it does not know the model. */
  capabilities: ModelCapabilities | null
  size: 'large' | 'small' | null
  /** Either dataset says deprecated, or the limits dataset says retired (no longer served). */
  deprecated: boolean
}

/** A provider of the dataset with its entries indexed for exact lookups. */
export interface CatalogVendor {
  id: string
  name: string
  /** Whether a base URL is this provider's API (the dataset's own URL pattern). */
  servesUrl(url: string): boolean
  /** Whether the dataset says a bare model id like this one is this provider's own (e.g. "claude…"). */
  ownsModel(modelId: string): boolean
  /** Whether an OpenRouter-style prefix ("mistralai", "x-ai" …) names this provider. */
  answersToPrefix(prefix: string): boolean
  /** Lower-case id or alias → entry; the first entry wins, as in the dataset's own matching. */
  byId: ReadonlyMap<string, CatalogEntry>
}

export interface Catalog {
  provenance: CatalogProvenance
  entries: readonly CatalogEntry[]
  /** In search order: first-party vendors, then aggregators, then other hosts. */
  vendors: readonly CatalogVendor[]
  /** Open-weight key ("llama-3.1-8b") → the preferred entry for it, for local model tags. */
  byOpenWeightKey: ReadonlyMap<string, CatalogEntry>
}
