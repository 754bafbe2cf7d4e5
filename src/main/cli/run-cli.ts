import { resolveDataDir } from '../config/data-dir'
import { type CliIO, EXIT } from './cli-io'
import { reportUsageProblem } from './command-errors'
import type { CredentialService } from '../credentials/credential-service'
import { COMPARE_USAGE, runCompareCommand } from './compare-command'
import { ESTIMATE_USAGE, type EstimateCommandContext, runEstimateCommand } from './estimate-command'
import { HISTORY_USAGE, runHistoryCommand } from './history-command'
import { KEYS_USAGE, runKeysCommand } from './keys-command'
import { MODELS_USAGE, runModelsCommand } from './models-command'
import { WEB_USAGE, runWebCommand } from './web-command'
import type { MainServices } from '../services'

const USAGE = `Usage: juxta <command> [options]

Commands:
  compare    send one prompt to several models at once and compare the answers
  models     list the configured model instances, with context, output limit and price
  estimate   what a prompt will cost on each model, before sending it
  keys       set, delete or list the API keys of your profiles (OS keychain)
  history    list or search saved conversations
  web        run Juxta in your browser (browser mode), served on 127.0.0.1 only

Run "juxta <command> --help" for a command's options.
Environment: JUXTA_DATA_DIR overrides the data directory.
`

export interface CliServices {
  /** The key store of a data directory; made once per run. */
  credentials: (dataDir: string) => CredentialService
  estimate: (credentials: CredentialService) => ReturnType<EstimateCommandContext['dependencies']>
  /** Everything the app's main process runs, for browser mode. */
  mainServices: (dataDir: string, profilesFile: string | undefined) => Promise<MainServices>
  /** The built renderer (out/renderer). */
  rendererDir: string
}

const COMMAND_USAGE: Record<string, string> = {
  compare: COMPARE_USAGE,
  models: MODELS_USAGE,
  estimate: ESTIMATE_USAGE,
  keys: KEYS_USAGE,
  history: HISTORY_USAGE,
  web: WEB_USAGE
}

/** Runs one command line; returns the exit status. Never lets a stack trace reach the user. */
export async function runCli(argv: string[], io: CliIO, services: CliServices): Promise<number> {
  const [command, ...rest] = argv
  const dataDir = resolveDataDir(io.env)
  try {
    switch (command) {
      case 'compare': {
        const credentials = services.credentials(dataDir)
        return await runCompareCommand(rest, io, { dataDir, resolveKey: (profile) => credentials.resolveKey(profile) })
      }
      case 'models':
        return await runModelsCommand(rest, io, { dataDir })
      case 'estimate': {
        const credentials = services.credentials(dataDir)
        return await runEstimateCommand(rest, io, { dataDir, dependencies: () => services.estimate(credentials) })
      }
      case 'keys':
        return await runKeysCommand(rest, io, { dataDir, credentials: services.credentials(dataDir) })
      case 'history':
        return await runHistoryCommand(rest, io, { dataDir })
      case 'web':
        return await runWebCommand(rest, io, {
          rendererDir: services.rendererDir,
          services: (profilesFile) => services.mainServices(dataDir, profilesFile)
        })
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE)
        return command === undefined ? EXIT.usage : EXIT.ok
      default:
        io.stderr(`juxta: unknown command "${command}"\n\n${USAGE}`)
        return EXIT.usage
    }
  } catch (error) {
    return reportError(error, command, io)
  }
}

function reportError(error: unknown, command: string | undefined, io: CliIO): number {
  const usageProblem = reportUsageProblem(error, COMMAND_USAGE[command ?? ''] ?? '', io)
  if (usageProblem !== null) return usageProblem
  io.stderr(`juxta: ${error instanceof Error ? error.message : String(error)}\n`)
  return EXIT.failed
}
