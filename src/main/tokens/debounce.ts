/**
 * Delays work per key and drops what a newer call for the same key supersedes: while someone
 * types, only the last prompt of a pause is counted by the network.
 */
export class KeyedDebouncer {
  readonly delayMs: number
  private readonly latest = new Map<string, AbortController>()

  constructor(delayMs = 300) {
    this.delayMs = delayMs
  }

  /**
   * Runs `task` after the delay unless another call with the same key comes first. A
   * superseded or aborted call rejects with an AbortError, and its task's signal aborts too.
   */
  async run<T>(key: string, task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.latest.get(key)?.abort(new DOMException('superseded by a newer request', 'AbortError'))
    const controller = new AbortController()
    this.latest.set(key, controller)
    const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal
    try {
      await sleep(this.delayMs, combined)
      return await task(combined)
    } finally {
      if (this.latest.get(key) === controller) this.latest.delete(key)
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
