import { randomUUID } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { redactSecrets } from '../providers/redact'
import { CredentialError } from './credential-error'
import type { SecretStore } from './secret-store'

/** Electron's safeStorage, as much of it as this store needs; passed in so main owns Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: which OS facility encrypts ("gnome_libsecret", "kwallet5", "basic_text" …). */
  getSelectedStorageBackend?(): string
}

export const ENCRYPTED_KEYS_FILE = 'credentials.enc'

// "basic_text" encrypts with a key hard-coded in Chromium: anyone who can read the file can
// decrypt it. "unknown" means Electron could not say, so it gets no trust either.
const NOT_REAL_ENCRYPTION = new Set(['basic_text', 'unknown'])

/** Undefined when safeStorage really encrypts; otherwise why not, as a clause for the user. */
export function encryptionShortfall(
  safeStorage: SafeStorageLike | undefined,
  platform: NodeJS.Platform = process.platform
): string | undefined {
  if (!safeStorage) return 'no encrypted storage is available in this mode'
  let available: boolean
  try {
    available = safeStorage.isEncryptionAvailable()
  } catch {
    // Electron throws when asked too early (before app "ready" on Linux).
    available = false
  }
  if (!available) return 'the operating system offers no encryption for files'
  if (platform !== 'linux') return undefined
  // On Linux, "available" is also true for the hard-coded key; only the backend tells them apart.
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown'
  return NOT_REAL_ENCRYPTION.has(backend) ? `the only file encryption on offer ("${backend}") does not protect keys` : undefined
}

interface KeysFile {
  version: 1
  keys: Record<string, string>
}

/**
 * Keys in one file in the data directory, encrypted as a whole by safeStorage (so not even the
 * profile ids are readable). Replaced atomically, mode 0600; writes are queued so two saves
 * in a row cannot lose one another.
 */
export function createEncryptedFileStore(dataDir: string, safeStorage: SafeStorageLike): SecretStore {
  const file = join(dataDir, ENCRYPTED_KEYS_FILE)
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work)
    queue = next.catch(() => undefined)
    return next
  }

  const read = async (): Promise<Record<string, string>> => {
    let bytes: Buffer
    try {
      bytes = await readFile(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw new CredentialError('store_failed', `Could not read the saved keys in ${file}: ${(error as Error).message}`)
    }
    try {
      const parsed = JSON.parse(safeStorage.decryptString(bytes)) as KeysFile
      if (parsed.version !== 1 || typeof parsed.keys !== 'object' || parsed.keys === null) throw new Error('unknown format')
      return parsed.keys
    } catch {
      // Refusing (rather than starting afresh) keeps a save from overwriting keys that another
      // OS account or a restored backup could still decrypt.
      throw new CredentialError(
        'store_failed',
        `The saved keys in ${file} could not be decrypted (they may come from another user account or computer). Delete that file to start again; the keys in it will be lost.`
      )
    }
  }

  const write = async (keys: Record<string, string>, secret?: string): Promise<void> => {
    const body: KeysFile = { version: 1, keys }
    const temp = join(dirname(file), `.${ENCRYPTED_KEYS_FILE}.${randomUUID()}.tmp`)
    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 })
      const handle = await open(temp, 'wx', 0o600)
      try {
        await handle.writeFile(safeStorage.encryptString(JSON.stringify(body)))
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temp, file)
    } catch (error) {
      await rm(temp, { force: true })
      const message = redactSecrets(error instanceof Error ? error.message : String(error), [secret])
      throw new CredentialError('store_failed', `Could not save the keys file ${file}: ${message}`)
    }
  }

  return {
    kind: 'encrypted-file',
    get: async (profileId) => {
      const keys = await serially(read)
      // Own properties only: a profile may well be called "constructor".
      return Object.hasOwn(keys, profileId) ? keys[profileId] : undefined
    },
    set: (profileId, key) =>
      serially(async () => {
        const keys = await read()
        keys[profileId] = key
        await write(keys, key)
      }),
    delete: (profileId) =>
      serially(async () => {
        const keys = await read()
        if (!Object.hasOwn(keys, profileId)) return false
        delete keys[profileId]
        await write(keys)
        return true
      })
  }
}
