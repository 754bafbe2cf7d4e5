import type { CredentialBackend } from '../../shared/credentials'
import { type SafeStorageLike, createEncryptedFileStore, encryptionShortfall } from './encrypted-file-store'
import type { KeychainProbe } from './keytar-store'
import { createMemoryStore } from './memory-store'
import type { SecretStore } from './secret-store'

export interface StoreChoice {
  store: SecretStore
  backend: CredentialBackend
}

export interface FallbackOptions {
  dataDir: string
  safeStorage?: SafeStorageLike
  platform?: NodeJS.Platform
}

/** The keychain when it answers; otherwise the best fallback, with a note saying what that means. */
export async function chooseStore(keychain: Promise<KeychainProbe>, options: FallbackOptions): Promise<StoreChoice> {
  const probe = await keychain
  if (probe.ok) return { store: probe.store, backend: { kind: 'keychain' } }
  return fallbackStore(probe.reason, options)
}

/** `keychainProblem` completes "The system keychain is not available: …". */
export function fallbackStore(keychainProblem: string, options: FallbackOptions): StoreChoice {
  const unavailable = `The system keychain is not available (${keychainProblem}).`
  const shortfall = encryptionShortfall(options.safeStorage, options.platform)
  if (options.safeStorage && shortfall === undefined) {
    return {
      store: createEncryptedFileStore(options.dataDir, options.safeStorage),
      backend: {
        kind: 'encrypted-file',
        keychainProblem,
        note: `${unavailable} Keys you save are kept in a file in Juxta's data folder, encrypted by the operating system for your user account.`
      }
    }
  }
  return {
    store: createMemoryStore(),
    backend: {
      kind: 'session',
      keychainProblem,
      note: `${unavailable} Keys you add are kept only until Juxta quits, because ${shortfall}. To keep a key, set the profile's environment variable (such as OPENAI_API_KEY) before starting Juxta.`
    }
  }
}
