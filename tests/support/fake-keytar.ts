import type { KeytarLike, KeytarLoader } from '../../src/main/credentials/keytar-store'

/** A keychain in memory, answering like keytar does. */
export function memoryKeytar(): KeytarLike & { items: Map<string, string> } {
  const items = new Map<string, string>()
  const id = (service: string, account: string): string => `${service}\u0000${account}`
  return {
    items,
    getPassword: async (service, account) => items.get(id(service, account)) ?? null,
    setPassword: async (service, account, password) => void items.set(id(service, account), password),
    deletePassword: async (service, account) => items.delete(id(service, account)),
    findCredentials: async (service) =>
      [...items]
        .filter(([key]) => key.startsWith(`${service}\u0000`))
        .map(([key, password]) => ({ account: key.split('\u0000')[1]!, password }))
  }
}

/** keytar whose every call fails as it does on Linux without a D-Bus session. */
export function rejectingKeytar(message = 'Cannot autolaunch D-Bus without X11 $DISPLAY'): KeytarLike {
  const fail = async (): Promise<never> => {
    throw new Error(message)
  }
  return { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail }
}

/** keytar whose calls never settle, as with a Secret Service that accepts a call and never replies. */
export function hangingKeytar(): KeytarLike {
  const never = (): Promise<never> => new Promise<never>(() => {})
  return { getPassword: never, setPassword: never, deletePassword: never, findCredentials: never }
}

/** keytar that reads (an empty keychain) but refuses writes: a Secret Service with no unlocked collection. */
export function readOnlyKeytar(): KeytarLike {
  return {
    ...memoryKeytar(),
    setPassword: async () => {
      throw new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”')
    }
  }
}

/** The loader error of a native module built for another Node ABI. */
export const brokenLoader: KeytarLoader = async () => {
  throw new Error(
    "The module 'keytar.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 127. This version of Node.js requires NODE_MODULE_VERSION 137."
  )
}

export const loaderOf =
  (keytar: KeytarLike): KeytarLoader =>
  async () =>
    keytar
