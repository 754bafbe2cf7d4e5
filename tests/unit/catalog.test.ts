import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { findProvider, waitForUpdate, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices'
import { MODEL_CONFIGS, type ModelConfig } from 'llm-zoo'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildCatalog,
  costUsd,
  hostVendor,
  inputCostUsd,
  loadCatalog,
  matchModel,
  outputCostUsd,
  resolveModel,
  sizeClass,
  type Catalog,
  type CatalogEntry
} from '../../src/main/catalog'
import { LIMITS_PACKAGE, PRICES_PACKAGE, PUBLISHED } from '../../src/main/catalog/provenance'
import { findPreset } from '../../src/main/providers/presets'
import { emptyUsage, type Usage } from '../../src/shared/generation'
import type { Price, ProviderProfile } from '../../src/shared/profiles'

// Everything here runs on the real dataset packages as installed; numbers are read back from them.
let catalog: Catalog
beforeAll(async () => {
  catalog = await loadCatalog()
})

function installedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules', name, 'package.json'), 'utf8')) as { version: string }
  return manifest.version
}
const installed = { version: installedVersion(PRICES_PACKAGE) }
const installedLimits = { version: installedVersion(LIMITS_PACKAGE) }

/** The limits dataset's (llm-zoo's) records of a model, by any of its API ids, straight from the package. */
function zooModels(apiId: string): ModelConfig[] {
  const found = Object.values(MODEL_CONFIGS).filter((config) => config.fullName === apiId || config.shortName === apiId)
  if (found.length === 0) throw new Error(`llm-zoo has no ${apiId}`)
  return found
}

/** The dataset's own record of a model, straight from the package. */
function datasetModel(providerId: string, modelId: string): ModelInfo {
  const model = findProvider({ providerId })?.models.find((candidate) => candidate.id === modelId)
  if (!model) throw new Error(`the dataset has no ${providerId}/${modelId}`)
  return model
}

/** A flat (unconditional, untiered) dataset price as a Price, to compare with the catalog's. */
function flatPrice(model: ModelInfo): Price {
  if (Array.isArray(model.prices)) throw new Error(`${model.id} has conditional prices`)
  const rate = (key: keyof ModelPrice & string) => {
    const value = (model.prices as ModelPrice)[key]
    if (value !== undefined && typeof value !== 'number') throw new Error(`${model.id} has tiered ${key}`)
    return value
  }
  const [cachedInput, cacheWrite] = [rate('cache_read_mtok'), rate('cache_write_mtok')]
  return {
    input: rate('input_mtok')!,
    output: rate('output_mtok')!,
    ...(cachedInput !== undefined && { cachedInput }),
    ...(cacheWrite !== undefined && { cacheWrite })
  }
}

/** A dataset rate: a number, or the base of long-context tiers. */
function base(value: ModelPrice[string]): number | undefined {
  return typeof value === 'object' ? value.base : value
}

function match(modelId: string, host?: string): CatalogEntry | null {
  return matchModel(catalog, modelId, { host: host ?? null })
}

function expectEntry(modelId: string, vendor: string, id: string, host?: string): CatalogEntry {
  const entry = match(modelId, host)
  expect(entry, modelId).not.toBeNull()
  expect({ vendor: entry!.vendor, id: entry!.id }, modelId).toEqual({ vendor, id })
  return entry!
}

function preset(id: string, models: ProviderProfile['models'] = []): ProviderProfile {
  const found = findPreset(id)
  if (!found) throw new Error(`no preset ${id}`)
  return { ...found, models }
}

describe('catalog loading', () => {
  it('loads once and shares the result', async () => {
    const [first, second] = await Promise.all([loadCatalog(), loadCatalog()])
    expect(first).toBe(second)
    expect(await loadCatalog()).toBe(catalog)
  })

  it('records both datasets it came from, their versions and those versions’ publication dates', () => {
    // Bumping a package without adding its date to PUBLISHED fails here.
    expect(PUBLISHED[PRICES_PACKAGE]?.[installed.version]).toBeDefined()
    expect(PUBLISHED[LIMITS_PACKAGE]?.[installedLimits.version]).toBeDefined()
    expect(catalog.provenance).toEqual({
      prices: { dataset: `@pydantic/genai-prices@${installed.version}`, date: PUBLISHED[PRICES_PACKAGE]![installed.version] },
      limits: { dataset: `llm-zoo@${installedLimits.version}`, date: PUBLISHED[LIMITS_PACKAGE]![installedLimits.version] }
    })
    expect(catalog.provenance.prices.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(catalog.provenance.limits.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('has an entry for every model of every provider in the price dataset', async () => {
    const providers = (await waitForUpdate()) ?? []
    const total = providers.reduce((sum, provider) => sum + provider.models.length, 0)
    const listed = new Set(providers.flatMap((provider) => provider.models.map((model) => `${provider.id}/${model.id}`)))
    expect(catalog.entries.filter((entry) => listed.has(`${entry.vendor}/${entry.id}`))).toHaveLength(total)
    expect(total).toBeGreaterThan(1000)
    // Without the limits dataset the catalog is exactly the price dataset.
    expect(buildCatalog(providers, { provenance: catalog.provenance }).entries).toHaveLength(total)
    for (const vendor of ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'openrouter', 'groq']) {
      expect(catalog.vendors.map((known) => known.id)).toContain(vendor)
    }
  })
})

describe('catalog entries read back what the dataset says', () => {
  it('knows gpt-4o-mini: $0.15 in, $0.60 out, $0.075 cached, 128k context', () => {
    const dataset = datasetModel('openai', 'gpt-4o-mini')
    expect(flatPrice(dataset)).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 })
    const entry = expectEntry('gpt-4o-mini', 'openai', 'gpt-4o-mini')
    expect(entry.price).toEqual(flatPrice(dataset))
    expect(entry.contextWindow).toBe(dataset.context_window)
    expect(entry.contextWindow).toBe(128_000)
  })

  it('knows claude-haiku-4-5 with cache read and cache write prices', () => {
    const dataset = datasetModel('anthropic', 'claude-haiku-4-5')
    expect(flatPrice(dataset)).toEqual({ input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 })
    expect(expectEntry('claude-haiku-4-5', 'anthropic', 'claude-haiku-4-5').price).toEqual(flatPrice(dataset))
  })

  it.each([
    ['openai', 'gpt-4o'],
    ['openai', 'gpt-5.1'],
    ['openai', 'o3-mini'],
    ['x-ai', 'grok-3'],
    ['mistral', 'mistral-large'],
    ['groq', 'llama-3.3-70b-versatile']
  ])('%s/%s: price and context window as in the dataset', (vendor, id) => {
    const dataset = datasetModel(vendor, id)
    const entry = catalog.vendors.find((known) => known.id === vendor)!.byId.get(id)!
    expect(entry.price).toEqual(flatPrice(dataset))
    expect(entry.contextWindow).toBe(dataset.context_window ?? null)
    expect(entry.name).toBe(dataset.name ?? dataset.id)
  })

  it('takes the base rate of long-context tiers (claude-sonnet-4-5 above 200k costs more)', () => {
    const dataset = datasetModel('anthropic', 'claude-sonnet-4-5').prices as ModelPrice
    const entry = expectEntry('claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5')
    expect(entry.price).toEqual({
      input: base(dataset.input_mtok),
      output: base(dataset.output_mtok),
      cachedInput: base(dataset.cache_read_mtok),
      cacheWrite: base(dataset.cache_write_mtok)
    })
    expect(entry.price).toMatchObject({ input: 3, output: 15 })
  })

  it('takes the highest rate of the day where prices follow the clock (DeepSeek peak hours)', () => {
    const conditional = datasetModel('deepseek', 'deepseek-chat').prices
    expect(Array.isArray(conditional)).toBe(true)
    const rates = (conditional as { prices: ModelPrice }[]).map(({ prices }) => prices.input_mtok as number)
    expect(match('deepseek-chat')!.price!.input).toBe(Math.max(...rates))
  })

  it('uses the dated price in force on the day it is built for', async () => {
    const providers = (await waitForUpdate()) ?? []
    type Listed = { constraint?: { type: string; start_date?: string }; prices: ModelPrice }
    // The first model in the dataset whose input price changes on a date (and not by the hour).
    const changing = providers
      .flatMap((provider) => provider.models.map((model) => ({ provider: provider.id, model })))
      .map(({ provider, model }) => {
        const prices = (Array.isArray(model.prices) ? model.prices : []) as Listed[]
        if (prices.some(({ constraint }) => constraint?.type === 'time_of_date')) return null
        const at = prices.findIndex(({ constraint }) => constraint?.type === 'start_date')
        if (at < 1 || base(prices[at]!.prices.input_mtok) === base(prices[at - 1]!.prices.input_mtok)) return null
        return { provider, model, before: prices[at - 1]!, change: prices[at]! }
      })
      .find((found) => found !== null)
    expect(changing).toBeDefined()
    const { provider, model, before, change } = changing!
    const day = new Date(`${change.constraint!.start_date}T00:00:00Z`)
    const priceOn = (asOf: Date) =>
      buildCatalog(providers, { provenance: catalog.provenance, asOf })
        .vendors.find((vendor) => vendor.id === provider)!
        .byId.get(model.id.toLowerCase())!.price
    expect(priceOn(day)?.input).toBe(base(change.prices.input_mtok))
    expect(priceOn(new Date(day.getTime() - 86_400_000))?.input).toBe(base(before.prices.input_mtok))
  })

  it('flags deprecated models as the dataset does', async () => {
    expect(datasetModel('mistral', 'mistral-tiny').deprecated).toBe(true)
    expect(match('mistral-tiny')!.deprecated).toBe(true)
    expect(match('mistral-large')!.deprecated).toBe(false)
    const providers = (await waitForUpdate()) ?? []
    for (const provider of providers) {
      for (const model of provider.models.filter((listed) => listed.deprecated === true)) {
        expect(catalog.vendors.find((vendor) => vendor.id === provider.id)!.byId.get(model.id.toLowerCase())!.deprecated).toBe(true)
      }
    }
  })
})

describe('limits and capabilities from the limits dataset (llm-zoo)', () => {
  /** What llm-zoo says about a model across all its records of it (thinking on and off …). */
  function zooSays(apiId: string) {
    const records = zooModels(apiId)
    const maxOutputs = new Set(records.map((record) => record.maxOutputTokens))
    return {
      maxOutputTokens: maxOutputs.size === 1 ? records[0]!.maxOutputTokens : null,
      capabilities: {
        tools: records.some((record) => record.capabilities.supportsFunctionCalling),
        vision: records.some((record) => record.capabilities.supportsVision),
        reasoning: records.some((record) => record.capabilities.supportsReasoning)
      }
    }
  }

  it.each([
    // [id a client sends, the catalog entry, the id llm-zoo files it under]
    ['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-mini'],
    ['gpt-4o-2024-08-06', 'gpt-4o', 'gpt-4o'],
    ['o3-mini', 'o3-mini', 'o3-mini'],
    ['gpt-5.1', 'gpt-5.1', 'gpt-5.1'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-haiku-4-5', 'claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
    ['claude-opus-4-20250514', 'claude-opus-4-0', 'claude-opus-4-20250514'],
    ['gemini-2.5-pro', 'gemini-2.5-pro', 'gemini-2.5-pro'],
    ['grok-4', 'grok-4-0709', 'grok-4-0709'],
    ['deepseek-v4-pro', 'deepseek-v4-pro', 'deepseek-v4-pro']
  ])('%s: max output and capabilities as llm-zoo says', (modelId, entryId, zooId) => {
    const entry = match(modelId)!
    expect(entry.id).toBe(entryId)
    expect({ maxOutputTokens: entry.maxOutputTokens, capabilities: entry.capabilities }).toEqual(zooSays(zooId))
    expect(entry.maxOutputTokens).not.toBeNull()
  })

  it('reads facts that can be checked in the data', () => {
    expect(zooModels('gpt-4o-mini').map((record) => record.maxOutputTokens)).toEqual([16_384])
    expect(match('gpt-4o-mini')).toMatchObject({ maxOutputTokens: 16_384, capabilities: { tools: true, vision: true, reasoning: false } })
    // o3-mini reads no images.
    expect(match('o3-mini')!.capabilities).toEqual({ tools: true, vision: false, reasoning: true })
    expect(match('claude-sonnet-4-5')!.maxOutputTokens).toBe(64_000)
  })

  it('counts a capability of any request variant: Claude Sonnet 4.5 reasons with thinking on', () => {
    const variants = zooModels('claude-sonnet-4-5').map((record) => record.capabilities.supportsReasoning)
    expect(variants.sort()).toEqual([false, true])
    expect(match('claude-sonnet-4-5')!.capabilities!.reasoning).toBe(true)
  })

  it('leaves a limit unknown when llm-zoo’s records of one id disagree (deepseek-chat was several models)', () => {
    expect(new Set(zooModels('deepseek-chat').map((record) => record.maxOutputTokens)).size).toBeGreaterThan(1)
    expect(match('deepseek-chat')!.maxOutputTokens).toBeNull()
  })

  it('keeps the price dataset’s context window and fills a missing one from llm-zoo', () => {
    const gpt55 = datasetModel('openai', 'gpt-5.5')
    expect(zooModels('gpt-5.5')[0]!.contextWindow).not.toBe(gpt55.context_window)
    expect(match('gpt-5.5')).toMatchObject({ contextWindow: gpt55.context_window, contextWindowFrom: 'prices' })

    expect(datasetModel('google', 'gemini-2.5-pro').context_window).toBeUndefined()
    expect(match('gemini-2.5-pro')).toMatchObject({ contextWindow: zooModels('gemini-2.5-pro')[0]!.contextWindow, contextWindowFrom: 'limits' })
  })

  it('leaves limits unknown for models only the price dataset has', () => {
    expect(() => zooModels('mistral-large')).toThrow()
    expect(match('mistral-large')).toMatchObject({ maxOutputTokens: null, capabilities: null, contextWindowFrom: null })
    // A host's listing keeps its own (unknown) limits: the host may serve the model differently.
    expect(match('openai/gpt-4o-mini', 'openrouter')).toMatchObject({ vendor: 'openrouter', maxOutputTokens: null, capabilities: null })
    // Zhipu's glm-5v-turbo is in llm-zoo, but the price dataset has it only from OpenRouter: no limits, no second entry.
    expect(zooModels('glm-5v-turbo')[0]!.provider).toBe('glm')
    expect(match('glm-5v-turbo')).toMatchObject({ vendor: 'openrouter', maxOutputTokens: null, capabilities: null })
  })

  it('does not hand a model’s limits to another model the price dataset prices alike', () => {
    // The price dataset lists the vision preview as an alias of the text-only model.
    expect(match('moonshot-v1-128k')!.aliases).toContain('moonshot-v1-128k-vision-preview')
    expect(zooModels('moonshot-v1-128k-vision-preview')[0]!.capabilities.supportsVision).toBe(true)
    expect(match('moonshot-v1-128k')!.capabilities!.vision).toBe(false)
    // llm-zoo knows only the preview of gemini-2.5-flash-lite, with other limits than the release.
    expect(match('gemini-2.5-flash-lite-preview')!.id).toBe('gemini-2.5-flash-lite')
    expect(match('gemini-2.5-flash-lite')).toMatchObject({ maxOutputTokens: null, capabilities: null, deprecated: false })
  })

  it('flags a model retired in llm-zoo, but not one it only calls superseded ("deprecated")', () => {
    const [gpt4oMini] = zooModels('gpt-4o-mini')
    expect(datasetModel('openai', 'gpt-4o-mini').deprecated).not.toBe(true)
    expect(gpt4oMini!.deprecated).toBe(true)
    expect(gpt4oMini!.retired).not.toBe(true)
    expect(match('gpt-4o-mini')!.deprecated).toBe(false)

    expect(datasetModel('openai', 'o3-deep-research').deprecated).not.toBe(true)
    expect(zooModels('o3-deep-research')[0]!.retired).toBe(true)
    expect(match('o3-deep-research')!.deprecated).toBe(true)

    expect(zooModels('claude-haiku-4-5-20251001').every((record) => !record.deprecated && !record.retired)).toBe(true)
    expect(match('claude-haiku-4-5')!.deprecated).toBe(false)
  })

  it('adds the vendor models only llm-zoo knows, without a price', () => {
    const [mythos] = zooModels('claude-mythos-5-1')
    expect(findProvider({ providerId: 'anthropic' })!.models.some((model) => model.id === 'claude-mythos-5-1')).toBe(false)
    expect(expectEntry('claude-mythos-5-1', 'anthropic', 'claude-mythos-5-1')).toMatchObject({
      name: mythos!.label,
      price: null,
      contextWindow: mythos!.contextWindow,
      contextWindowFrom: 'limits',
      maxOutputTokens: mythos!.maxOutputTokens,
      capabilities: { tools: true, vision: true, reasoning: true },
      size: 'large'
    })
  })

  it('never changes which entry (and price) an id already found', async () => {
    const providers = (await waitForUpdate()) ?? []
    const priceOnly = buildCatalog(providers, { provenance: catalog.provenance })
    const ids = Object.values(MODEL_CONFIGS).flatMap((config) => [config.fullName, config.shortName, config.openrouterFullName ?? ''])
    for (const id of ids) {
      const before = matchModel(priceOnly, id)
      if (before) expect({ vendor: match(id)?.vendor, id: match(id)?.id, price: match(id)?.price }, id).toEqual({ vendor: before.vendor, id: before.id, price: before.price })
    }
  })
})

describe('size class (derived from the id: neither dataset has a size field)', () => {
  it.each([
    ['gpt-4o-mini', 'small'],
    ['gpt-5-nano', 'small'],
    ['claude-haiku-4-5', 'small'],
    ['gemini-2.5-flash-lite', 'small'],
    ['mistral-small-latest', 'small'],
    ['ministral-8b', 'small'],
    ['meta-llama/llama-3.1-8b-instruct', 'small'],
    ['qwen/qwen-2.5-1.5b-instruct', 'small'],
    ['gemma-3n-e4b-it', 'small'],
    ['gpt-oss-20b', 'small'],
    ['gpt-4o', 'large'],
    ['claude-sonnet-4-5', 'large'],
    ['gemini-2.5-flash', 'large'],
    ['gemini-2.5-pro', 'large'],
    ['gpt-oss-120b', 'large'],
    ['llama-3.3-70b-versatile', 'large'],
    ['qwen3-30b-a3b', 'large'],
    // Only the active parameters are named: not read as a size.
    ['llama-4-maverick-17b-128e-instruct', 'large'],
    ['minimax-m2', 'large']
  ])('%s is %s', (id, size) => {
    expect(sizeClass(id)).toBe(size)
  })

  it('is on every catalog entry', () => {
    expect(catalog.entries.every((entry) => entry.size === 'small' || entry.size === 'large')).toBe(true)
    expect(match('gpt-4o-mini')!.size).toBe('small')
    expect(match('gpt-4o')!.size).toBe('large')
  })
})

describe('matchModel', () => {
  it('matches exact ids regardless of case and surrounding space', () => {
    expectEntry('gpt-4o-mini', 'openai', 'gpt-4o-mini')
    expectEntry('GPT-4o-Mini', 'openai', 'gpt-4o-mini')
    expectEntry('  gpt-5.1 ', 'openai', 'gpt-5.1')
    expectEntry('gemini-2.5-pro', 'google', 'gemini-2.5-pro')
    expectEntry('deepseek-chat', 'deepseek', 'deepseek-chat')
  })

  it('matches a dated id the dataset lists as an alias of its family', () => {
    const aliases = datasetModel('openai', 'gpt-4o').match
    expect(JSON.stringify(aliases)).toContain('gpt-4o-2024-08-06')
    expectEntry('gpt-4o-2024-08-06', 'openai', 'gpt-4o')
    expectEntry('grok-4', 'x-ai', 'grok-4-0709')
  })

  it('prefers the entry of the exact dated id when the dataset has one', () => {
    const dated = expectEntry('gpt-4o-2024-05-13', 'openai', 'gpt-4o-2024-05-13')
    expect(dated.price).toEqual(flatPrice(datasetModel('openai', 'gpt-4o-2024-05-13')))
    expect(dated.price).not.toEqual(match('gpt-4o')!.price)
  })

  it('drops a pure snapshot date to find the family', () => {
    expectEntry('claude-sonnet-4-5-20250929', 'anthropic', 'claude-sonnet-4-5')
    expectEntry('claude-opus-4-1-20250805', 'anthropic', 'claude-opus-4-1')
    expectEntry('gpt-5.1-2025-11-13', 'openai', 'gpt-5.1')
  })

  it('does not drop suffixes that are not real calendar dates', () => {
    expect(match('gpt-4o-2024-13-45')).toBeNull()
    expect(match('gpt-4o-20241345')).toBeNull()
    expect(match('gpt-4o-2411')).toBeNull()
  })

  it('matches OpenRouter-style vendor/model ids to the vendor’s own entry', () => {
    expectEntry('openai/gpt-4o-mini', 'openai', 'gpt-4o-mini')
    expectEntry('anthropic/claude-sonnet-4.5', 'anthropic', 'claude-sonnet-4-5')
    expectEntry('anthropic/claude-sonnet-4-5-20250929', 'anthropic', 'claude-sonnet-4-5')
    expectEntry('x-ai/grok-3', 'x-ai', 'grok-3')
    expectEntry('openai/gpt-oss-20b', 'openai', 'gpt-oss-20b')
    // No vendor of that name: the listing of that exact id.
    expectEntry('meta-llama/llama-3.1-8b-instruct', 'openrouter', 'meta-llama/llama-3.1-8b-instruct')
  })

  it('uses the host’s own listing and price when the profile talks to that host', () => {
    const viaOpenRouter = expectEntry('openai/gpt-4o-mini', 'openrouter', 'openai/gpt-4o-mini', 'openrouter')
    expect(viaOpenRouter.price).toEqual(flatPrice(datasetModel('openrouter', 'openai/gpt-4o-mini')))
    const viaGroq = expectEntry('openai/gpt-oss-20b', 'groq', 'openai/gpt-oss-20b', 'groq')
    expect(viaGroq.price).toEqual(flatPrice(datasetModel('groq', 'openai/gpt-oss-20b')))
    expect(viaGroq.price).not.toEqual(match('openai/gpt-oss-20b')!.price)
    expectEntry('llama-3.3-70b-versatile', 'groq', 'llama-3.3-70b-versatile', 'groq')
    expectEntry('meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together')
    expectEntry('mistral-large-latest', 'mistral', 'mistral-large', 'mistral')
    // A host that does not list the model: the vendor's own entry.
    expectEntry('gpt-4o-mini', 'openai', 'gpt-4o-mini', 'groq')
  })

  it('finds a model listed by a single host even through another endpoint', () => {
    expectEntry('llama-3.3-70b-versatile', 'groq', 'llama-3.3-70b-versatile')
  })

  it('maps Ollama size tags to the entry of that size', () => {
    const llama8b = expectEntry('llama3.1:8b', 'openrouter', 'meta-llama/llama-3.1-8b-instruct')
    expectEntry('llama3.1:70b', 'openrouter', 'meta-llama/llama-3.1-70b-instruct')
    expect(match('llama3.1:8b-instruct-q4_K_M')).toBe(llama8b)
    // The model's own vendor when it has one.
    expectEntry('gpt-oss:20b', 'openai', 'gpt-oss-20b')
    expectEntry('gpt-oss:120b', 'openai', 'gpt-oss-120b')
    expectEntry('qwen2.5:7b', 'openrouter', 'qwen/qwen-2.5-7b-instruct')
  })

  it('ignores Ollama’s :latest tag', () => {
    expectEntry('gpt-4o-mini:latest', 'openai', 'gpt-4o-mini')
    expect(match('qwen2.5:latest')).toBe(match('qwen2.5'))
  })

  it.each([
    'gpt-4o-mini-ultra-9000',
    'llama3.1:405b-fake',
    'llama3.1:999b',
    'deepseek-r1:8b',
    'my-finetune',
    'someone/gpt-4o',
    'claude-sonnet-4-5-banana',
    'openai/',
    '',
    '   '
  ])('leaves %j unknown', (id) => {
    expect(match(id)).toBeNull()
  })
})

describe('hostVendor', () => {
  it.each([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['openrouter', 'openrouter'],
    ['gemini', 'google'],
    ['groq', 'groq'],
    ['deepseek', 'deepseek'],
    ['mistral', 'mistral'],
    ['together', 'together'],
    ['xai', 'x-ai']
  ])('knows the %s preset is %s', (presetId, vendor) => {
    expect(hostVendor(preset(presetId), catalog)).toBe(vendor)
  })

  it('falls back to the wire format’s default URL, and knows no host for local or unknown servers', () => {
    expect(hostVendor({ id: 'a', kind: 'anthropic', models: [] }, catalog)).toBe('anthropic')
    expect(hostVendor({ id: 'o', kind: 'openai', models: [] }, catalog)).toBe('openai')
    expect(hostVendor(preset('ollama'), catalog)).toBeNull()
    expect(hostVendor({ id: 'x', kind: 'openai', baseURL: 'https://llm.example.com/v1', models: [] }, catalog)).toBeNull()
  })
})

describe('resolveModel', () => {
  it('takes everything from the catalog for a known model, with its provenance', () => {
    const entry = match('gpt-4o-mini')!
    const model = resolveModel(preset('openai'), 'gpt-4o-mini', catalog)
    const prices = { kind: 'catalog', dataset: `@pydantic/genai-prices@${installed.version}`, date: catalog.provenance.prices.date }
    const limits = { kind: 'catalog', dataset: `llm-zoo@${installedLimits.version}`, date: catalog.provenance.limits.date }
    expect(model).toEqual({
      ref: 'openai:gpt-4o-mini',
      profileId: 'openai',
      modelId: 'gpt-4o-mini',
      catalogId: 'gpt-4o-mini',
      vendor: 'openai',
      name: entry.name,
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      price: entry.price,
      priceSource: prices,
      limitsSource: { contextWindow: prices, maxOutputTokens: limits, capabilities: limits },
      size: 'small',
      capabilities: { tools: true, vision: true, reasoning: false },
      // llm-zoo 1.37.0 calls gpt-4o-mini superseded, not retired; genai-prices does not deprecate it.
      deprecated: false,
      local: false
    })
  })

  it('names the dataset of each limit, or the user, or none', () => {
    const limits = { kind: 'catalog', ...catalog.provenance.limits }
    expect(resolveModel(preset('gemini'), 'gemini-2.5-pro', catalog).limitsSource).toEqual({
      contextWindow: limits,
      maxOutputTokens: limits,
      capabilities: limits
    })
    const overridden = preset('openai', [{ id: 'gpt-4o-mini', contextWindow: 32_000, maxOutputTokens: 4096, reasoning: true }])
    const model = resolveModel(overridden, 'gpt-4o-mini', catalog)
    expect(model).toMatchObject({ contextWindow: 32_000, maxOutputTokens: 4096, capabilities: { reasoning: true } })
    expect(model.limitsSource).toEqual({ contextWindow: { kind: 'user' }, maxOutputTokens: { kind: 'user' }, capabilities: limits })
    const unknown = { kind: 'unknown' }
    expect(resolveModel(preset('mistral'), 'mistral-large-latest', catalog).limitsSource).toMatchObject({ maxOutputTokens: unknown, capabilities: unknown })
    expect(resolveModel(preset('openai'), 'my-finetune', catalog).limitsSource).toEqual({ contextWindow: unknown, maxOutputTokens: unknown, capabilities: unknown })
  })

  it('shows “price unknown” with known limits for a model only llm-zoo knows', () => {
    const model = resolveModel(preset('anthropic'), 'claude-mythos-5-1', catalog)
    expect(model).toMatchObject({ catalogId: 'claude-mythos-5-1', price: null, priceSource: { kind: 'unknown' }, maxOutputTokens: 128_000 })
    expect(model.limitsSource?.maxOutputTokens).toEqual({ kind: 'catalog', ...catalog.provenance.limits })
  })

  it('prices a model on a host at the host’s rate', () => {
    const model = resolveModel(preset('groq'), 'openai/gpt-oss-20b', catalog)
    expect(model.vendor).toBe('groq')
    expect(model.price).toEqual(flatPrice(datasetModel('groq', 'openai/gpt-oss-20b')))
  })

  it('lets each of the profile’s settings win over the catalog, field by field', () => {
    const profile = preset('openai', [{ id: 'gpt-4o-mini', contextWindow: 32_000, size: 'large' }])
    const model = resolveModel(profile, 'gpt-4o-mini', catalog)
    expect(model.contextWindow).toBe(32_000)
    expect(model.size).toBe('large')
    expect(model.price).toEqual(match('gpt-4o-mini')!.price)
    expect(model.priceSource.kind).toBe('catalog')

    const named = resolveModel(preset('openai', [{ id: 'gpt-4o-mini', name: 'Mini', maxOutputTokens: 16_384 }]), 'gpt-4o-mini', catalog)
    expect(named).toMatchObject({ name: 'Mini', maxOutputTokens: 16_384, contextWindow: 128_000, size: 'small' })
  })

  it('uses the user’s price, marked as theirs', () => {
    const price = { input: 1, output: 2, cachedInput: 0.5 }
    const model = resolveModel(preset('openai', [{ id: 'gpt-4o-mini', price }]), 'gpt-4o-mini', catalog)
    expect(model.price).toEqual(price)
    expect(model.priceSource).toEqual({ kind: 'user' })
    expect(model.contextWindow).toBe(128_000)
  })

  it('costs nothing on a local server, and still takes the context window from the catalog', () => {
    const model = resolveModel(preset('ollama'), 'gpt-oss:20b', catalog)
    expect(model.local).toBe(true)
    expect(model.price).toEqual({ input: 0, output: 0, cachedInput: 0, cacheWrite: 0 })
    expect(model.priceSource).toEqual({ kind: 'local' })
    expect(model.catalogId).toBe('gpt-oss-20b')
    expect(model.contextWindow).toBe(datasetModel('openai', 'gpt-oss-20b').context_window)
    expect(model.size).toBe('small')
  })

  it('costs nothing on a local server for a model the catalog does not know either', () => {
    const model = resolveModel(preset('lmstudio'), 'my-finetune', catalog)
    expect(model).toMatchObject({ catalogId: null, price: { input: 0, output: 0 }, priceSource: { kind: 'local' }, contextWindow: null })
  })

  it('leaves an unknown model’s price unknown', () => {
    const model = resolveModel(preset('openai'), 'my-finetune', catalog)
    expect(model).toMatchObject({
      ref: 'openai:my-finetune',
      catalogId: null,
      vendor: null,
      name: 'my-finetune',
      price: null,
      priceSource: { kind: 'unknown' },
      contextWindow: null,
      maxOutputTokens: null,
      size: null,
      capabilities: null,
      deprecated: false
    })
  })

  it('lets the user fill in what the catalog lacks for an unknown model', () => {
    const profile = preset('openai', [{ id: 'my-finetune', price: { input: 3, output: 6 }, contextWindow: 8192, size: 'small' }])
    expect(resolveModel(profile, 'my-finetune', catalog)).toMatchObject({
      price: { input: 3, output: 6 },
      priceSource: { kind: 'user' },
      contextWindow: 8192,
      size: 'small',
      catalogId: null
    })
  })

  it('flags a deprecated model', () => {
    expect(resolveModel(preset('mistral'), 'mistral-tiny', catalog).deprecated).toBe(true)
    expect(resolveModel(preset('mistral'), 'mistral-large-latest', catalog).deprecated).toBe(false)
  })
})

describe('cost', () => {
  const usage = (figures: Partial<Usage>): Usage => ({ ...emptyUsage(), ...figures })
  const anthropicLike: Price = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 }

  it('bills uncached input, cache reads, cache writes and output at their own rates', () => {
    // 1M input of which 400k cache reads and 100k cache writes; 200k output.
    const billed = usage({ inputTokens: 1_000_000, cachedInputTokens: 400_000, cacheWriteTokens: 100_000, outputTokens: 200_000 })
    // 500k × $3 + 400k × $0.30 + 100k × $3.75 + 200k × $15 = 1.5 + 0.12 + 0.375 + 3 = $4.995
    expect(costUsd(billed, anthropicLike)).toBeCloseTo(4.995, 12)
  })

  it('falls back to the input price for cache reads and writes without a rate', () => {
    const billed = usage({ inputTokens: 1_000_000, cachedInputTokens: 400_000, cacheWriteTokens: 100_000, outputTokens: 200_000 })
    expect(costUsd(billed, { input: 3, output: 15 })).toBeCloseTo(6, 12)
  })

  it('counts reasoning tokens once, as part of the output', () => {
    expect(costUsd(usage({ inputTokens: 0, outputTokens: 1000, reasoningTokens: 800 }), anthropicLike)).toBeCloseTo(0.015, 12)
  })

  it('never bills a negative uncached input when a server over-reports cache reads', () => {
    expect(costUsd(usage({ inputTokens: 100, cachedInputTokens: 150 }), anthropicLike)).toBeCloseTo((150 * 0.3) / 1e6, 15)
  })

  it('prices a request on gpt-4o-mini from the catalog', () => {
    const price = match('gpt-4o-mini')!.price!
    // 800 × $0.15 + 200 × $0.075 + 500 × $0.60 per million
    expect(costUsd(usage({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }), price)).toBeCloseTo(0.000435, 15)
  })

  it('prices input and output tokens on their own', () => {
    expect(inputCostUsd(2000, { input: 0.15, output: 0.6 })).toBeCloseTo(0.0003, 15)
    expect(outputCostUsd(2000, { input: 0.15, output: 0.6 })).toBeCloseTo(0.0012, 15)
    expect(inputCostUsd(0, anthropicLike)).toBe(0)
    expect(costUsd(emptyUsage(), anthropicLike)).toBe(0)
  })
})
