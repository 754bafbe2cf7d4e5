import { type EventSourceMessage, createParser } from 'eventsource-parser'
import { throwIfNotAnEventStream } from './sdk-errors'

/** A stream event over this size (no vendor sends one) is a broken or hostile server. */
const MAX_EVENT_CHARS = 32 * 1024 * 1024

/** What an event handler returns to stop reading: the vendor said the answer is over. */
export const STOP_READING = Symbol('stop reading')

/**
 * Reads a streamed response's server-sent events, handing each to `onEvent` as it is parsed.
 *
 * Why not the SDKs' own iterators: they await once per line and once per event through several
 * async generators, which made their parsing most of the CPU time of eight fast streams (see
 * the pipeline benchmark). Here the only await is per network read, which holds hundreds of
 * events; eventsource-parser does the SSE framing (split events, CRLF, comments, multi-line
 * data). The SDKs still make the request, and throw their own errors for failed statuses.
 * An event cut off by the end of the body is dropped, as the SSE standard says. When `onEvent`
 * returns STOP_READING the answer is complete; the rest of the body is drained briefly.
 */
export async function readSseEvents(
  response: Response,
  onEvent: (event: EventSourceMessage) => void | typeof STOP_READING,
  provider: string
): Promise<void> {
  let events = 0
  let stopped = false
  let failure: unknown
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent: (event) => {
      events++
      if (stopped || failure !== undefined) return
      try {
        if (onEvent(event) === STOP_READING) stopped = true
      } catch (error) {
        failure = error
      }
    },
    onError: (error) => {
      // Lines that are not SSE fields are skipped, as the SDKs skip them; only an endless event fails.
      if (error.type === 'max-buffer-size-exceeded') failure ??= new SyntaxError(`a stream event longer than ${MAX_EVENT_CHARS} characters`)
    }
  })
  const reader = response.body?.getReader()
  const decoder = new TextDecoder()
  while (reader && !stopped) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
    if (failure !== undefined) throw failure
  }
  if (reader && stopped) await drainBriefly(reader)
  // Not one event: perhaps no event stream at all, e.g. a web page at the base URL.
  else if (events === 0) throwIfNotAnEventStream(response, provider)
}

/** How long the rest of a body may take to arrive after the vendor's end marker. */
const DRAIN_MS = 1_000

/**
 * After the end marker a well-behaved server sends at most a few bytes more ([DONE], the end of
 * the chunked body); reading them lets the connection go back to the pool for the next request
 * instead of being torn down. A server that keeps the body open is cut off after DRAIN_MS.
 */
async function drainBriefly(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), DRAIN_MS)))
  try {
    while (true) {
      const next = await Promise.race([reader.read(), late])
      if (next === 'late') {
        await reader.cancel().catch(() => undefined)
        return
      }
      if (next.done) return
    }
  } catch {
    // The answer is complete; a failure in what follows it does not matter.
  } finally {
    clearTimeout(timer)
  }
}
