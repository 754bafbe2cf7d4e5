import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runKeysCommand } from '../../src/main/cli/keys-command'
import { CredentialError } from '../../src/main/credentials/credential-error'
import { type CredentialServiceOptions, createCredentialService } from '../../src/main/credentials/credential-service'
import { ENCRYPTED_KEYS_FILE, type SafeStorageLike, encryptionShortfall } from '../../src/main/credentials/encrypted-file-store'
import { MAX_KEY_LENGTH } from '../../src/main/credentials/key-validation'
import type { ProviderProfile } from '../../src/shared/profiles'
import { recordingIO } from '../support/fake-cli-io'
import { brokenLoader, hangingKeytar, loaderOf, memoryKeytar, readOnlyKeytar, rejectingKeytar } from '../support/fake-keytar'
import { fakeSafeStorage } from '../support/fake-safe-storage'

// Every test injects its keytar: none of them may touch the keychain of the machine running them.

const KEY = 'sk-test-FallbackabcdWXYZ'
const PROFILE: ProviderProfile = { id: 'oa', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'TEST_OA_KEY', models: [] }

const made: string[] = []

afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true })
})

/** A data directory that does not exist yet, as on first run. */
async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'juxta-credentials-'))
  made.push(dir)
  return join(dir, 'data')
}

/** The app on Linux with keytar unloadable: what happens next depends on safeStorage. */
function withoutKeytar(dataDir: string, safeStorage: SafeStorageLike) {
  return createCredentialService({ dataDir, env: {}, keytarLoader: brokenLoader, safeStorage, platform: 'linux' })
}

async function service(overrides: Partial<CredentialServiceOptions> = {}) {
  return createCredentialService({ dataDir: await newDataDir(), env: {}, keytarLoader: brokenLoader, platform: 'linux', ...overrides })
}

describe('credentials: keytar fails to load', () => {
  it('saves keys in an encrypted file when safeStorage really encrypts, never in clear', async () => {
    const dataDir = await newDataDir()
    const safeStorage = fakeSafeStorage({ backend: 'gnome_libsecret' })
    const credentials = withoutKeytar(dataDir, safeStorage)

    const backend = await credentials.backend()
    expect(backend.kind).toBe('encrypted-file')
    expect(backend.keychainProblem).toContain('could not be loaded')
    expect(backend.note).toMatch(/encrypted by the operating system/)

    await credentials.set('oa', KEY)
    expect(await credentials.status(PROFILE)).toEqual({
      profileId: 'oa',
      hasKey: true,
      source: 'encrypted-file',
      envVar: 'TEST_OA_KEY',
      lastFour: 'WXYZ'
    })
    expect(await credentials.resolveKey(PROFILE)).toBe(KEY)

    const file = join(dataDir, ENCRYPTED_KEYS_FILE)
    const bytes = await readFile(file)
    expect(bytes.includes(KEY)).toBe(false)
    expect(bytes.includes('WXYZ')).toBe(false)
    expect(bytes.includes('"oa"')).toBe(false)
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600)
    // The temp file was renamed into place, not left behind.
    expect(await readdir(dataDir)).toEqual([ENCRYPTED_KEYS_FILE])

    // A later run (same OS account, so the same safeStorage key) reads it back.
    const later = withoutKeytar(dataDir, safeStorage)
    expect(await later.resolveKey(PROFILE)).toBe(KEY)
    expect(await later.delete('oa')).toBe(true)
    expect(await later.delete('oa')).toBe(false)
    expect(await credentials.status(PROFILE)).toMatchObject({ hasKey: false, source: null })
  })

  it('keeps a profile called "constructor" apart from the object prototype', async () => {
    const credentials = await service({ safeStorage: fakeSafeStorage() })
    expect(await credentials.resolveKey({ ...PROFILE, id: 'constructor' })).toBeUndefined()
    await credentials.set('constructor', KEY)
    expect(await credentials.resolveKey({ ...PROFILE, id: 'constructor' })).toBe(KEY)
  })

  it('refuses to overwrite a keys file it cannot decrypt', async () => {
    const dataDir = await newDataDir()
    const first = withoutKeytar(dataDir, fakeSafeStorage())
    await first.set('oa', KEY)
    const before = await readFile(join(dataDir, ENCRYPTED_KEYS_FILE))

    // Another OS account: a different safeStorage key.
    const other = withoutKeytar(dataDir, fakeSafeStorage())
    const error = await other.set('an', 'sk-ant-other-0123456789abcdef').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CredentialError)
    expect((error as CredentialError).message).toMatch(/could not be decrypted/)
    expect(await readFile(join(dataDir, ENCRYPTED_KEYS_FILE))).toEqual(before)
  })

  it('falls back to session-only memory with the basic_text backend, and says so plainly', async () => {
    const dataDir = await newDataDir()
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' })
    const credentials = withoutKeytar(dataDir, safeStorage)

    const backend = await credentials.backend()
    expect(backend.kind).toBe('session')
    expect(backend.note).toMatch(/^The system keychain is not available \(.+\)\. Keys you add are kept only until Juxta quits/)
    expect(backend.note).toContain('"basic_text"')

    await credentials.set('oa', KEY)
    expect(await credentials.status(PROFILE)).toMatchObject({ hasKey: true, source: 'session', lastFour: 'WXYZ' })
    expect(safeStorage.encryptions).toBe(0)
    await expect(readdir(dataDir)).rejects.toMatchObject({ code: 'ENOENT' })

    const nextRun = withoutKeytar(dataDir, safeStorage)
    expect(await nextRun.resolveKey(PROFILE)).toBeUndefined()
  })

  it('does not trust an "unknown" backend or unavailable encryption, and trusts macOS and Windows as they report', () => {
    expect(encryptionShortfall(fakeSafeStorage({ backend: 'unknown' }), 'linux')).toMatch(/does not protect/)
    expect(encryptionShortfall(fakeSafeStorage({ available: false }), 'darwin')).toMatch(/no encryption/)
    expect(encryptionShortfall(undefined, 'linux')).toMatch(/no encrypted storage/)
    expect(encryptionShortfall(fakeSafeStorage({ backend: 'kwallet5' }), 'linux')).toBeUndefined()
    const { getSelectedStorageBackend: _linuxOnly, ...macStorage } = fakeSafeStorage()
    expect(encryptionShortfall(macStorage, 'darwin')).toBeUndefined()
    expect(encryptionShortfall(macStorage, 'linux')).toMatch(/"unknown"/)
  })

  it('is session-only without safeStorage (the CLI, browser mode)', async () => {
    const credentials = await service()
    expect((await credentials.backend()).kind).toBe('session')
  })
})

describe('credentials: keytar loads but the Secret Service does not answer', () => {
  it('falls back within a bounded time when the keychain hangs', async () => {
    const credentials = await service({ keytarLoader: loaderOf(hangingKeytar()), safeStorage: fakeSafeStorage(), probeTimeoutMs: 200 })
    const started = performance.now()
    const backend = await credentials.backend()
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(backend.kind).toBe('encrypted-file')
    expect(backend.keychainProblem).toMatch(/no answer within 0.2 s/)
    await credentials.set('oa', KEY)
    expect(await credentials.resolveKey(PROFILE)).toBe(KEY)
  })

  it('falls back at once when keytar rejects, giving libsecret\'s reason', async () => {
    const credentials = await service({ keytarLoader: loaderOf(rejectingKeytar()) })
    const backend = await credentials.backend()
    expect(backend).toMatchObject({ kind: 'session', keychainProblem: 'it did not respond: Cannot autolaunch D-Bus without X11 $DISPLAY' })
  })

  it('moves to the fallback when the keychain reads but refuses to save, and still keeps the key', async () => {
    const credentials = await service({ keytarLoader: loaderOf(readOnlyKeytar()), safeStorage: fakeSafeStorage() })
    expect((await credentials.backend()).kind).toBe('keychain')
    await credentials.set('oa', KEY)
    const backend = await credentials.backend()
    expect(backend.kind).toBe('encrypted-file')
    expect(backend.keychainProblem).toMatch(/^it refused to save a key: Object does not exist/)
    expect(await credentials.status(PROFILE)).toMatchObject({ source: 'encrypted-file' })
  })

  it('probes the keychain once, not on every call', async () => {
    const keytar = memoryKeytar()
    let probes = 0
    const findCredentials = keytar.findCredentials
    keytar.findCredentials = (service) => (probes++, findCredentials(service))
    const credentials = await service({ keytarLoader: loaderOf(keytar) })
    await Promise.all([credentials.backend(), credentials.status(PROFILE), credentials.resolveKey(PROFILE)])
    await credentials.set('oa', KEY)
    expect(probes).toBe(1)
    expect(keytar.items.get('Juxta\u0000oa')).toBe(KEY)
  })
})

describe('credentials: the environment', () => {
  it('reports a key from the profile\'s variable as read-only "environment", and a saved key wins over it', async () => {
    const envKey = 'sk-env-0123456789abcdefENVK'
    const credentials = await service({ env: { TEST_OA_KEY: `${envKey}\n` }, keytarLoader: loaderOf(memoryKeytar()) })

    expect(await credentials.status(PROFILE)).toEqual({
      profileId: 'oa',
      hasKey: true,
      source: 'environment',
      envVar: 'TEST_OA_KEY',
      lastFour: 'ENVK'
    })
    expect(await credentials.resolveKey(PROFILE)).toBe(envKey)

    await credentials.set('oa', KEY)
    expect(await credentials.status(PROFILE)).toMatchObject({ source: 'keychain', lastFour: 'WXYZ' })
    expect(await credentials.resolveKey(PROFILE)).toBe(KEY)

    // Deleting the saved key leaves the environment's in use; Juxta never writes that one.
    expect(await credentials.delete('oa')).toBe(true)
    expect(await credentials.status(PROFILE)).toMatchObject({ source: 'environment' })
  })

  it('has no key and names the variable to set when neither source has one', async () => {
    const credentials = await service()
    expect(await credentials.status(PROFILE)).toEqual({ profileId: 'oa', hasKey: false, source: null, envVar: 'TEST_OA_KEY' })
    expect(await credentials.status({ ...PROFILE, apiKeyEnv: undefined })).toEqual({ profileId: 'oa', hasKey: false, source: null })
  })

  it('gives no last four of a key too short to spare them', async () => {
    const credentials = await service({ env: { TEST_OA_KEY: 'short-key-123' } })
    expect(await credentials.status(PROFILE)).not.toHaveProperty('lastFour')
  })
})

describe('credentials: validation', () => {
  it.each([
    ['an empty key', '', /is empty/],
    ['a trailing space', `${KEY} `, new RegExp(`space, tab or line break \\(character ${KEY.length + 1}\\)`)],
    ['a trailing newline', `${KEY}\n`, /space, tab or line break/],
    ['a tab', `sk-abc\tdef-0123456789`, /space, tab or line break \(character 7\)/],
    ['a NUL', `${KEY}\u0000`, /invisible control character/],
    ['a DEL', `${KEY}\u007f`, /invisible control character/],
    ['the "…" of a shortened copy', `sk-proj-AbCd…WXYZ`, /not plain ASCII \(character 13\)/],
    ['typographic quotes', `“${KEY}”`, /not plain ASCII \(character 1\)/],
    ['a key over the maximum length', 'a'.repeat(MAX_KEY_LENGTH + 1), new RegExp(`${MAX_KEY_LENGTH + 1} characters long`)]
  ])('refuses %s with a clear message that does not quote the key', async (_label, key, message) => {
    const credentials = await service({ keytarLoader: loaderOf(memoryKeytar()) })
    const error = await credentials.set('oa', key).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CredentialError)
    expect(error).toMatchObject({ code: 'invalid_key' })
    expect((error as Error).message).toMatch(message)
    if (key.length >= 6) expect((error as Error).message).not.toContain(key.trim().slice(0, 20))
    expect(await credentials.resolveKey(PROFILE)).toBeUndefined()
  })

  it('accepts a key of the maximum length', async () => {
    const credentials = await service({ keytarLoader: loaderOf(memoryKeytar()) })
    await credentials.set('oa', 'k'.repeat(MAX_KEY_LENGTH))
    expect((await credentials.resolveKey(PROFILE))?.length).toBe(MAX_KEY_LENGTH)
  })

  it('refuses a bad profile id without echoing a key pasted in its place', async () => {
    const credentials = await service({ keytarLoader: loaderOf(memoryKeytar()) })
    await expect(credentials.set('open ai', KEY)).rejects.toMatchObject({ code: 'invalid_profile', message: /"open ai" is not a profile id/ })
    const error = await credentials.delete(`${KEY}:x`).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'invalid_profile' })
    expect((error as Error).message).not.toContain(KEY)
  })
})

describe('credentials: test()', () => {
  it('fails without a network call when there is no key, naming where to add one', async () => {
    const credentials = await service()
    const result = await credentials.test(PROFILE)
    expect(result).toEqual({
      ok: false,
      error: { kind: 'auth', provider: 'oa', retryable: false, message: 'The API key was rejected: no API key: add one or set TEST_OA_KEY' }
    })
  })
})

describe('juxta keys without a lasting store', () => {
  it('refuses to "save" a key that would vanish when the command exits, before reading it', async () => {
    const dataDir = await newDataDir()
    const credentials = createCredentialService({ dataDir, env: {}, keytarLoader: loaderOf(rejectingKeytar()) })
    const io = recordingIO({}, `${KEY}\n`)
    const error = await runKeysCommand(['set', 'openai'], io, { dataDir, credentials }).catch((caught: unknown) => caught)
    expect((error as Error).message).toBe(
      'the key was not saved: the system keychain is not available (it did not respond: Cannot autolaunch D-Bus without X11 $DISPLAY), and this command has no other safe place for it. To use a key here, set OPENAI_API_KEY in the environment.'
    )
    expect(io.output.stdinReads).toBe(0)
  })

  it('refuses a key given on the command line without printing it', async () => {
    const dataDir = await newDataDir()
    const credentials = createCredentialService({ dataDir, env: {}, keytarLoader: loaderOf(memoryKeytar()) })
    const error = await runKeysCommand(['set', 'openai', KEY], recordingIO(), { dataDir, credentials }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'UsageError' })
    expect((error as Error).message).toMatch(/looks like an API key/)
    expect((error as Error).message).not.toContain(KEY)
  })

  it('at a terminal, asks for the key and reads it unseen instead of reading standard input; Ctrl-C saves nothing', async () => {
    const dataDir = await newDataDir()
    const keytar = memoryKeytar()
    const credentials = createCredentialService({ dataDir, env: {}, keytarLoader: loaderOf(keytar) })
    const prompts: string[] = []
    const io = { ...recordingIO(), readHidden: async (prompt: string) => (prompts.push(prompt), `  ${KEY} `) }
    expect(await runKeysCommand(['set', 'openai'], io, { dataDir, credentials })).toBe(0)
    expect(prompts).toEqual(['API key for "openai" (not shown as you type; Enter to save): '])
    expect(io.output.stdinReads).toBe(0)
    expect(keytar.items.get('Juxta\u0000openai')).toBe(KEY)

    const cancelled = { ...recordingIO(), readHidden: async () => null }
    await expect(runKeysCommand(['set', 'anthropic'], cancelled, { dataDir, credentials })).rejects.toMatchObject({ name: 'UsageError', message: 'cancelled: no key was saved' })
  })

  it('reads the key from standard input, trimming one trailing newline, and turns a bad key into a usage error', async () => {
    const dataDir = await newDataDir()
    const keytar = memoryKeytar()
    const credentials = createCredentialService({ dataDir, env: {}, keytarLoader: loaderOf(keytar) })
    const io = recordingIO({}, `${KEY}\r\n`)
    expect(await runKeysCommand(['set', 'openai'], io, { dataDir, credentials })).toBe(0)
    expect(keytar.items.get('Juxta\u0000openai')).toBe(KEY)
    expect(io.output.stdout).toBe('Saved the key for "openai" (…WXYZ) in the system keychain.\n')

    const twoLines = runKeysCommand(['set', 'openai'], recordingIO({}, `${KEY}\n\n`), { dataDir, credentials })
    await expect(twoLines).rejects.toMatchObject({ name: 'UsageError', message: /line break/ })
    await expect(runKeysCommand(['set', 'openai'], recordingIO({}, '\n'), { dataDir, credentials })).rejects.toMatchObject({
      name: 'UsageError',
      message: /no key given/
    })
  })
})
