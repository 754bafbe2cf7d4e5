import { parseArgs } from 'node:util'
import type { Estimate, PaneEstimate } from '../../shared/estimate'
import { findModel, loadWorkspace } from '../config/workspace'
import type { EstimateDependencies, PaneToEstimate } from '../estimate/estimate-prompt'
import { estimatePrompt } from '../estimate/estimate-prompt'
import { type CliIO, EXIT, UsageError, parsePositiveInt, readPrompt } from './cli-io'
import { formatCount, formatUsd, renderTable } from './table'

export const ESTIMATE_USAGE = `Usage: juxta estimate [--config FILE] [--json] --model PROFILE:MODEL [--model …]
                      [--system TEXT] [--max-tokens N] "PROMPT"

What PROMPT will cost on each model before you send it. PROMPT "-" reads standard input.
Without --model, the default panes of the profiles file are used.
`

export interface EstimateCommandContext {
  dataDir: string
  /** Built once the profiles are known: counting may need their keys. */
  dependencies: () => Promise<EstimateDependencies>
}

export async function runEstimateCommand(argv: string[], io: CliIO, context: EstimateCommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string', multiple: true, default: [] },
      system: { type: 'string' },
      'max-tokens': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    io.stdout(ESTIMATE_USAGE)
    return EXIT.ok
  }

  const prompt = await readPrompt(positionals, io)
  const maxTokens = values['max-tokens'] === undefined ? undefined : parsePositiveInt(values['max-tokens'], '--max-tokens')
  const workspace = await loadWorkspace({ dataDir: context.dataDir, ...(values.config && { configFile: values.config }) })
  for (const notice of workspace.notices) io.stderr(`juxta: ${notice}\n`)
  const refs = values.model.length > 0 ? values.model : workspace.defaultPanes
  if (refs.length === 0) throw new UsageError('name at least one model with --model PROFILE:MODEL (or set defaults.panes)')

  const panes: PaneToEstimate[] = refs.map((ref) => {
    const found = findModel(workspace, ref)
    if (typeof found === 'string') throw new UsageError(found)
    return {
      profile: found.profile,
      modelId: found.modelRef.modelId,
      ...(values.system !== undefined && { system: values.system }),
      ...(maxTokens !== undefined && { maxTokens })
    }
  })

  const estimate = await estimatePrompt(prompt, panes, await context.dependencies())
  io.stdout(values.json ? `${JSON.stringify(estimate)}\n` : formatEstimate(estimate))
  return EXIT.ok
}

const PRICE_FROM: Record<PaneEstimate['priceSource']['kind'], string> = {
  catalog: 'catalog',
  user: 'yours',
  local: 'local',
  unknown: 'unknown'
}

function formatEstimate(estimate: Estimate): string {
  const rows = estimate.panes.map((pane) => [
    pane.model,
    `${formatCount(pane.inputTokens)}${pane.exact ? '' : ' ~'}`,
    formatUsd(pane.inputCostUsd),
    formatCount(pane.maxOutputTokens),
    formatUsd(pane.maxOutputCostUsd),
    formatCount(pane.contextWindow),
    pane.fits === null ? '?' : pane.fits ? 'yes' : 'NO',
    PRICE_FROM[pane.priceSource.kind]
  ])
  let text = renderTable(
    ['model', 'input tokens', 'input cost', 'max output', 'max output cost', 'context', 'fits', 'price'],
    rows,
    new Set([1, 2, 3, 4, 5])
  )
  text += `\ntotal: ${formatUsd(estimate.totalUsd.min)} to ${formatUsd(estimate.totalUsd.max)}`
  if (estimate.unpriced.length > 0) text += ` (price unknown for ${estimate.unpriced.join(', ')})`
  text += '\n'
  const datasets = new Set(
    estimate.panes.flatMap((pane) => (pane.priceSource.kind === 'catalog' ? [`${pane.priceSource.dataset} (${pane.priceSource.date})`] : []))
  )
  if (datasets.size > 0) text += `catalog prices: ${[...datasets].join(', ')}\n`
  if (estimate.panes.some((pane) => !pane.exact)) text += '~ approximate count: the exact tokenizer is not available for that model\n'
  for (const pane of estimate.panes) for (const warning of pane.warnings) text += `${pane.model}: ${warning}\n`
  return text
}
