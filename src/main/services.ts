import { loadCatalog } from './catalog'
import { type CompareEngine, createCompareEngine } from './compare'
import { engineTuning } from './compare/engine-tuning'
import { activeProfiles, type ActiveProfiles } from './config/active-profiles'
import { readProfilesFile } from './config/profiles-file'
import { type CredentialService, createCredentialService } from './credentials/credential-service'
import type { SafeStorageLike } from './credentials/encrypted-file-store'
import type { KeytarLoader } from './credentials/keytar-store'
import { createEstimateDependencies } from './estimate/estimate-dependencies'
import type { EstimateDependencies } from './estimate/estimate-prompt'
import { defaultRegistry } from './providers/default-registry'
import type { ProviderRegistry } from './providers/registry'
import { type Store, openStore } from './store'
import { type TokenEstimator, createTokenEstimator } from './tokens/token-estimator'

/** The main process's long-lived services, built once the app is ready (or once `juxta web` starts). */
export interface MainServices {
  version: string
  store: Store
  credentials: CredentialService
  /** The profiles in use: a profiles file's, the saved ones, or the presets. */
  profiles: ActiveProfiles
  registry: ProviderRegistry
  /** The catalog and token counting behind estimates, loaded on first use (the catalog takes a moment). */
  estimate(): Promise<EstimateDependencies>
  /** The fan-out engine, made on first use (it needs the catalog); runs are saved to the store. */
  compare(): Promise<CompareEngine>
  /** For the user: a damaged database moved aside, keys kept for this session only … */
  notices: string[]
  /** Saves answers still streaming as interrupted, closes the database and the counting worker. */
  close(): Promise<void>
}

export interface MainServicesOptions {
  dataDir: string
  env: NodeJS.ProcessEnv
  version: string
  safeStorage?: SafeStorageLike
  /** `--config FILE`: its profiles are used, read-only, instead of the saved ones. Throws ConfigError when unusable. */
  profilesFile?: string
  /** Token counting shared with the caller (the bundled app passes its built worker); made here when absent. */
  estimator?: TokenEstimator
  /** Tests replace keytar so the machine's keychain is never touched. */
  keytarLoader?: KeytarLoader
  registry?: ProviderRegistry
}

export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const file = options.profilesFile === undefined ? undefined : { path: options.profilesFile, ...(await readProfilesFile(options.profilesFile)) }
  const { store, notices } = openStore({ dataDir: options.dataDir })
  const registry = options.registry ?? defaultRegistry
  const credentials = createCredentialService({
    dataDir: options.dataDir,
    env: options.env,
    registry,
    ...(options.safeStorage && { safeStorage: options.safeStorage }),
    ...(options.keytarLoader && { keytarLoader: options.keytarLoader })
  })
  const estimator = options.estimator ?? createTokenEstimator()
  let dependencies: Promise<EstimateDependencies> | undefined
  let engine: Promise<CompareEngine> | undefined
  const profiles = activeProfiles(store, file)
  const backend = await credentials.backend()

  return {
    version: options.version,
    store,
    credentials,
    profiles,
    registry,
    estimate: () =>
      (dependencies ??= createEstimateDependencies(estimator, (profile) => credentials.resolveKey(profile)).catch((error: unknown) => {
        dependencies = undefined // let a later estimate try again
        throw error
      })),
    compare: () =>
      (engine ??= loadCatalog().then((catalog) =>
        createCompareEngine({
          registry,
          catalog,
          store,
          resolveProfile: (id) => profiles.find(id),
          resolveKey: (profile) => credentials.resolveKey(profile),
          ...engineTuning((key) => store.settings.get(key))
        })
      )),
    notices: backend.note ? [...notices, backend.note] : notices,
    close: async () => {
      // Runs still streaming stop, and their answers are saved as stopped, before the store closes.
      if (engine) await (await engine).close()
      store.close()
      // An estimator the caller gave is the caller's to close.
      if (!options.estimator) await estimator.close()
    }
  }
}
