import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect } from 'vitest'
import type { CredentialService } from '../../src/main/credentials/credential-service'
import { type KeytarLike, loadKeytar } from '../../src/main/credentials/keytar-store'

/**
 * Account names no real profile uses: on macOS and Windows these tests run in the user's own
 * keychain, and must neither read nor overwrite a real key.
 */
export function throwawayProfileId(label: string): string {
  return `juxta-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
}

const made: string[] = []

afterAll(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true })
})

export async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'juxta-keychain-'))
  made.push(dir)
  return dir
}

/** keytar itself, to check what really is in the keychain without going through our code. */
export function rawKeytar(): Promise<KeytarLike> {
  return loadKeytar()
}

export async function expectKeychainBackend(credentials: CredentialService): Promise<void> {
  const backend = await credentials.backend()
  // Never let a fallback store make these tests pass.
  expect(backend, `expected the OS keychain; the service fell back: ${backend.note}`).toEqual({ kind: 'keychain' })
}
