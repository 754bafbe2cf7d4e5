import { parseArgs } from 'node:util'
import type { ResolvedModel } from '../../shared/catalog'
import { type ProviderProfile, formatModelRef, parseModelRef } from '../../shared/profiles'
import { loadCatalog } from '../catalog/load-catalog'
import { resolveModel } from '../catalog/resolve-model'
import type { Catalog } from '../catalog/types'
import { loadWorkspace } from '../config/workspace'
import { type CliIO, EXIT } from './cli-io'
import { reportUsageProblem } from './command-errors'
import { formatCount, renderTable } from './table'

export const MODELS_USAGE = `Usage: juxta models [--config FILE] [--json]

The model instances of your profiles (and the default panes), with what the catalog knows:
context window, max output, price per million tokens and where it comes from, size.
--json   one JSON object per line (NDJSON)
`

export interface ModelsCommandContext {
  /** The data directory (resolveDataDir(io.env)): its saved profiles are used without --config. */
  dataDir: string
  /** Default: loadCatalog(). */
  loadCatalog?: () => Promise<Catalog>
}

interface Listed {
  profile: ProviderProfile
  model: ResolvedModel
  isDefault: boolean
}

export async function runModelsCommand(argv: string[], io: CliIO, context: ModelsCommandContext): Promise<number> {
  try {
    return await listModels(argv, io, context)
  } catch (error) {
    const status = reportUsageProblem(error, MODELS_USAGE, io)
    if (status === null) throw error
    return status
  }
}

async function listModels(argv: string[], io: CliIO, context: ModelsCommandContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    io.stdout(MODELS_USAGE)
    return EXIT.ok
  }
  const workspace = await loadWorkspace({ dataDir: context.dataDir, ...(values.config && { configFile: values.config }) })
  for (const notice of workspace.notices) io.stderr(`juxta: ${notice}\n`)
  const catalog = await (context.loadCatalog ?? loadCatalog)()

  // Each profile's models in order, then default panes naming a model no profile lists.
  const defaults = new Set(workspace.defaultPanes)
  const refs: Array<{ profile: ProviderProfile; modelId: string }> = workspace.profiles.flatMap((profile) =>
    profile.models.map((model) => ({ profile, modelId: model.id }))
  )
  for (const ref of workspace.defaultPanes) {
    const parsed = parseModelRef(ref)
    const profile = parsed && workspace.profiles.find((candidate) => candidate.id === parsed.profileId)
    if (profile && !refs.some((known) => known.profile === profile && known.modelId === parsed.modelId)) refs.push({ profile, modelId: parsed.modelId })
  }
  const listed: Listed[] = refs.map(({ profile, modelId }) => ({
    profile,
    model: resolveModel(profile, modelId, catalog),
    isDefault: defaults.has(formatModelRef({ profileId: profile.id, modelId }))
  }))

  if (values.json) {
    for (const entry of listed) io.stdout(`${JSON.stringify(toJsonLine(entry))}\n`)
  } else if (listed.length === 0) {
    io.stdout(`No models configured in ${workspace.source}: list them in a profile's "models" (see the README's profiles file).\n`)
  } else {
    io.stdout(formatTable(listed))
  }
  return EXIT.ok
}

function toJsonLine({ profile, model, isDefault }: Listed): Record<string, unknown> {
  return {
    type: 'model',
    model: model.ref,
    profileId: model.profileId,
    modelId: model.modelId,
    kind: profile.kind,
    name: model.name,
    catalogId: model.catalogId,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    price: model.price,
    priceSource: model.priceSource,
    size: model.size,
    capabilities: model.capabilities,
    deprecated: model.deprecated,
    local: model.local,
    default: isDefault
  }
}

const PRICE_FROM: Record<ResolvedModel['priceSource']['kind'], string> = { catalog: 'catalog', user: 'yours', local: 'local', unknown: 'unknown' }

function formatTable(listed: Listed[]): string {
  const perMillion = (value: number | undefined): string => (value === undefined ? '—' : `$${value}`)
  const rows = listed.map(({ model, isDefault }) => [
    model.ref,
    model.name,
    formatCount(model.contextWindow),
    formatCount(model.maxOutputTokens),
    model.price ? perMillion(model.price.input) : '—',
    model.price ? perMillion(model.price.output) : '—',
    model.price ? perMillion(model.price.cachedInput) : '—',
    model.price ? perMillion(model.price.cacheWrite) : '—',
    PRICE_FROM[model.priceSource.kind],
    model.size ?? '—',
    [isDefault && 'default', model.deprecated && 'deprecated'].filter(Boolean).join(', ')
  ])
  let text = renderTable(
    ['model', 'name', 'context', 'max output', 'input', 'output', 'cached in', 'cache write', 'price', 'size', ''],
    rows,
    new Set([2, 3, 4, 5, 6, 7])
  )
  text += 'prices: USD per million tokens\n'
  const datasets = new Set(
    listed.flatMap(({ model }) => (model.priceSource.kind === 'catalog' ? [`${model.priceSource.dataset} (${model.priceSource.date})`] : []))
  )
  if (datasets.size > 0) text += `catalog prices: ${[...datasets].join(', ')}\n`
  return text
}
