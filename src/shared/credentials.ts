import type { ErrorInfo } from './errors'

/**
 * What the renderer may know about API keys: whether one is set and where it comes from,
 * never the key itself (the last four characters at most, to tell keys apart).
 */

/**
 * What the window gets instead of a profile header value that looks like a credential; sent back
 * unchanged, it keeps the saved value (src/main/config/masked-headers.ts).
 */
export const MASKED_HEADER_VALUE = '[saved]'

/** Where keys Juxta saves are kept: the OS keychain, else an OS-encrypted file, else memory only. */
export type SecretStoreKind = 'keychain' | 'encrypted-file' | 'session'

export type KeySource = SecretStoreKind | 'environment'

export interface KeyStatus {
  profileId: string
  hasKey: boolean
  /** Where the key in use comes from; a saved key wins over the environment. Null without a key. */
  source: KeySource | null
  /** The environment variable the profile reads (shown as "from OPENAI_API_KEY", or as a hint). */
  envVar?: string
  /** Only for keys long enough that four characters give little away. */
  lastFour?: string
}

export interface CredentialBackend {
  kind: SecretStoreKind
  /** Sentences for the user when keys are not in the OS keychain: why, where they are, and what that means. */
  note?: string
  /** Why the OS keychain is not in use, e.g. "it did not respond: no D-Bus session". */
  keychainProblem?: string
}

/** The result of a cheap authenticated call with a profile's key. */
export type KeyTestResult = { ok: true; models: number } | { ok: false; error: ErrorInfo }
