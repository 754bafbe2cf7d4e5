import type { CliIO } from '../../src/main/cli/cli-io'
import { runCli } from '../../src/main/cli/run-cli'
import { createCredentialService } from '../../src/main/credentials/credential-service'
import { createEstimateDependencies } from '../../src/main/estimate/estimate-dependencies'
import type { TokenEstimator } from '../../src/main/tokens/token-estimator'
import { rejectingKeytar } from '../support/fake-keytar'

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
    // No keychain here: keys come from the environment, as on a machine without a Secret Service.
    credentials: (dataDir) => createCredentialService({ dataDir, env, keytarLoader: async () => rejectingKeytar() }),
    estimate: (credentials) => createEstimateDependencies(estimator, (profile) => credentials.resolveKey(profile))
  })
  return { code, stdout, stderr }
}
