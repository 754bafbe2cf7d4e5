import type { CliIO } from '../../src/main/cli/cli-io'
import { type CompareCommandContext, runCompareCommand } from '../../src/main/cli/compare-command'
import { runModelsCommand } from '../../src/main/cli/models-command'
import { runCli } from '../../src/main/cli/run-cli'
import { resolveDataDir } from '../../src/main/config/data-dir'
import { createCredentialService } from '../../src/main/credentials/credential-service'
import { createEstimateDependencies } from '../../src/main/estimate/estimate-dependencies'
import type { TokenEstimator } from '../../src/main/tokens/token-estimator'
import { rejectingKeytar } from '../support/fake-keytar'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

function capturingIO(env: NodeJS.ProcessEnv, stdin: string): { io: CliIO; output: () => { stdout: string; stderr: string } } {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    readStdin: async () => stdin,
    isTTY: false
  }
  return { io, output: () => ({ stdout, stderr }) }
}

// No keychain here: keys come from the environment, as on a machine without a Secret Service.
const credentialsFor = (dataDir: string, env: NodeJS.ProcessEnv) =>
  createCredentialService({ dataDir, env, keytarLoader: async () => rejectingKeytar() })

/** Runs the `juxta` command in this process, with the real services, capturing its output. */
export async function runJuxta(
  argv: string[],
  estimator: TokenEstimator,
  env: NodeJS.ProcessEnv = {},
  stdin = ''
): Promise<CliRun> {
  const { io, output } = capturingIO(env, stdin)
  const code = await runCli(argv, io, {
    credentials: (dataDir) => credentialsFor(dataDir, env),
    estimate: (credentials) => createEstimateDependencies(estimator, (profile) => credentials.resolveKey(profile)),
    // Browser mode has its own tests (tests/integration/web-command.test.ts); here it is never started.
    mainServices: () => Promise.reject(new Error('not used in these tests')),
    rendererDir: ''
  })
  return { code, ...output() }
}

/**
 * `juxta compare ARGV`, with the context runCli gives it: the data directory of the environment
 * and keys from the credential service. Called directly, so tests can tune the engine and interrupt the run.
 */
export async function runJuxtaCompare(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  options: { stdin?: string } & Partial<Omit<CompareCommandContext, 'dataDir' | 'resolveKey'>> = {}
): Promise<CliRun> {
  const { stdin = '', ...extra } = options
  const { io, output } = capturingIO(env, stdin)
  const dataDir = resolveDataDir(env)
  const credentials = credentialsFor(dataDir, env)
  const code = await runCompareCommand(argv, io, { dataDir, resolveKey: (profile) => credentials.resolveKey(profile), ...extra })
  return { code, ...output() }
}

/** `juxta models ARGV`, with the context runCli gives it. */
export async function runJuxtaModels(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const { io, output } = capturingIO(env, '')
  const code = await runModelsCommand(argv, io, { dataDir: resolveDataDir(env) })
  return { code, ...output() }
}
