import { openKeychain } from '../../src/main/credentials/keytar-store'

/**
 * Vitest global setup: these tests mean nothing against a fallback store, so stop loudly. A
 * read is not proof: a Secret Service with no unlocked collection answers reads and refuses
 * writes, so a throwaway key is written, read back and removed.
 */
export default async function requireKeychain(): Promise<void> {
  const probe = await openKeychain()
  const advice = 'Run these tests with "npm run test:keychain", which starts a private Secret Service on Linux.'
  if (!probe.ok) throw new Error(`The keychain tests need a working OS keychain, and there is none: ${probe.reason}. ${advice}`)
  const account = `juxta-test-probe-${process.pid}`
  try {
    await probe.store.set(account, 'juxta-keychain-probe-value')
    if ((await probe.store.get(account)) !== 'juxta-keychain-probe-value') throw new Error('a key written could not be read back')
  } catch (error) {
    throw new Error(`The keychain tests need a writable OS keychain: ${(error as Error).message}. ${advice}`, { cause: error })
  } finally {
    await probe.store.delete(account).catch(() => false)
  }
}
