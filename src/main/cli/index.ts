import { createCredentialService } from '../credentials/credential-service'
import { createEstimateDependencies } from '../estimate/estimate-dependencies'
import { createTokenEstimator } from '../tokens/token-estimator'
import { processIO } from './cli-io'
import { runCli } from './run-cli'

// Entry of the built `juxta` command (out/main/cli.js): wiring only.
const io = processIO()
// The worker is built as its own entry beside this file.
const estimator = createTokenEstimator({ workerUrl: new URL('./token-worker.js', import.meta.url) })

try {
  process.exitCode = await runCli(process.argv.slice(2), io, {
    credentials: (dataDir) => createCredentialService({ dataDir, env: io.env }),
    estimate: (credentials) => createEstimateDependencies(estimator, (profile) => credentials.resolveKey(profile))
  })
} finally {
  await estimator.close()
}
// A native keychain call cannot be cancelled and would hold the process open; the work is done.
process.exit()
