import { combineLimits } from './combine-limits'
import type { LimitsRecord } from './limits-dataset'
import { matchModel } from './match-model'
import { withoutVersion } from './model-id'
import { sizeClass } from './size-class'
import type { Catalog, CatalogEntry } from './types'

export interface LimitsMatch {
  /** A price-dataset entry → the limits records of its model. */
  byEntry: ReadonlyMap<CatalogEntry, readonly LimitsRecord[]>
  /** Records none of whose ids the price catalog knows under any provider. */
  unknown: readonly LimitsRecord[]
}

/**
 * Finds each record's model in the price catalog with the catalog's own matching (case, listed
 * aliases, snapshot dates), so "claude-haiku-4-5-20251001" meets the "claude-haiku-4-5" entry.
 * Two checks keep limits from landing on another model:
 *
 * - The ids must name the same model up to a snapshot date or version tag (withoutVersion).
 *   The price dataset's aliases mean "priced the same", and it prices some different models
 *   alike: "moonshot-v1-128k-vision-preview" is an alias of the text-only "moonshot-v1-128k",
 *   "gpt-5.2-codex" of "gpt-5.2", "gemini-2.5-flash-lite-preview" of the release.
 * - Only the vendor's own listing receives the record: a host (OpenRouter, Groq, Bedrock …)
 *   may serve the model with other limits.
 *
 * A record whose ids the catalog knows but not as that model of that vendor is dropped rather
 * than added as a new entry, which would take the id's price away from the listing that has it.
 */
export function matchLimits(catalog: Catalog, records: readonly LimitsRecord[]): LimitsMatch {
  const byEntry = new Map<CatalogEntry, LimitsRecord[]>()
  const unknown: LimitsRecord[] = []
  for (const record of records) {
    const found = record.ids.flatMap((id) => {
      const entry = matchModel(catalog, id, { host: record.vendor })
      return entry ? [{ id, entry }] : []
    })
    if (found.length === 0) unknown.push(record)
    const same = found.filter(({ id, entry }) => entry.vendor === record.vendor && withoutVersion(entry.id) === withoutVersion(id))
    for (const entry of new Set(same.map(({ entry }) => entry))) {
      byEntry.set(entry, [...(byEntry.get(entry) ?? []), record])
    }
  }
  return { byEntry, unknown }
}

/** The entry with the records' max output and capabilities; its own context window wins. */
export function withLimits(entry: CatalogEntry, records: readonly LimitsRecord[]): CatalogEntry {
  const limits = combineLimits(records)
  const fillsGap = entry.contextWindow === null && limits.contextWindow !== null
  return {
    ...entry,
    contextWindow: entry.contextWindow ?? limits.contextWindow,
    contextWindowFrom: fillsGap ? 'limits' : entry.contextWindowFrom,
    maxOutputTokens: limits.maxOutputTokens,
    capabilities: limits.capabilities,
    deprecated: entry.deprecated || limits.deprecated
  }
}

/**
 * Entries for the vendor models only the limits dataset knows (newer than the price dataset),
 * so their limits and capabilities show. They have no price: Juxta shows "price unknown", as
 * for any model without one, and never takes llm-zoo's prices (they lack cache rates and dated
 * changes). Records of one vendor that share an id are one model.
 */
export function limitsOnlyEntries(records: readonly LimitsRecord[]): CatalogEntry[] {
  const models: LimitsRecord[][] = []
  for (const record of records) {
    const model = models.find((known) => known.some((other) => sameModel(other, record)))
    if (model) model.push(record)
    else models.push([record])
  }
  return models.map(toEntry)
}

function sameModel(a: LimitsRecord, b: LimitsRecord): boolean {
  return a.vendor === b.vendor && a.ids.some((id) => b.ids.includes(id))
}

function toEntry(records: readonly LimitsRecord[]): CatalogEntry {
  const [first] = records as [LimitsRecord, ...LimitsRecord[]]
  const id = first.id.toLowerCase()
  const limits = combineLimits(records)
  return {
    id: first.id,
    vendor: first.vendor,
    name: first.name,
    aliases: [...new Set(records.flatMap((record) => record.ids))].filter((alias) => alias !== id),
    contextWindow: limits.contextWindow,
    contextWindowFrom: limits.contextWindow === null ? null : 'limits',
    maxOutputTokens: limits.maxOutputTokens,
    price: null,
    capabilities: limits.capabilities,
    size: sizeClass(first.id),
    deprecated: limits.deprecated
  }
}
