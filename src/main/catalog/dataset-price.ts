import type { ModelInfo, ModelPrice } from '@pydantic/genai-prices'
import type { Price } from '../../shared/profiles'

/**
 * The dataset's prices for one model as a flat Price in USD per million tokens.
 *
 * - Dated price changes: the last price whose start date is on or before `asOf` (the dataset lists
 *   them in order and, like the dataset's own calculator, the last one in force wins).
 * - Time-of-day prices (DeepSeek's peak and off-peak hours): the highest rate of the day, so an
 *   estimate never understates what a request may cost.
 * - Long-context tiers (e.g. above 200k input tokens): the base rate, which is what prompts
 *   below the first tier pay.
 *
 * Null when the dataset has no input or no output price (audio, image or embedding models).
 */
export function priceInForce(model: Pick<ModelInfo, 'prices'>, asOf: Date): Price | null {
  const prices = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }]
  const day = asOf.toISOString().slice(0, 10)

  const dated = prices.filter(({ constraint }) => !constraint || (constraint.type === 'start_date' && constraint.start_date <= day))
  const base = dated.at(-1)?.prices ?? prices[0]?.prices
  if (!base) return null
  const hourly = prices.flatMap(({ constraint, prices }) => (constraint?.type === 'time_of_date' ? [prices] : []))
  const candidates = [base, ...hourly]

  const input = highest(candidates, 'input_mtok')
  const output = highest(candidates, 'output_mtok')
  if (input === undefined || output === undefined) return null
  const cachedInput = highest(candidates, 'cache_read_mtok')
  const cacheWrite = highest(candidates, 'cache_write_mtok')
  return {
    input,
    output,
    ...(cachedInput !== undefined && { cachedInput }),
    ...(cacheWrite !== undefined && { cacheWrite })
  }
}

function highest(candidates: ModelPrice[], key: string): number | undefined {
  const rates = candidates.map((prices) => baseRate(prices[key])).filter((rate) => rate !== undefined)
  return rates.length > 0 ? Math.max(...rates) : undefined
}

/** A plain number, or the base of a tiered price. */
function baseRate(value: ModelPrice[string]): number | undefined {
  if (typeof value === 'number') return value
  if (value && typeof value === 'object' && typeof value.base === 'number') return value.base
  return undefined
}
