import { type CredentialService, createCredentialService } from './credentials/credential-service'
import type { SafeStorageLike } from './credentials/encrypted-file-store'
import { type Store, openStore } from './store'

/** The main process's long-lived services, built once the app is ready. */
export interface MainServices {
  store: Store
  credentials: CredentialService
  /** For the user: a damaged database moved aside, keys kept for this session only … */
  notices: string[]
}

export async function createMainServices(options: {
  dataDir: string
  env: NodeJS.ProcessEnv
  safeStorage?: SafeStorageLike
}): Promise<MainServices> {
  const { store, notices } = openStore({ dataDir: options.dataDir })
  const credentials = createCredentialService({
    dataDir: options.dataDir,
    env: options.env,
    ...(options.safeStorage && { safeStorage: options.safeStorage })
  })
  const backend = await credentials.backend()
  return { store, credentials, notices: backend.note ? [...notices, backend.note] : notices }
}
