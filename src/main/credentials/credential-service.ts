import type { CredentialBackend, KeyStatus, KeyTestResult } from '../../shared/credentials'
import type { ProviderProfile } from '../../shared/profiles'
import { defaultRegistry } from '../providers/default-registry'
import type { ProviderRegistry } from '../providers/registry'
import { type StoreChoice, chooseStore, fallbackStore } from './choose-store'
import { CredentialError } from './credential-error'
import type { SafeStorageLike } from './encrypted-file-store'
import { keyFromEnvironment } from './environment'
import { lastFourOf, validateApiKey, validateProfileId } from './key-validation'
import { type KeytarLoader, openKeychain } from './keytar-store'
import { testKey } from './test-key'

export interface CredentialServiceOptions {
  dataDir: string
  env: NodeJS.ProcessEnv
  /** Electron's safeStorage; absent in the CLI and browser mode, so no encrypted-file fallback there. */
  safeStorage?: SafeStorageLike
  /** Replaces the real keytar import, to test the fallbacks. */
  keytarLoader?: KeytarLoader
  registry?: ProviderRegistry
  probeTimeoutMs?: number
  keychainCallTimeoutMs?: number
  testTimeoutMs?: number
  platform?: NodeJS.Platform
}

/** API keys for main: saved, read, tested. Nothing it returns to callers contains a key, but resolveKey. */
export interface CredentialService {
  /** For the renderer: whether the profile has a key and from where, never the key. */
  status(profile: ProviderProfile): Promise<KeyStatus>
  /** Validates and saves; throws CredentialError with a message safe to show. */
  set(profileId: string, key: string): Promise<void>
  /** True when a saved key was removed. An environment variable is not touched. */
  delete(profileId: string): Promise<boolean>
  /** Main only: the key to hand to a provider. A saved key wins over the environment. */
  resolveKey(profile: ProviderProfile): Promise<string | undefined>
  /** Where saved keys go, with a note for the user when that is not the OS keychain. */
  backend(): Promise<CredentialBackend>
  /** A cheap authenticated call with the profile's key: listing its models. */
  test(profile: ProviderProfile, signal?: AbortSignal): Promise<KeyTestResult>
}

export function createCredentialService(options: CredentialServiceOptions): CredentialService {
  const fallback = { dataDir: options.dataDir, safeStorage: options.safeStorage, platform: options.platform }
  // Chosen on first use, once: the probe costs a D-Bus round trip (or its timeout).
  let choice: Promise<StoreChoice> | undefined
  const current = (): Promise<StoreChoice> =>
    (choice ??= chooseStore(
      openKeychain({ load: options.keytarLoader, probeTimeoutMs: options.probeTimeoutMs, callTimeoutMs: options.keychainCallTimeoutMs }),
      fallback
    ))

  const savedKey = async (profileId: string): Promise<{ key: string; choice: StoreChoice } | undefined> => {
    const active = await current()
    const key = await active.store.get(profileId)
    return key ? { key, choice: active } : undefined
  }

  const resolveKey = async (profile: ProviderProfile): Promise<string | undefined> =>
    (await savedKey(profile.id))?.key ?? keyFromEnvironment(profile, options.env)

  return {
    async status(profile) {
      const envVar = profile.apiKeyEnv ? { envVar: profile.apiKeyEnv } : {}
      const saved = await savedKey(profile.id)
      if (saved) return withLastFour({ profileId: profile.id, hasKey: true, source: saved.choice.store.kind, ...envVar }, saved.key)
      const fromEnv = keyFromEnvironment(profile, options.env)
      if (fromEnv) return withLastFour({ profileId: profile.id, hasKey: true, source: 'environment', ...envVar }, fromEnv)
      return { profileId: profile.id, hasKey: false, source: null, ...envVar }
    },

    async set(profileId, key) {
      validateProfileId(profileId)
      validateApiKey(key)
      const active = await current()
      try {
        await active.store.set(profileId, key)
      } catch (error) {
        // Linux keyrings can answer reads yet refuse writes (a Secret Service with no unlocked
        // collection and no prompter). Rather than leave the app unable to hold any key, move to
        // the fallback, whose note tells the user what that means.
        if (active.store.kind !== 'keychain' || !(error instanceof CredentialError)) throw error
        const demoted = fallbackStore(`it refused to save a key: ${error.detail ?? error.message}`, fallback)
        choice = Promise.resolve(demoted)
        await demoted.store.set(profileId, key)
      }
    },

    async delete(profileId) {
      validateProfileId(profileId)
      return (await current()).store.delete(profileId)
    },

    resolveKey,

    async backend() {
      return (await current()).backend
    },

    async test(profile, signal) {
      const key = await resolveKey(profile)
      return testKey(profile, key, options.registry ?? defaultRegistry, { timeoutMs: options.testTimeoutMs, ...(signal && { signal }) })
    }
  }
}

function withLastFour(status: KeyStatus, key: string): KeyStatus {
  const lastFour = lastFourOf(key)
  return lastFour ? { ...status, lastFour } : status
}
