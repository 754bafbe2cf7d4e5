import { describe, expect, it } from 'vitest'
import type { ResolvedModel } from '../../src/shared/catalog'
import { actualCost } from '../../src/main/estimate/actual-cost'
import { combineEstimates, estimatePane } from '../../src/main/estimate/pane-estimate'

const catalogSource = { kind: 'catalog', dataset: 'test-dataset@1', date: '2026-09-23' } as const

function model(overrides: Partial<ResolvedModel> = {}): ResolvedModel {
  return {
    ref: 'oa:gpt-test',
    profileId: 'oa',
    modelId: 'gpt-test',
    catalogId: 'gpt-test',
    vendor: 'openai',
    name: 'GPT Test',
    contextWindow: 10_000,
    maxOutputTokens: 4_000,
    price: { input: 2, output: 8, cachedInput: 0.5 },
    priceSource: catalogSource,
    size: 'large',
    capabilities: { tools: true, vision: true, reasoning: false },
    deprecated: false,
    local: false,
    ...overrides
  }
}

describe('estimatePane', () => {
  it('prices input at the input rate and the ceiling at the model max output', () => {
    const pane = estimatePane({ model: model(), inputTokens: 1_000, exact: true, method: 'tiktoken' })
    expect(pane).toEqual({
      model: 'oa:gpt-test',
      inputTokens: 1_000,
      exact: true,
      method: 'tiktoken',
      inputCostUsd: 0.002,
      maxOutputTokens: 4_000,
      maxOutputCostUsd: 0.032,
      expectedCostUsd: null,
      contextWindow: 10_000,
      fits: true,
      priceSource: catalogSource,
      deprecated: false,
      warnings: []
    })
  })

  it('uses the pane max tokens, capped at the model limit with a warning', () => {
    expect(estimatePane({ model: model(), inputTokens: 10, exact: true, method: 'tiktoken', maxTokens: 500 })).toMatchObject({
      maxOutputTokens: 500,
      maxOutputCostUsd: 0.004,
      warnings: []
    })
    const capped = estimatePane({ model: model(), inputTokens: 10, exact: true, method: 'tiktoken', maxTokens: 9_000 })
    expect(capped.maxOutputTokens).toBe(4_000)
    expect(capped.warnings).toEqual(["max tokens 9000 is above this model's limit of 4000"])
  })

  it('warns when prompt plus max output overflow the context window, and when the prompt alone does', () => {
    const tight = estimatePane({ model: model(), inputTokens: 7_000, exact: true, method: 'tiktoken' })
    expect(tight.fits).toBe(false)
    expect(tight.warnings).toEqual([
      'prompt + max output (11000 tokens) exceed the context window (10000); the answer may be cut short'
    ])
    const over = estimatePane({ model: model(), inputTokens: 12_000, exact: true, method: 'tiktoken' })
    expect(over.warnings[0]).toBe('the prompt (12000 tokens) is longer than the context window (10000)')
    const unknownWindow = estimatePane({ model: model({ contextWindow: null }), inputTokens: 12_000, exact: true, method: 'tiktoken' })
    expect(unknownWindow.fits).toBeNull()
  })

  it('says so when the price is unknown, and leaves costs null rather than guessing', () => {
    const pane = estimatePane({
      model: model({ price: null, priceSource: { kind: 'unknown' }, catalogId: null }),
      inputTokens: 100,
      exact: false,
      reason: 'not an OpenAI model',
      method: 'approximation'
    })
    expect(pane).toMatchObject({ inputCostUsd: null, maxOutputCostUsd: null, approximateReason: 'not an OpenAI model' })
    expect(pane.warnings).toContain('price unknown: enter it in the profile to include this model in the total')
  })

  it('costs nothing on a local server, whatever the answer length', () => {
    const local = model({ price: { input: 0, output: 0 }, priceSource: { kind: 'local' }, maxOutputTokens: null, local: true })
    expect(estimatePane({ model: local, inputTokens: 5_000, exact: false, method: 'approximation' })).toMatchObject({
      inputCostUsd: 0,
      maxOutputCostUsd: 0,
      warnings: []
    })
  })

  it('gives an expected cost from the typical answer length, when history has one', () => {
    const pane = estimatePane({ model: model(), inputTokens: 1_000, exact: true, method: 'tiktoken', expectedOutputTokens: 250 })
    expect(pane.expectedCostUsd).toBe(0.004)
  })

  it('flags deprecated models', () => {
    const pane = estimatePane({ model: model({ deprecated: true }), inputTokens: 1, exact: true, method: 'tiktoken' })
    expect(pane.warnings).toContain('this model is deprecated and may stop working')
  })
})

describe('combineEstimates', () => {
  it('totals inputs as the minimum and inputs plus ceilings as the maximum, listing unpriced panes', () => {
    const a = estimatePane({ model: model(), inputTokens: 1_000, exact: true, method: 'tiktoken' })
    const b = estimatePane({ model: model({ ref: 'oa:b', price: { input: 0.1, output: 0.4 } }), inputTokens: 3, exact: true, method: 'tiktoken' })
    const unknown = estimatePane({ model: model({ ref: 'x:y', price: null, priceSource: { kind: 'unknown' } }), inputTokens: 5, exact: false, method: 'approximation' })
    const total = combineEstimates([a, b, unknown])
    // a: 0.002 + 0.032; b: 0.0000003 + 0.0016
    expect(total.totalUsd).toEqual({ min: 0.0020003, max: 0.0356003 })
    expect(total.unpriced).toEqual(['x:y'])
    expect(total.type).toBe('estimate')
  })
})

describe('actualCost', () => {
  const usage = {
    inputTokens: 10_000,
    cachedInputTokens: 4_000,
    cacheWriteTokens: 1_000,
    outputTokens: 2_000,
    reasoningTokens: 500,
    estimated: false
  }

  it('prices cached and cache-write tokens at their own rates, and shows the provider bill beside it', () => {
    const priced = model({ price: { input: 2, output: 8, cachedInput: 0.5, cacheWrite: 2.5 } })
    // 5,000 uncached × 2 + 4,000 × 0.5 + 1,000 × 2.5 + 2,000 × 8 = 30,500 micro-dollars
    expect(actualCost(usage, priced)).toEqual({
      computedUsd: 0.0305,
      reportedUsd: null,
      mismatch: false,
      priceSource: catalogSource,
      estimatedUsage: false
    })
    expect(actualCost({ ...usage, reportedCostUsd: 0.0306 }, priced)).toMatchObject({ reportedUsd: 0.0306, mismatch: false })
    // A catalog price well off the bill is flagged, so a stale price is visible.
    expect(actualCost({ ...usage, reportedCostUsd: 0.05 }, priced)).toMatchObject({ mismatch: true })
  })

  it('has no computed figure for an unknown price, but keeps the reported one', () => {
    const unknown = model({ price: null, priceSource: { kind: 'unknown' } })
    expect(actualCost({ ...usage, reportedCostUsd: 0.01, estimated: true }, unknown)).toMatchObject({
      computedUsd: null,
      reportedUsd: 0.01,
      mismatch: false,
      estimatedUsage: true
    })
  })
})
