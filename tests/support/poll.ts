import { pause } from './loopback-server'

/**
 * Reads until `ready` accepts what `read` gives, for state in another process (a database, a
 * child's output) that sends no event to wait on. The deadline is generous: on a loaded
 * machine slow is not wrong, and the failure shows the last value read.
 */
export async function pollUntil<T>(what: string, read: () => Promise<T> | T, ready: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (ready(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)?.slice(0, 500)}`)
    await pause(50)
  }
}
