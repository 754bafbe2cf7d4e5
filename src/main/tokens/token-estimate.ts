/** How many input tokens a request will be billed for, as far as we can tell before sending it. */
export interface TokenEstimate {
  inputTokens: number
  /** True when counted with the model's own tokenizer and framing; false for an approximation. */
  exact: boolean
  /** Why the figure is approximate, for people; set only when `exact` is false. */
  reason?: string
}

import type { TokenCountMethod } from '../../shared/estimate.ts'

/** Which way an estimate was made. */
export type EstimateMethod = TokenCountMethod

export type MethodEstimate = TokenEstimate & { method: EstimateMethod }

export function estimateOf(inputTokens: number, reasons: readonly string[]): TokenEstimate {
  return reasons.length === 0 ? { inputTokens, exact: true } : { inputTokens, exact: false, reason: reasons.join('; ') }
}
