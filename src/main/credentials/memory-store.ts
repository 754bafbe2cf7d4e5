import type { SecretStore } from './secret-store'

/** The last resort: keys live in this process only and are forgotten when it exits. */
export function createMemoryStore(): SecretStore {
  const keys = new Map<string, string>()
  return {
    kind: 'session',
    get: async (profileId) => keys.get(profileId),
    set: async (profileId, key) => void keys.set(profileId, key),
    delete: async (profileId) => keys.delete(profileId)
  }
}
