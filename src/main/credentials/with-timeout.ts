/**
 * Settles with `promise`, or rejects with `onTimeout()` once `ms` pass. The work itself is not
 * cancelled (a native keychain call cannot be); the caller just stops waiting for it.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
