import type { PriceSource } from './catalog'

/** How an input token count was obtained. */
export type TokenCountMethod = 'tiktoken' | 'count_tokens' | 'approximation'

/** What one pane's prompt will cost before it is sent. Costs in USD; null where the price is unknown. */
export interface PaneEstimate {
  /** "profileId:modelId" */
  model: string
  inputTokens: number
  /** Counted with the model's own tokenizer (true) or approximated (false). */
  exact: boolean
  /** Why the count is approximate, when it is. */
  approximateReason?: string
  method: TokenCountMethod
  inputCostUsd: number | null
  /** The pane's max tokens, or the model's max output; null when neither is known. */
  maxOutputTokens: number | null
  /** The most the answer can cost: maxOutputTokens at the output price. */
  maxOutputCostUsd: number | null
  /** From this model's earlier answers, when there are any. */
  expectedCostUsd: number | null
  contextWindow: number | null
  /** Prompt plus max output fit in the context window; null when the window is unknown. */
  fits: boolean | null
  priceSource: PriceSource
  deprecated: boolean
  /** Plain sentences for the user: context overflow, deprecated model, unknown price … */
  warnings: string[]
}

export interface Estimate {
  type: 'estimate'
  panes: PaneEstimate[]
  /** min: every input cost; max: input plus the most every answer can cost. Unknown prices count 0. */
  totalUsd: { min: number; max: number }
  /** Panes whose price is unknown and so are left out of the total. */
  unpriced: string[]
}
