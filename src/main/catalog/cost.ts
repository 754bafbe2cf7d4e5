import type { Usage } from '../../shared/generation'
import type { Price } from '../../shared/profiles'

const PER_MILLION = 1_000_000

/**
 * What one request cost in USD. Usage.inputTokens counts cache reads and writes too, so only
 * the rest is billed at the input price; cache reads and writes fall back to the input price
 * when the price has no rate for them. Reasoning tokens are part of outputTokens.
 */
export function costUsd(usage: Usage, price: Price): number {
  // Clamped: a server that reports more cached than total input must not produce a credit.
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens)
  const microDollars =
    uncached * price.input +
    usage.cachedInputTokens * (price.cachedInput ?? price.input) +
    usage.cacheWriteTokens * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output
  return microDollars / PER_MILLION
}

/** Input tokens at the plain input price, e.g. a prompt not yet sent. */
export function inputCostUsd(tokens: number, price: Price): number {
  return (tokens * price.input) / PER_MILLION
}

export function outputCostUsd(tokens: number, price: Price): number {
  return (tokens * price.output) / PER_MILLION
}

/** Rounded to a billionth of a cent, far below any price step, so sums print cleanly. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e11) / 1e11
}
