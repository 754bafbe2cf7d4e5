/** Small statistics for benchmarks: medians and percentiles over repeated runs. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export const median = (values: readonly number[]): number => percentile(values, 50)

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/**
 * The longest the event loop was kept from running while `work` ran: a 1 ms interval
 * notes how late each tick fires.
 */
export async function withEventLoopWatch<T>(work: () => Promise<T>): Promise<{ result: T; maxBlockMs: number }> {
  let last = performance.now()
  let maxBlockMs = 0
  const timer = setInterval(() => {
    const now = performance.now()
    maxBlockMs = Math.max(maxBlockMs, now - last - 1)
    last = now
  }, 1)
  try {
    const result = await work()
    return { result, maxBlockMs: Math.max(0, maxBlockMs) }
  } finally {
    clearInterval(timer)
  }
}

export interface BenchRow {
  metric: string
  value: number
  unit: string
  budget?: string
  pass?: boolean
  note?: string
}
