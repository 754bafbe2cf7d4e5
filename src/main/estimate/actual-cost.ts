import type { PriceSource, ResolvedModel } from '../../shared/catalog'
import type { Usage } from '../../shared/generation'
import { costUsd, roundUsd } from '../catalog/cost'

/** What an answer cost, by our prices and, where the provider says, by its own bill. */
export interface ActualCost {
  /** From the usage at the model's prices (cached and cache-write tokens at their own); null when the price is unknown. */
  computedUsd: number | null
  /** What the provider reported it charged (OpenRouter's usage.cost); null when it did not say. */
  reportedUsd: number | null
  /** Set when both are known and differ by more than 5%: a sign the catalog price is stale. */
  mismatch: boolean
  priceSource: PriceSource
  /** The usage was estimated by us because the server sent none. */
  estimatedUsage: boolean
}

export function actualCost(usage: Usage, model: ResolvedModel): ActualCost {
  const computedUsd = model.price ? roundUsd(costUsd(usage, model.price)) : null
  const reportedUsd = usage.reportedCostUsd ?? null
  const mismatch =
    computedUsd !== null && reportedUsd !== null && Math.abs(computedUsd - reportedUsd) > 0.05 * Math.max(computedUsd, reportedUsd)
  return { computedUsd, reportedUsd, mismatch, priceSource: model.priceSource, estimatedUsage: usage.estimated }
}
