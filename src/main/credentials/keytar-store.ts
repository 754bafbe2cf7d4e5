import { redactSecrets } from '../providers/redact'
import { CredentialError } from './credential-error'
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store'
import { withTimeout } from './with-timeout'

/** The part of keytar Juxta uses; tests inject stand-ins that fail or hang. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

export type KeytarLoader = () => Promise<KeytarLike>

/**
 * keytar is a native module: the binary may be missing or built for another ABI. A dynamic
 * import keeps that failure here, as a rejected promise, instead of at startup.
 */
export const loadKeytar: KeytarLoader = async () => {
  const loaded: Partial<{ default: KeytarLike }> & KeytarLike = await import('keytar')
  // keytar is CommonJS: its exports arrive as the default export.
  return loaded.default ?? loaded
}

export type KeychainProbe = { ok: true; store: SecretStore } | { ok: false; reason: string }

export interface KeychainOptions {
  load?: KeytarLoader
  /** How long the one probe call may take before the keychain counts as absent. */
  probeTimeoutMs?: number
  /** How long any later call may take; long enough for the user to answer an unlock prompt. */
  callTimeoutMs?: number
}

export const DEFAULT_PROBE_TIMEOUT_MS = 3_000
export const DEFAULT_CALL_TIMEOUT_MS = 60_000

/**
 * Loads keytar and asks the keychain one harmless question. On Linux keytar can load and still
 * find no Secret Service (no D-Bus session, no keyring daemon), or one that never answers;
 * either way the answer is "not available" with a reason, never an exception.
 */
export async function openKeychain(options: KeychainOptions = {}): Promise<KeychainProbe> {
  let keytar: KeytarLike
  try {
    keytar = await (options.load ?? loadKeytar)()
  } catch (error) {
    return { ok: false, reason: `its module could not be loaded: ${describe(error)}` }
  }
  const probeMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
  try {
    await withTimeout(keytar.findCredentials(KEYCHAIN_SERVICE), probeMs, () => new Error(`no answer within ${seconds(probeMs)}`))
  } catch (error) {
    return { ok: false, reason: `it did not respond: ${describe(error)}` }
  }
  return { ok: true, store: keytarStore(keytar, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS) }
}

function keytarStore(keytar: KeytarLike, callTimeoutMs: number): SecretStore {
  const call = async <T>(action: string, work: () => Promise<T>, key?: string): Promise<T> => {
    try {
      return await withTimeout(work(), callTimeoutMs, () => new Error(`no answer within ${seconds(callTimeoutMs)}`))
    } catch (error) {
      const detail = describe(error, key)
      throw new CredentialError('store_failed', `The system keychain could not ${action}: ${detail}`, detail)
    }
  }
  return {
    kind: 'keychain',
    get: async (profileId) => (await call('read the key', () => keytar.getPassword(KEYCHAIN_SERVICE, profileId))) ?? undefined,
    set: (profileId, key) => call('save the key', () => keytar.setPassword(KEYCHAIN_SERVICE, profileId, key), key),
    delete: (profileId) => call('delete the key', () => keytar.deletePassword(KEYCHAIN_SERVICE, profileId))
  }
}

/** An error's message, redacted: libsecret and keychain errors are not expected to quote keys, but may. */
function describe(error: unknown, key?: string): string {
  const message = error instanceof Error ? error.message : String(error)
  return redactSecrets(message, [key]).trim() || 'unknown error'
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}
