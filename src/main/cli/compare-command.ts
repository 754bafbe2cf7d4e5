import { parseArgs } from 'node:util'
import type { PaneSpec, RunEvent } from '../../shared/compare'
import type { ModelParameters } from '../../shared/history'
import type { ProviderProfile } from '../../shared/profiles'
import { loadCatalog } from '../catalog/load-catalog'
import type { Catalog } from '../catalog/types'
import { type CompareEngineOptions, CompareInputError, CompareNotFoundError, createCompareEngine } from '../compare'
import { engineTuning } from '../compare/engine-tuning'
import { findModel, loadWorkspace } from '../config/workspace'
import { defaultRegistry } from '../providers/default-registry'
import type { ProviderRegistry } from '../providers/registry'
import { openStore } from '../store/open-store'
import type { Store } from '../store/store'
import { type CliIO, EXIT, UsageError, parsePositiveInt, readPrompt } from './cli-io'
import { reportUsageProblem } from './command-errors'
import { LiveView, paneLabels, summaryLine, summaryTable } from './compare-output'

export const COMPARE_USAGE = `Usage: juxta compare [--config FILE] [--json] [--no-save] --model PROFILE:MODEL [--model …]
                     [--system TEXT] [--temperature N] [--max-tokens N] "PROMPT"

Sends PROMPT to every model at once and shows the answers as they stream, then for each:
status, time to first token, tokens per second, tokens in and out, cost and finish reason.
PROMPT "-" reads standard input. Without --model, the default panes of the profiles file are
used; a model named twice runs twice.
  --json       one JSON event per line as they happen, then one {"type":"summary",…} line
  --no-save    keep nothing in history (by default the run is saved like the app's)
Ctrl-C stops every answer and still prints the summary.
Exit status: 0 every answer done, 1 any failed or was stopped, 2 bad arguments.
`

export interface CompareCommandContext {
  /** The data directory (resolveDataDir(io.env)): history is saved there. */
  dataDir: string
  /** A profile's API key, from the keychain or environment (CredentialService.resolveKey). */
  resolveKey: (profile: ProviderProfile) => Promise<string | undefined>
  /** Default: the process-wide defaultRegistry. */
  registry?: ProviderRegistry
  /** Default: loadCatalog(). */
  loadCatalog?: () => Promise<Catalog>
  /**
   * Calls `stop` on Ctrl-C; returns the function that stops listening. Default: the process's
   * SIGINT, for the first Ctrl-C only (a second one ends the process as usual).
   */
  onInterrupt?: (stop: () => void) => () => void
  /** For tests: shorter retries and stall timeouts, another clock. */
  engine?: Pick<CompareEngineOptions, 'providerOptions' | 'clock' | 'coalesceMs'>
}

export async function runCompareCommand(argv: string[], io: CliIO, context: CompareCommandContext): Promise<number> {
  try {
    return await compare(argv, io, context)
  } catch (error) {
    const input = error instanceof CompareInputError || error instanceof CompareNotFoundError ? new UsageError(error.message) : error
    const status = reportUsageProblem(input, COMPARE_USAGE, io)
    if (status === null) throw error
    return status
  }
}

async function compare(argv: string[], io: CliIO, context: CompareCommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
      model: { type: 'string', multiple: true, default: [] },
      system: { type: 'string' },
      temperature: { type: 'string' },
      'max-tokens': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    io.stdout(COMPARE_USAGE)
    return EXIT.ok
  }
  const parameters: ModelParameters = {
    ...(values.temperature !== undefined && { temperature: parseTemperature(values.temperature) }),
    ...(values['max-tokens'] !== undefined && { maxTokens: parsePositiveInt(values['max-tokens'], '--max-tokens') })
  }
  const prompt = await readPrompt(positionals, io)

  const workspace = await loadWorkspace({ dataDir: context.dataDir, ...(values.config && { configFile: values.config }) })
  for (const notice of workspace.notices) io.stderr(`juxta: ${notice}\n`)
  const refs = values.model.length > 0 ? values.model : workspace.defaultPanes
  if (refs.length === 0) throw new UsageError('name at least one model with --model PROFILE:MODEL (or set defaults.panes)')
  for (const ref of refs) {
    const found = findModel(workspace, ref)
    if (typeof found === 'string') throw new UsageError(found)
  }
  const panes: PaneSpec[] = refs.map((model, index) => ({ id: String(index + 1), model, parameters }))

  let store: Store | undefined
  if (!values['no-save']) {
    const opened = openStore({ dataDir: context.dataDir })
    for (const notice of opened.notices) io.stderr(`juxta: ${notice}\n`)
    store = opened.store
  }
  const engine = createCompareEngine({
    registry: context.registry ?? defaultRegistry,
    resolveProfile: (profileId) => workspace.profiles.find((profile) => profile.id === profileId),
    resolveKey: context.resolveKey,
    catalog: await (context.loadCatalog ?? loadCatalog)(),
    ...(store && { store }),
    // The limits saved in Settings apply here as in the app.
    ...engineTuning((key) => workspace.engineSettings[key]),
    ...context.engine
  })
  const labels = paneLabels(refs)
  const view = values.json ? null : new LiveView(io.stdout, panes.map((pane, index) => ({ paneId: pane.id, label: labels[index]! })))
  const onEvent = (event: RunEvent): void => {
    if (view) view.show(event)
    else io.stdout(`${JSON.stringify(event)}\n`)
  }

  let stopListening = (): void => {}
  try {
    const handle = await engine.start(
      { prompt, panes, ...(values.system !== undefined && { system: values.system }), save: store !== undefined },
      onEvent
    )
    stopListening = (context.onInterrupt ?? onFirstSigint)(() => engine.stop(handle.runId))
    const summary = await engine.wait(handle.runId)
    if (view) {
      io.stdout(`\n${summaryTable(summary.panes, labels)}`)
      if (summary.conversationId !== null) io.stdout(`saved as conversation ${summary.conversationId} (see "juxta history")\n`)
    } else {
      io.stdout(summaryLine(summary.panes))
    }
    return summary.panes.every((pane) => pane.status === 'done') ? EXIT.ok : EXIT.failed
  } finally {
    stopListening()
    await engine.close()
    store?.close()
  }
}

function parseTemperature(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 2) {
    throw new UsageError(`--temperature must be a number from 0 to 2, not "${text}"`)
  }
  return value
}

/** The first Ctrl-C stops the run; the listener is then gone, so a second one ends the process. */
function onFirstSigint(stop: () => void): () => void {
  const handler = (): void => {
    process.off('SIGINT', handler)
    stop()
  }
  process.on('SIGINT', handler)
  return () => process.off('SIGINT', handler)
}
