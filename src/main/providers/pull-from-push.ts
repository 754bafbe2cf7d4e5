/**
 * An async iterable over what a push-style producer emits, for consumers that want to pull
 * (`for await`). The producer gets a signal that aborts when the consumer stops early or the
 * outer signal aborts, so its request is closed either way. Items are queued without a bound:
 * the producer is one HTTP response, already read from the socket as fast as it comes.
 */
export function pullFromPush<T>(
  produce: (push: (item: T) => void, signal: AbortSignal) => Promise<void>,
  outer: AbortSignal
): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      const controller = new AbortController()
      const forwardAbort = (): void => controller.abort(outer.reason)
      if (outer.aborted) forwardAbort()
      else outer.addEventListener('abort', forwardAbort, { once: true })

      let queue: T[] = []
      let wake: (() => void) | null = null
      let ended = null as { failure?: unknown } | null
      const wakeUp = (): void => {
        wake?.()
        wake = null
      }
      produce((item) => {
        queue.push(item)
        wakeUp()
      }, controller.signal).then(
        () => (ended = {}),
        (failure: unknown) => (ended = { failure })
      ).finally(wakeUp)

      try {
        while (true) {
          if (queue.length > 0) {
            const batch = queue
            queue = []
            for (const item of batch) yield item
            continue
          }
          if (ended) {
            if ('failure' in ended) throw ended.failure
            return
          }
          await new Promise<void>((resolve) => (wake = resolve))
        }
      } finally {
        outer.removeEventListener('abort', forwardAbort)
        controller.abort()
      }
    }
  }
}
