import type { ModelInfo, Provider } from '@pydantic/genai-prices'
import type { ModelConfig } from 'llm-zoo'
import { priceInForce } from './dataset-price'
import { limitsRecords } from './limits-dataset'
import { literalIds, matchesLogic } from './match-logic'
import { limitsOnlyEntries, matchLimits, withLimits } from './merge-limits'
import { openWeightKey } from './model-id'
import { sizeClass } from './size-class'
import type { Catalog, CatalogEntry, CatalogProvenance, CatalogVendor } from './types'

/** Hosts that relist every vendor's models under "vendor/model" ids: searched after first-party vendors. */
const AGGREGATORS = ['openrouter']

export interface BuildOptions {
  provenance: CatalogProvenance
  /** Which dated price is in force; today unless a test says otherwise. */
  asOf?: Date
  /** The limits dataset's (llm-zoo's) model configurations; without them max output and capabilities stay unknown. */
  limits?: readonly ModelConfig[]
}

/**
 * Turns the price dataset's providers into catalog entries and lookup indexes, then merges the
 * limits dataset into them (see merge-limits.ts). Pure: no I/O.
 */
export function buildCatalog(providers: readonly Provider[], options: BuildOptions): Catalog {
  const asOf = options.asOf ?? new Date()
  const ordered = searchOrder(providers)
  const priced = ordered.map((provider) => provider.models.map((model) => toEntry(provider.id, model, asOf)))
  const catalog = assemble(ordered, priced, options.provenance)
  if (!options.limits) return catalog

  // Matching needs the priced catalog's indexes, so the merged catalog is assembled a second time.
  const { byEntry, unknown } = matchLimits(catalog, limitsRecords(options.limits))
  const added = limitsOnlyEntries(unknown)
  const merged = ordered.map((provider, at) => [
    ...priced[at].map((entry) => {
      const records = byEntry.get(entry)
      return records ? withLimits(entry, records) : entry
    }),
    ...added.filter((entry) => entry.vendor === provider.id)
  ])
  return assemble(ordered, merged, options.provenance)
}

/** The catalog of these providers (in search order) and their entries (in the same order). */
function assemble(providers: readonly Provider[], entriesOf: readonly CatalogEntry[][], provenance: CatalogProvenance): Catalog {
  const vendors = providers.map((provider, at) => toVendor(provider, entriesOf[at]))
  const entries = entriesOf.flat()
  return { provenance, entries, vendors, byOpenWeightKey: openWeightIndex(entries) }
}

/**
 * First-party vendors (the dataset names the model ids they own, e.g. "claude…" for Anthropic)
 * come first, then aggregators, then other hosts, each group in the dataset's order.
 */
function searchOrder(providers: readonly Provider[]): Provider[] {
  const firstParty = providers.filter((provider) => provider.model_match && !AGGREGATORS.includes(provider.id))
  const aggregators = providers.filter((provider) => AGGREGATORS.includes(provider.id))
  const hosts = providers.filter((provider) => !firstParty.includes(provider) && !aggregators.includes(provider))
  return [...firstParty, ...aggregators, ...hosts]
}

function toVendor(provider: Provider, entries: readonly CatalogEntry[]): CatalogVendor {
  const byId = new Map<string, CatalogEntry>()
  for (const entry of entries) {
    for (const id of [entry.id.toLowerCase(), ...entry.aliases]) {
      if (!byId.has(id)) byId.set(id, entry)
    }
  }
  const apiPattern = new RegExp(`^(?:${provider.api_pattern})`, 'i')
  return {
    id: provider.id,
    name: provider.name,
    servesUrl: (url) => apiPattern.test(url),
    ownsModel: (modelId) => (provider.model_match ? matchesLogic(provider.model_match, modelId) : false),
    answersToPrefix: (prefix) =>
      prefix.toLowerCase() === provider.id.toLowerCase() ||
      (provider.provider_match ? matchesLogic(provider.provider_match, prefix) : false),
    byId
  }
}

function toEntry(vendor: string, model: ModelInfo, asOf: Date): CatalogEntry {
  const id = model.id.toLowerCase()
  const contextWindow = model.context_window ?? null
  return {
    id: model.id,
    vendor,
    name: model.name ?? model.id,
    aliases: literalIds(model.match).filter((alias) => alias !== id),
    contextWindow,
    contextWindowFrom: contextWindow === null ? null : 'prices',
    // The price dataset has neither output limits nor capabilities: the limits dataset may add them.
    maxOutputTokens: null,
    capabilities: null,
    price: priceInForce(model, asOf),
    size: sizeClass(model.id),
    deprecated: model.deprecated === true
  }
}

/**
 * Open-weight key → entry for local model tags. Aggregators come first: their "org/model" ids
 * are the models' own names, where other hosts add suffixes ("-turbo", "-versatile"). A current
 * entry beats a deprecated one. Free-tier variants ("…:free") and other tagged ids are left out.
 */
function openWeightIndex(entries: readonly CatalogEntry[]): Map<string, CatalogEntry> {
  const index = new Map<string, CatalogEntry>()
  const aggregated = entries.filter((entry) => AGGREGATORS.includes(entry.vendor))
  const others = entries.filter((entry) => !AGGREGATORS.includes(entry.vendor))
  for (const entry of [...aggregated, ...others]) {
    if (entry.id.includes(':')) continue
    const key = openWeightKey(entry.id)
    const held = index.get(key)
    if (!held || (held.deprecated && !entry.deprecated)) index.set(key, entry)
  }
  return index
}
