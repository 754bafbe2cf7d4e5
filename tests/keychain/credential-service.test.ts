import { readdir } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE } from '../../src/main/credentials/secret-store'
import { type CredentialService, createCredentialService } from '../../src/main/credentials/credential-service'
import type { KeytarLike } from '../../src/main/credentials/keytar-store'
import type { ProviderProfile } from '../../src/shared/profiles'
import { LoopbackServer, sendJson } from '../support/loopback-server'
import { OPENAI_ERRORS } from '../support/openai-wire'
import { expectKeychainBackend, newDataDir, rawKeytar, throwawayProfileId } from './keychain-support'

const FIRST_KEY = 'sk-test-KeychainabcdAAAA'
const SECOND_KEY = 'sk-test-KeychainzyxwBBBB'
// Not shaped like any vendor's key: only redaction of the known key can hide it.
const WRONG_KEY = 'house-gateway-token-0123456789abcdefWRNG'

let keytar: KeytarLike
let dataDir: string
let credentials: CredentialService
const used: string[] = []

function profile(label: string, overrides: Partial<ProviderProfile> = {}): ProviderProfile {
  const id = throwawayProfileId(label)
  used.push(id)
  return { id, kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', models: [], ...overrides }
}

beforeAll(async () => {
  keytar = await rawKeytar()
  dataDir = await newDataDir()
  credentials = createCredentialService({ dataDir, env: { JUXTA_TEST_ENV_KEY: 'sk-test-FromEnvironmentENVV' } })
  await expectKeychainBackend(credentials)
})

afterEach(async () => {
  for (const id of used.splice(0)) await keytar.deletePassword(KEYCHAIN_SERVICE, id)
})

describe('credentials in the real keychain', () => {
  it('saves, reports, resolves, replaces and deletes a key in the Secret Service', async () => {
    const oa = profile('cycle')
    expect(await credentials.status(oa)).toEqual({ profileId: oa.id, hasKey: false, source: null })

    await credentials.set(oa.id, FIRST_KEY)
    expect(await credentials.status(oa)).toEqual({ profileId: oa.id, hasKey: true, source: 'keychain', lastFour: 'AAAA' })
    expect(await credentials.resolveKey(oa)).toBe(FIRST_KEY)
    // Really in the keychain, under service "Juxta" and the profile id: read back past our code.
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, oa.id)).toBe(FIRST_KEY)
    expect(await keytar.findCredentials(KEYCHAIN_SERVICE)).toContainEqual({ account: oa.id, password: FIRST_KEY })

    await credentials.set(oa.id, SECOND_KEY)
    expect(await credentials.status(oa)).toMatchObject({ source: 'keychain', lastFour: 'BBBB' })
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, oa.id)).toBe(SECOND_KEY)
    expect((await keytar.findCredentials(KEYCHAIN_SERVICE)).filter((item) => item.account === oa.id)).toHaveLength(1)

    expect(await credentials.delete(oa.id)).toBe(true)
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, oa.id)).toBeNull()
    expect(await credentials.status(oa)).toEqual({ profileId: oa.id, hasKey: false, source: null })
    expect(await credentials.delete(oa.id)).toBe(false)

    // Nothing was written to the data directory: the keychain holds the key, nothing else does.
    expect(await readdir(dataDir)).toEqual([])
  })

  it('a key saved in the keychain wins over the environment, which stays in use once it is deleted', async () => {
    const oa = profile('env', { apiKeyEnv: 'JUXTA_TEST_ENV_KEY' })
    expect(await credentials.status(oa)).toEqual({
      profileId: oa.id,
      hasKey: true,
      source: 'environment',
      envVar: 'JUXTA_TEST_ENV_KEY',
      lastFour: 'ENVV'
    })

    await credentials.set(oa.id, FIRST_KEY)
    expect(await credentials.status(oa)).toEqual({
      profileId: oa.id,
      hasKey: true,
      source: 'keychain',
      envVar: 'JUXTA_TEST_ENV_KEY',
      lastFour: 'AAAA'
    })
    expect(await credentials.resolveKey(oa)).toBe(FIRST_KEY)

    await credentials.delete(oa.id)
    expect(await credentials.status(oa)).toMatchObject({ source: 'environment' })
    expect(await credentials.resolveKey(oa)).toBe('sk-test-FromEnvironmentENVV')
  })

  it('a second service (the CLI beside the app) sees the same keychain', async () => {
    const oa = profile('shared')
    await credentials.set(oa.id, FIRST_KEY)
    const other = createCredentialService({ dataDir: await newDataDir(), env: {} })
    await expectKeychainBackend(other)
    expect(await other.resolveKey(oa)).toBe(FIRST_KEY)
  })
})

describe('testing a key from the keychain against an OpenAI-style server', () => {
  let server: LoopbackServer

  beforeAll(async () => {
    server = await LoopbackServer.start((request, response) => {
      const sent = String(request.headers.authorization ?? '').replace(/^Bearer /, '')
      if (request.method !== 'GET' || request.path !== '/v1/models') return sendJson(response, 404, { error: { message: 'no route' } })
      // As api.openai.com does, the refusal quotes the key it was sent.
      if (sent !== FIRST_KEY) return sendJson(response, 401, OPENAI_ERRORS.invalidApiKey(sent))
      sendJson(response, 200, {
        object: 'list',
        data: [
          { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
          { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' }
        ]
      })
    })
  })

  afterAll(async () => {
    await server.close()
  })

  it('answers ok with the right key, and a redacted 401 with a wrong one', async () => {
    const oa = profile('test', { baseURL: `${server.url}/v1` })

    await credentials.set(oa.id, FIRST_KEY)
    expect(await credentials.test(oa)).toEqual({ ok: true, models: 2 })
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${FIRST_KEY}`)

    await credentials.set(oa.id, WRONG_KEY)
    const result = await credentials.test(oa)
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${WRONG_KEY}`)
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: 401, provider: oa.id, retryable: false } })
    const serialised = JSON.stringify(result)
    expect(serialised).not.toContain(WRONG_KEY)
    expect(serialised).not.toContain('0123456789abcdef')
    expect(serialised).toContain('Incorrect API key provided: [redacted]')
  })
})
