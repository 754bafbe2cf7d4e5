import type { LimitSource, LimitsSource, PriceSource, ResolvedModel } from '../../shared/catalog'
import { formatModelRef, type ModelConfig, type Price, type ProviderProfile } from '../../shared/profiles'
import { hostVendor, matchModel } from './match-model'
import type { Catalog, CatalogEntry, CatalogProvenance } from './types'

const FREE: Price = { input: 0, output: 0, cachedInput: 0, cacheWrite: 0 }

/**
 * Everything Juxta knows about one model of one profile: the catalog entry, if the id matches
 * one, with the profile's own settings for that model applied field by field on top.
 */
export function resolveModel(profile: ProviderProfile, modelId: string, catalog: Catalog): ResolvedModel {
  const config = profile.models.find((model) => model.id === modelId)
  const entry = matchModel(catalog, modelId, { host: hostVendor(profile, catalog) })
  const { price, priceSource } = resolvePrice(profile, config, entry, catalog)
  return {
    ref: formatModelRef({ profileId: profile.id, modelId }),
    profileId: profile.id,
    modelId,
    catalogId: entry?.id ?? null,
    vendor: entry?.vendor ?? null,
    name: config?.name ?? entry?.name ?? modelId,
    contextWindow: config?.contextWindow ?? entry?.contextWindow ?? null,
    maxOutputTokens: config?.maxOutputTokens ?? entry?.maxOutputTokens ?? null,
    price,
    priceSource,
    limitsSource: limitsSource(config, entry, catalog),
    size: config?.size ?? entry?.size ?? null,
    capabilities: entry?.capabilities
      ? { ...entry.capabilities, reasoning: config?.reasoning ?? entry.capabilities.reasoning }
      : null,
    deprecated: entry?.deprecated ?? false,
    local: profile.local === true
  }
}

/**
 * The user's price wins (they know their contract); a server on this machine costs nothing;
 * then the catalog's; otherwise the price is unknown.
 */
function resolvePrice(
  profile: ProviderProfile,
  config: ModelConfig | undefined,
  entry: CatalogEntry | null,
  catalog: Catalog
): { price: Price | null; priceSource: PriceSource } {
  if (config?.price) return { price: config.price, priceSource: { kind: 'user' } }
  if (profile.local) return { price: FREE, priceSource: { kind: 'local' } }
  if (entry?.price) return { price: entry.price, priceSource: { kind: 'catalog', ...catalog.provenance.prices } }
  return { price: null, priceSource: { kind: 'unknown' } }
}

/** Where each limit came from, by the same precedence resolveModel applies to the figures. */
function limitsSource(config: ModelConfig | undefined, entry: CatalogEntry | null, catalog: Catalog): LimitsSource {
  const from = (dataset: keyof CatalogProvenance | null): LimitSource =>
    dataset ? { kind: 'catalog', ...catalog.provenance[dataset] } : { kind: 'unknown' }
  const user: LimitSource = { kind: 'user' }
  return {
    contextWindow: config?.contextWindow !== undefined ? user : from(entry?.contextWindowFrom ?? null),
    // Max output and capabilities come only from the limits dataset.
    maxOutputTokens: config?.maxOutputTokens !== undefined ? user : from(entry?.maxOutputTokens != null ? 'limits' : null),
    capabilities: from(entry?.capabilities ? 'limits' : null)
  }
}
