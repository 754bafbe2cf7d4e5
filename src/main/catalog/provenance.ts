import type { Provider } from '@pydantic/genai-prices'
import type { DatasetProvenance } from './types'

export const PRICES_PACKAGE = '@pydantic/genai-prices'
export const LIMITS_PACKAGE = 'llm-zoo'

/**
 * The day each version of each dataset package was published on npm (neither package carries a
 * date of its own). A test fails when an installed version is missing here, so a version bump
 * comes with its date.
 */
export const PUBLISHED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [PRICES_PACKAGE]: { '0.1.8': '2026-09-23' },
  [LIMITS_PACKAGE]: { '1.37.0': '2026-09-23' }
}

export function pricesProvenance(version: string, providers: readonly Provider[]): DatasetProvenance {
  return {
    dataset: `${PRICES_PACKAGE}@${version}`,
    date: PUBLISHED[PRICES_PACKAGE]?.[version] ?? latestPriceChange(providers) ?? 'unknown'
  }
}

/** llm-zoo has no dates in its data to fall back on. */
export function limitsProvenance(version: string): DatasetProvenance {
  return { dataset: `${LIMITS_PACKAGE}@${version}`, date: PUBLISHED[LIMITS_PACKAGE]?.[version] ?? 'unknown' }
}

/** Fallback for an unlisted version: the newest dated price change in the data that is not in the future. */
function latestPriceChange(providers: readonly Provider[]): string | null {
  const today = new Date().toISOString().slice(0, 10)
  const dates = providers
    .flatMap((provider) => provider.models)
    .flatMap((model) => (Array.isArray(model.prices) ? model.prices : []))
    .flatMap(({ constraint }) => (constraint?.type === 'start_date' ? [constraint.start_date] : []))
    .filter((date) => date <= today)
    .sort()
  return dates.at(-1) ?? null
}
