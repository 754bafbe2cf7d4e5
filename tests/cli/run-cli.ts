import type { CliIO } from '../../src/main/cli/cli-io'
import { runCli } from '../../src/main/cli/run-cli'
import { keyFromEnvironment } from '../../src/main/credentials/environment'
import { createEstimateDependencies } from '../../src/main/estimate/estimate-dependencies'
import type { TokenEstimator } from '../../src/main/tokens/token-estimator'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the `juxta` command in this process, with the real services, capturing its output. */
export async function runJuxta(
  argv: string[],
  estimator: TokenEstimator,
  env: NodeJS.ProcessEnv = {},
  stdin = ''
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    readStdin: async () => stdin,
    isTTY: false
  }
  const code = await runCli(argv, io, {
    estimate: () => createEstimateDependencies(estimator, (profile) => keyFromEnvironment(profile, env))
  })
  return { code, stdout, stderr }
}
