import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runKeysCommand } from '../../src/main/cli/keys-command'
import { createCredentialService } from '../../src/main/credentials/credential-service'
import type { KeytarLike } from '../../src/main/credentials/keytar-store'
import { KEYCHAIN_SERVICE } from '../../src/main/credentials/secret-store'
import { recordingIO } from '../support/fake-cli-io'
import { expectKeychainBackend, newDataDir, rawKeytar, throwawayProfileId } from './keychain-support'

const KEY = 'sk-test-CliKeychainabcdCLIK'
const ENV_KEY = 'sk-test-CliEnvironmentENVK'

const saved = throwawayProfileId('cli-saved')
const fromEnv = throwawayProfileId('cli-env')
const none = throwawayProfileId('cli-none')
const local = throwawayProfileId('cli-local')

let keytar: KeytarLike
let dataDir: string
let configFile: string
const env = { JUXTA_TEST_CLI_KEY: ENV_KEY, JUXTA_TEST_CLI_OTHER: '' }

/** One `juxta keys …` run, in this process, with a fresh service as a new process would have. */
async function juxtaKeys(argv: string[], stdin = '') {
  const io = recordingIO(env, stdin)
  const credentials = createCredentialService({ dataDir, env })
  await expectKeychainBackend(credentials)
  const code = await runKeysCommand(argv, io, { dataDir, credentials })
  return { code, ...io.output }
}

beforeAll(async () => {
  keytar = await rawKeytar()
  dataDir = await newDataDir()
  configFile = join(dataDir, 'team-profiles.json')
  await writeFile(
    configFile,
    JSON.stringify({
      profiles: [
        { id: saved, kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'JUXTA_TEST_CLI_OTHER' },
        { id: fromEnv, kind: 'anthropic', baseURL: 'http://127.0.0.1:9', apiKeyEnv: 'JUXTA_TEST_CLI_KEY' },
        { id: none, kind: 'openai', baseURL: 'http://127.0.0.1:9/v1' },
        { id: local, kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', local: true }
      ]
    })
  )
})

afterAll(async () => {
  for (const id of [saved, fromEnv, none, local]) await keytar.deletePassword(KEYCHAIN_SERVICE, id)
})

describe('juxta keys against the real keychain', () => {
  it('set reads the key from standard input, trims its newline, and saves it in the keychain', async () => {
    const run = await juxtaKeys(['set', saved, '--config', configFile], `${KEY}\n`)
    expect(run).toMatchObject({ code: 0, stderr: '', stdinReads: 1 })
    expect(run.stdout).toBe(`Saved the key for "${saved}" (…CLIK) in the system keychain.\n`)
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, saved)).toBe(KEY)
  })

  it('status --json prints one line per profile and one for the store, with no key in them', async () => {
    const run = await juxtaKeys(['status', '--json', '--config', configFile])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain(KEY)
    expect(run.stdout).not.toContain(ENV_KEY)
    const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)
    expect(lines).toEqual([
      { type: 'key-status', profileId: saved, hasKey: true, source: 'keychain', envVar: 'JUXTA_TEST_CLI_OTHER', lastFour: 'CLIK' },
      { type: 'key-status', profileId: fromEnv, hasKey: true, source: 'environment', envVar: 'JUXTA_TEST_CLI_KEY', lastFour: 'ENVK' },
      { type: 'key-status', profileId: none, hasKey: false, source: null },
      { type: 'key-status', profileId: local, hasKey: false, source: null, local: true },
      { type: 'key-store', kind: 'keychain' }
    ])
  })

  it('status prints a table, for all profiles or the ones named', async () => {
    const all = await juxtaKeys(['status', '--config', configFile])
    expect(all.code).toBe(0)
    const rows = all.stdout.split('\n')
    expect(rows[0]).toMatch(/^profile\s+key\s+from\s+ends in$/)
    expect(rows.find((row) => row.startsWith(saved))).toMatch(/\byes\s+keychain\s+…CLIK$/)
    expect(rows.find((row) => row.startsWith(fromEnv))).toMatch(/\byes\s+environment \(JUXTA_TEST_CLI_KEY\)\s+…ENVK$/)
    expect(rows.find((row) => row.startsWith(local))).toMatch(/\bnot needed\s+—$/)
    expect(all.stdout).toContain('Saved keys are kept in the system keychain.')

    const one = await juxtaKeys(['status', fromEnv, '--json', '--config', configFile])
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(2)
  })

  it('refuses an empty standard input and leaves the saved key alone', async () => {
    const run = juxtaKeys(['set', saved, '--config', configFile], '\n')
    await expect(run).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(/no key given/) })
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, saved)).toBe(KEY)
  })

  it('delete removes the key from the keychain, and says when the environment still provides one', async () => {
    const run = await juxtaKeys(['delete', saved, '--config', configFile])
    expect(run).toMatchObject({ code: 0, stdout: `Deleted the saved key for "${saved}" from the system keychain.\n` })
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, saved)).toBeNull()

    const again = await juxtaKeys(['delete', fromEnv, '--config', configFile])
    expect(again.stdout).toBe(`No saved key for "${fromEnv}".\nJUXTA_TEST_CLI_KEY still provides a key for "${fromEnv}" from the environment.\n`)
  })
})
