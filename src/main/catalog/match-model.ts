import type { ProviderKind, ProviderProfile } from '../../shared/profiles'
import { normalizeModelId, ollamaSizeKey, splitVendorPrefix, withoutSnapshotDate } from './model-id'
import type { Catalog, CatalogEntry, CatalogVendor } from './types'

export interface MatchHint {
  /** The dataset provider whose API the profile talks to (see hostVendor), if any. */
  host?: string | null
}

/**
 * The catalog entry for a model id as an endpoint reports it, or null: an id that none of the
 * rules below finds stays unknown, it is never matched to a look-alike.
 *
 * 1. Id forms: the id as given (case and Ollama's ":latest" aside), then, if it ends in a
 *    snapshot date, the id without it ("claude-sonnet-4-5-20250929" → "claude-sonnet-4-5").
 *    The dated id wins when the dataset lists it, e.g. "gpt-4o-2024-05-13" has its own price.
 * 2. Preferred providers, each form in turn: the profile's host's own listing (OpenRouter,
 *    Groq … price models themselves), then the vendor an OpenRouter-style prefix names
 *    ("openai/gpt-4o-mini") or, for a bare id, the first-party vendor that owns ids like it.
 * 3. Only then any provider that lists exactly that id (e.g. Groq's "llama-3.3-70b-versatile"
 *    seen through another endpoint), so a host's relisting never shadows the vendor's entry.
 * 4. An Ollama size tag ("llama3.1:8b") maps to the open-weight entry of that size, if the
 *    dataset has one; a tag it cannot read ("405b-fake") leaves the model unknown.
 */
export function matchModel(catalog: Catalog, modelId: string, hint: MatchHint = {}): CatalogEntry | null {
  const id = normalizeModelId(modelId)
  if (!id) return null
  const undated = withoutSnapshotDate(id)
  const found = findListed(catalog, undated ? [id, undated] : [id], hint.host ?? null, [preferred, anyProvider])
  if (found) return found
  const sizeKey = ollamaSizeKey(id)
  if (!sizeKey) return null
  // The model's own vendor first ("gpt-oss-20b" is OpenAI's), else the open-weight index.
  return findListed(catalog, [sizeKey], null, [preferred]) ?? catalog.byOpenWeightKey.get(sizeKey) ?? null
}

type Lookup = [vendor: CatalogVendor, id: string]
type Strategy = (catalog: Catalog, id: string, host: string | null) => Lookup[]

function findListed(catalog: Catalog, forms: string[], host: string | null, strategies: Strategy[]): CatalogEntry | null {
  for (const candidates of strategies) {
    for (const form of forms) {
      for (const [vendor, lookupId] of candidates(catalog, form, host)) {
        const entry = vendor.byId.get(lookupId)
        if (entry) return entry
      }
    }
  }
  return null
}

function preferred(catalog: Catalog, id: string, host: string | null): Lookup[] {
  const { vendors } = catalog
  const hostVendor = vendors.filter((vendor) => vendor.id === host).map((vendor): Lookup => [vendor, id])
  const split = splitVendorPrefix(id)
  const named = split
    ? vendors.filter((vendor) => vendor.answersToPrefix(split.prefix)).map((vendor): Lookup => [vendor, split.rest])
    : // Only bare ids have an owner: "someone/gpt-4o" is someone's model, not OpenAI's.
      vendors.filter((vendor) => vendor.ownsModel(id)).map((vendor): Lookup => [vendor, id])
  return [...hostVendor, ...named]
}

function anyProvider(catalog: Catalog, id: string): Lookup[] {
  return catalog.vendors.map((vendor): Lookup => [vendor, id])
}

// Where each wire format's SDK sends requests when a profile sets no base URL.
const DEFAULT_BASE_URL: Record<ProviderKind, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com'
}

/**
 * The dataset provider a profile talks to, from its base URL (the dataset's own URL patterns),
 * or null for a local server or a host the dataset does not know.
 */
export function hostVendor(profile: ProviderProfile, catalog: Catalog): string | null {
  if (profile.local) return null
  const url = profile.baseURL ?? DEFAULT_BASE_URL[profile.kind]
  return catalog.vendors.find((vendor) => vendor.servesUrl(url))?.id ?? null
}
