import type { ResolvedModel } from '../../shared/catalog'
import type { Estimate, PaneEstimate, TokenCountMethod } from '../../shared/estimate'
import { inputCostUsd as inputCost, outputCostUsd as outputCost, roundUsd } from '../catalog/cost'

export interface PaneFigures {
  model: ResolvedModel
  inputTokens: number
  exact: boolean
  reason?: string
  method: TokenCountMethod
  /** The pane's own max tokens setting, if any. */
  maxTokens?: number
  /** Typical answer length of this model in earlier runs, if known. */
  expectedOutputTokens?: number
}

/** One pane's cost before sending: pure arithmetic on counted tokens and the resolved model. */
export function estimatePane(figures: PaneFigures): PaneEstimate {
  const { model, inputTokens } = figures
  const { price, contextWindow } = model
  const warnings: string[] = []

  let maxOutputTokens = figures.maxTokens ?? model.maxOutputTokens
  if (figures.maxTokens !== undefined && model.maxOutputTokens !== null && figures.maxTokens > model.maxOutputTokens) {
    warnings.push(`max tokens ${figures.maxTokens} is above this model's limit of ${model.maxOutputTokens}`)
    maxOutputTokens = model.maxOutputTokens
  }

  let fits: boolean | null = null
  if (contextWindow !== null) {
    const needed = inputTokens + (maxOutputTokens ?? 0)
    fits = needed <= contextWindow
    if (inputTokens > contextWindow) {
      warnings.push(`the prompt (${inputTokens} tokens) is longer than the context window (${contextWindow})`)
    } else if (!fits) {
      warnings.push(`prompt + max output (${needed} tokens) exceed the context window (${contextWindow}); the answer may be cut short`)
    }
  }
  if (price !== null && price.output > 0 && maxOutputTokens === null) {
    warnings.push('no output limit known: set max tokens to bound the cost')
  }
  if (model.deprecated) warnings.push('this model is deprecated and may stop working')
  if (price === null) warnings.push('price unknown: enter it in the profile to include this model in the total')

  const inputCostUsd = price ? roundUsd(inputCost(inputTokens, price)) : null
  // Free output (a local server) costs nothing however long the answer.
  const maxOutputCostUsd =
    price === null ? null : price.output === 0 ? 0 : maxOutputTokens === null ? null : roundUsd(outputCost(maxOutputTokens, price))
  const expectedCostUsd =
    price && figures.expectedOutputTokens !== undefined
      ? roundUsd(inputCost(inputTokens, price) + outputCost(Math.min(figures.expectedOutputTokens, maxOutputTokens ?? Infinity), price))
      : null

  return {
    model: model.ref,
    inputTokens,
    exact: figures.exact,
    ...(!figures.exact && figures.reason && { approximateReason: figures.reason }),
    method: figures.method,
    inputCostUsd,
    maxOutputTokens,
    maxOutputCostUsd,
    expectedCostUsd,
    contextWindow,
    fits,
    priceSource: model.priceSource,
    deprecated: model.deprecated,
    warnings
  }
}

/** The whole comparison: the cheapest it can be (inputs only) and the dearest (every answer at its ceiling). */
export function combineEstimates(panes: PaneEstimate[]): Estimate {
  let min = 0
  let max = 0
  const unpriced: string[] = []
  for (const pane of panes) {
    if (pane.inputCostUsd === null) {
      unpriced.push(pane.model)
      continue
    }
    min += pane.inputCostUsd
    max += pane.inputCostUsd + (pane.maxOutputCostUsd ?? 0)
  }
  return { type: 'estimate', panes, totalUsd: { min: roundUsd(min), max: roundUsd(max) }, unpriced }
}

