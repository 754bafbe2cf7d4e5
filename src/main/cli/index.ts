import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createCredentialService } from '../credentials/credential-service'
import { createEstimateDependencies } from '../estimate/estimate-dependencies'
import { createMainServices } from '../services'
import { createTokenEstimator } from '../tokens/token-estimator'
import { processIO } from './cli-io'
import { runCli } from './run-cli'

// Entry of the built `juxta` command (out/main/cli.js): wiring only.
const io = processIO()
// The worker is built as its own entry beside this file.
const estimator = createTokenEstimator({ workerUrl: new URL('./token-worker.js', import.meta.url) })
const version: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version

try {
  process.exitCode = await runCli(process.argv.slice(2), io, {
    credentials: (dataDir) => createCredentialService({ dataDir, env: io.env }),
    estimate: (credentials) => createEstimateDependencies(estimator, (profile) => credentials.resolveKey(profile)),
    mainServices: (dataDir, profilesFile) =>
      createMainServices({ dataDir, env: io.env, version, estimator, ...(profilesFile !== undefined && { profilesFile }) }),
    rendererDir: fileURLToPath(new URL('../renderer', import.meta.url))
  })
} finally {
  await estimator.close()
}
// A native keychain call cannot be cancelled and would hold the process open; the work is done.
process.exit()
