import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MainServices, createMainServices } from '../../src/main/services'
import { loaderOf, rejectingKeytar } from './fake-keytar'

export const TEST_VERSION = '0.0.0-test'

/**
 * The app's real services on a fresh data directory: a real SQLite store, and credentials
 * whose keychain always refuses (as on Linux without D-Bus), so keys are kept for the session
 * and the machine's own keychain is never touched. `dispose` closes them and removes the folder.
 */
export async function testServices(
  options: { env?: NodeJS.ProcessEnv; profilesFile?: string } = {}
): Promise<{ services: MainServices; dataDir: string; dispose: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'juxta-services-'))
  const services = await createMainServices({
    dataDir,
    env: options.env ?? {},
    version: TEST_VERSION,
    keytarLoader: loaderOf(rejectingKeytar()),
    ...(options.profilesFile !== undefined && { profilesFile: options.profilesFile })
  })
  return {
    services,
    dataDir,
    dispose: async () => {
      await services.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
