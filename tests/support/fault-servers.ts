import type { ServerResponse } from 'node:http'
import type { ProviderTuning } from '../../src/main/compare'
import type { FinalPaneStatus } from '../../src/shared/compare'
import type { ErrorKind } from '../../src/shared/errors'
import type { ProviderKind } from '../../src/shared/profiles'
import {
  type Endpoint,
  type RunContext,
  UNRESOLVABLE_HOST,
  closedPortEndpoint,
  loopbackEndpoint,
  notTlsEndpoint,
  unresolvableEndpoint
} from './fault-endpoints'
import { type Frame, type Wire, answerFrames, byteOffsetOf, sseOf } from './fault-wire'
import { type WriteOptions, startSse, writeInPieces } from './loopback-server'

/**
 * The fault matrix of issue 8: every way a model endpoint can fail, each a named server
 * behaviour and the outcome the user must see in that pane. The faults of one group run as one
 * comparison, beside healthy panes that must not notice them.
 */

export type FaultGroupId = 'refused' | 'retried' | 'broken-stream' | 'stall'

export interface FaultGroup {
  id: FaultGroupId
  title: string
  /** The engine's provider tuning for the run: quick retries, and the two stall timeouts. */
  tuning: ProviderTuning & { retry: { maxAttempts: number; maxDelayMs: number } }
}

/** Quick, so a fault retried to the end costs tens of milliseconds; retry-after up to 5 s is honoured. */
const QUICK_RETRIES = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 60, maxRetryAfterMs: 5_000 }
/** Far above what any of these faults takes: a pane that hangs fails its own checks by name. */
const PATIENT = { firstEventMs: 30_000, idleMs: 30_000 }
/** Short and different, so the message proves which of the two timeouts ended the pane. */
const STALL_TIMEOUTS = { firstEventMs: 3_000, idleMs: 1_500 }

export const FAULT_GROUPS: readonly FaultGroup[] = [
  { id: 'refused', title: 'unreachable, or refused before answering', tuning: { retry: QUICK_RETRIES, timeouts: PATIENT } },
  { id: 'retried', title: 'rate limits and server errors, retried', tuning: { retry: QUICK_RETRIES, timeouts: PATIENT } },
  { id: 'broken-stream', title: 'malformed, repeated, cut, huge and endless streams', tuning: { retry: QUICK_RETRIES, timeouts: PATIENT } },
  // Two attempts, not three: a first-byte stall costs the whole first-event timeout per attempt.
  { id: 'stall', title: 'stalls before the first byte and between chunks', tuning: { retry: { ...QUICK_RETRIES, maxAttempts: 2 }, timeouts: STALL_TIMEOUTS } }
]

/** What the user must see in a faulty pane once the run has ended. */
export interface Expected {
  status: FinalPaneStatus
  /** The error the pane ends with; absent when it ends without one. */
  error?: { kind: ErrorKind; message: RegExp; status?: number; retryAfterMs?: number }
  /** The pane's final text: exactly the text of the events that arrived whole. */
  text: string
  /** "Retrying" notices shown, the failure each names, and the wait each announces when the server set it. */
  retries: { count: number; kind?: ErrorKind; waitMs?: number }
  /** Requests that reached the server (connections, for the TLS endpoint); absent where none can. */
  requests?: number
  /** The resend came no sooner than this after the first request: the server's retry-after honoured. */
  resentAfterMs?: number
  /** The app closed the connection itself: a stall or a stop leaves no socket open. */
  hangsUp?: boolean
  /** The server was sent the key (and echoed it back): the pane must still never show it. */
  keyEchoed?: boolean
  /** At most this many text events reached the window (the coalescer at work). */
  maxTextEvents?: number
}

export interface Fault {
  /** The pane's id and its profile's. */
  name: string
  group: FaultGroupId
  /** The wire formats it applies to; both by default. */
  wires?: readonly ProviderKind[]
  /** The model the pane asks for; the wire's usual one by default. */
  model?: (wire: Wire) => string
  start: (wire: Wire, run: RunContext) => Promise<Endpoint>
  expected: (wire: Wire) => Expected
  /** The user presses Stop once the pane shows exactly this text. */
  stopOnceShown?: (wire: Wire) => string
}

/** Several events, with characters of two, three and four bytes, so cuts can fall inside one. */
const CHUNKS = ['Grüße aus ', 'Köln — ', 'ein 👋🏽 für ', 'alle.'] as const
const WHOLE = CHUNKS.join('')
/** The text of the first two chunks: what arrived whole before a fault in the third. */
const FIRST_TWO = CHUNKS[0] + CHUNKS[1]

const answer = (wire: Wire): Frame[] => answerFrames(wire, CHUNKS)
/** The answer without its terminator ([DONE], message_stop): a server that never says it is done. */
const endless = (wire: Wire): Frame[] => answer(wire).slice(0, -1)
/** Index of the frame carrying CHUNKS[index]. */
const chunkFrame = (wire: Wire, index: number): number => wire.head().length + index

async function stream(response: ServerResponse, payload: string, options: WriteOptions = {}): Promise<void> {
  startSse(response)
  await writeInPieces(response, payload, { maxPieceBytes: 16, ...options })
}

/** A loopback fault whose every request behaves the same. */
const always = (behave: (wire: Wire, run: RunContext, response: ServerResponse, model: string) => void | Promise<void>) =>
  (wire: Wire, run: RunContext): Promise<Endpoint> =>
    loopbackEndpoint(wire, run, (request, response) => behave(wire, run, response, String(request.body?.model)))

/** A loopback fault that fails its first `failures` requests, then answers in full. */
const failsThenAnswers = (failures: number, fail: (wire: Wire, response: ServerResponse) => void) =>
  (wire: Wire, run: RunContext): Promise<Endpoint> =>
    loopbackEndpoint(wire, run, (_request, response, attempt) => (attempt <= failures ? fail(wire, response) : stream(response, sseOf(answer(wire)))))

const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.27.2</center>\r\n</body>\r\n</html>\r\n'
const WEB_PAGE = '<!doctype html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n'

function sendPage(response: ServerResponse, status: number, page: string, type = 'text/html; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type })
  response.end(page)
}

/** The faults of a group that apply to a wire format: one comparison's faulty panes. */
export function faultsOf(group: FaultGroupId, wire: ProviderKind): Fault[] {
  return FAULTS.filter((fault) => fault.group === group && (fault.wires ?? [wire]).includes(wire))
}

const NO_RETRY = { count: 0 } as const
/** A pane that ends in `error` after one request, having shown nothing unless `rest` says otherwise. */
const endsIn = (error: NonNullable<Expected['error']>, rest: Partial<Expected> = {}): Expected => ({
  status: 'error',
  error,
  text: '',
  retries: NO_RETRY,
  requests: 1,
  ...rest
})
/** Sent again after each failure until the attempts ran out. */
const retriedToTheEnd = (kind: ErrorKind): Partial<Expected> => ({
  retries: { count: QUICK_RETRIES.maxAttempts - 1, kind },
  requests: QUICK_RETRIES.maxAttempts
})
/** The whole answer, after `failures` failed requests. */
const answered = (failures: number, kind: ErrorKind, waitMs?: number): Expected => ({
  status: 'done',
  text: WHOLE,
  retries: { count: failures, kind, ...(waitMs !== undefined && { waitMs }) },
  requests: failures + 1
})

const CUT_MID_ANSWER = /^Network error: the connection closed mid-answer \(.+\)$/
const NO_FIRST_EVENT = /^Timed out: no response within 3 s$/
const IDLE_STALL = /^Timed out: the stream stalled for 1\.5 s$/

/** 5 MiB of answer text in about 5,000 events of 1 KiB, each numbered so a lost or repeated one shows. */
const FIVE_MEGABYTES: readonly string[] = (() => {
  const chunks: string[] = []
  let bytes = 0
  for (let index = 0; bytes < 5 * 1024 * 1024; index++) {
    const chunk = `[${index}] ${'Fünf Megabyte, Stück für Stück. '.repeat(30)}`
    chunks.push(chunk)
    bytes += Buffer.byteLength(chunk)
  }
  return chunks
})()

const FAULTS: readonly Fault[] = [
  // ── Unreachable, or refused before answering ────────────────────────────────────────────────
  {
    name: 'connection-refused',
    group: 'refused',
    start: (wire) => closedPortEndpoint(wire),
    expected: () =>
      endsIn(
        { kind: 'network', message: /^Network error: ECONNREFUSED: .*127\.0\.0\.1:\d+\. Is the server running, and is the port in the base URL right\?$/ },
        { ...retriedToTheEnd('network'), requests: undefined }
      )
  },
  {
    name: 'unresolvable-host',
    group: 'refused',
    start: async (wire) => unresolvableEndpoint(wire),
    // ENOTFOUND where a resolver answers; EAI_AGAIN where none can be reached. Either names the host.
    expected: () =>
      endsIn(
        { kind: 'network', message: new RegExp(`^Network error: (ENOTFOUND|EAI_AGAIN): .*${UNRESOLVABLE_HOST.replace('.', '\\.')}\\. Check the .*host name in the base URL\\.$`) },
        { ...retriedToTheEnd('network'), requests: undefined }
      )
  },
  {
    name: 'tls-handshake-fails',
    group: 'refused',
    start: (wire, run) => notTlsEndpoint(wire, run),
    expected: () =>
      endsIn(
        { kind: 'network', message: /^Network error: the TLS handshake failed \(wrong version number\)\. Check that the base URL's scheme \(http:\/\/ or https:\/\/\) and port are right\.$/ },
        retriedToTheEnd('network')
      )
  },
  {
    name: 'invalid-key',
    group: 'refused',
    start: always((wire, run, response, model) => wire.sendError(response, 401, { key: run.key, model })),
    expected: () =>
      endsIn({ kind: 'auth', message: /^The API key was rejected \(HTTP 401\): .*(Incorrect API key provided|invalid x-api-key)/, status: 401 }, { keyEchoed: true })
  },
  {
    name: 'forbidden',
    group: 'refused',
    start: always((wire, run, response, model) => wire.sendError(response, 403, { key: run.key, model })),
    expected: () => endsIn({ kind: 'permission', message: /^The API key is not allowed to do this \(HTTP 403\): ./, status: 403 })
  },
  {
    name: 'unknown-model',
    group: 'refused',
    model: (wire) => wire.unknownModel,
    start: always((wire, run, response, model) => wire.sendError(response, 404, { key: run.key, model })),
    expected: (wire) =>
      endsIn({ kind: 'not_found', message: new RegExp(`^Not found \\(check the model id and base URL\\) \\(HTTP 404\\): .*${wire.unknownModel}`), status: 404 })
  },
  {
    // A base URL that points at a web site: 200, but a page instead of an event stream.
    name: 'web-page-instead-of-stream',
    group: 'refused',
    start: always((_wire, _run, response) => sendPage(response, 200, WEB_PAGE)),
    expected: () => endsIn({ kind: 'server', message: /^The server failed: it answered with text\/html instead of an event stream\. Check the base URL\.$/ })
  },

  // ── Rate limits and server errors, retried ──────────────────────────────────────────────────
  {
    // No retry-after: the app's own backoff decides the wait.
    name: 'rate-limited-once',
    group: 'retried',
    start: failsThenAnswers(1, (wire, response) => wire.sendError(response, 429)),
    expected: () => answered(1, 'rate_limit')
  },
  {
    name: 'rate-limited-with-retry-after',
    group: 'retried',
    start: failsThenAnswers(1, (wire, response) => wire.sendError(response, 429, {}, { 'retry-after': '1' })),
    expected: () => ({ ...answered(1, 'rate_limit', 1000), resentAfterMs: 1000 })
  },
  {
    name: 'rate-limited-throughout',
    group: 'retried',
    start: always((wire, _run, response) => wire.sendError(response, 429)),
    expected: () => endsIn({ kind: 'rate_limit', message: /^Rate limited \(HTTP 429\): ./, status: 429 }, retriedToTheEnd('rate_limit'))
  },
  {
    // Longer than the app will wait: not retried, and the pane says when to try again.
    name: 'rate-limited-for-an-hour',
    group: 'retried',
    start: always((wire, _run, response) => wire.sendError(response, 429, {}, { 'retry-after': '3600' })),
    expected: () => endsIn({ kind: 'rate_limit', message: /^Rate limited \(HTTP 429\): .*; the server asks to wait 1 h$/, status: 429, retryAfterMs: 3_600_000 })
  },
  {
    name: 'server-error-once',
    group: 'retried',
    start: failsThenAnswers(1, (wire, response) => wire.sendError(response, 500)),
    expected: () => answered(1, 'server')
  },
  {
    // A proxy's own error page: HTML, not the vendor's JSON.
    name: 'bad-gateway-page-throughout',
    group: 'retried',
    start: always((_wire, _run, response) => sendPage(response, 502, BAD_GATEWAY_PAGE)),
    expected: () => endsIn({ kind: 'server', message: /^The server failed \(HTTP 502\)$/, status: 502 }, retriedToTheEnd('server'))
  },
  {
    // A load balancer with no healthy upstream, in plain text.
    name: 'unavailable-throughout',
    group: 'retried',
    start: always((_wire, _run, response) =>
      sendPage(response, 503, 'upstream connect error or disconnect/reset before headers. reset reason: overflow', 'text/plain')
    ),
    expected: () => endsIn({ kind: 'server', message: /^The server failed \(HTTP 503\)$/, status: 503 }, retriedToTheEnd('server'))
  },
  {
    // Anthropic's "overloaded": twice, then an answer on the last attempt.
    name: 'overloaded-twice',
    group: 'retried',
    wires: ['anthropic'],
    start: failsThenAnswers(2, (wire, response) => wire.sendError(response, 529)),
    expected: () => answered(2, 'overloaded')
  },
  {
    name: 'overloaded-throughout',
    group: 'retried',
    wires: ['anthropic'],
    start: always((wire, _run, response) => wire.sendError(response, 529)),
    expected: () => endsIn({ kind: 'overloaded', message: /^The provider is overloaded \(HTTP 529\): Overloaded$/, status: 529 }, retriedToTheEnd('overloaded'))
  },

  // ── Malformed, repeated, cut, huge and endless streams ──────────────────────────────────────
  {
    // Text has streamed, so the request is not sent again: the user keeps what came.
    name: 'malformed-event',
    group: 'broken-stream',
    start: always((wire, _run, response) => {
      const frames = answer(wire)
      const at = chunkFrame(wire, 2)
      return stream(response, sseOf([...frames.slice(0, at), wire.malformed(), ...frames.slice(at)]))
    }),
    expected: () => endsIn({ kind: 'server', message: /^The server failed: the server sent a malformed stream event$/ }, { text: FIRST_TWO })
  },
  {
    // The body ends cleanly in the middle of an event's data line; the SSE standard drops that event.
    name: 'partial-event-at-end',
    group: 'broken-stream',
    start: always((wire, _run, response) => {
      const frames = answer(wire)
      const at = chunkFrame(wire, 2)
      const partial = frames[at]!.slice(0, frames[at]!.indexOf('data: ') + 20)
      return stream(response, sseOf(frames.slice(0, at)) + partial)
    }),
    expected: () => endsIn({ kind: 'network', message: /^Network error: the stream ended before the answer was complete$/ }, { text: FIRST_TWO })
  },
  {
    // Every event twice. Neither wire format numbers its events, so a repeated delta cannot be
    // told from a word said twice: the pane shows each text twice, exactly as sent, and ends once.
    name: 'every-event-twice',
    group: 'broken-stream',
    start: always((wire, _run, response) => stream(response, sseOf(answer(wire).flatMap((frame) => [frame, frame])))),
    expected: () => ({ status: 'done', text: CHUNKS.map((chunk) => chunk + chunk).join(''), retries: NO_RETRY, requests: 1 })
  },
  {
    // Cut inside the first event, on every attempt: nothing shown, so it is retried, then ends.
    name: 'cut-before-any-text',
    group: 'broken-stream',
    start: always((wire, _run, response) => stream(response, sseOf(answer(wire)), { cutAfterBytes: 12 })),
    expected: () => endsIn({ kind: 'network', message: CUT_MID_ANSWER }, retriedToTheEnd('network'))
  },
  {
    name: 'cut-between-events',
    group: 'broken-stream',
    start: always((wire, _run, response) => stream(response, sseOf(answer(wire)), { cutAfterBytes: byteOffsetOf(answer(wire), chunkFrame(wire, 2)) })),
    expected: () => endsIn({ kind: 'network', message: CUT_MID_ANSWER }, { text: FIRST_TWO })
  },
  {
    // Cut after the second byte of the 4-byte 👋; the pieces before were split at random bytes too.
    name: 'cut-inside-a-character',
    group: 'broken-stream',
    start: always((wire, _run, response) => {
      const frames = answer(wire)
      const at = chunkFrame(wire, 2)
      const insideEmoji = byteOffsetOf(frames, at) + Buffer.from(frames[at]!).indexOf(Buffer.from('👋')) + 2
      return stream(response, sseOf(frames), { cutAfterBytes: insideEmoji, maxPieceBytes: 5 })
    }),
    expected: () => endsIn({ kind: 'network', message: CUT_MID_ANSWER }, { text: FIRST_TWO })
  },
  {
    name: 'five-megabyte-answer',
    group: 'broken-stream',
    start: always((wire, _run, response) => stream(response, sseOf(answerFrames(wire, FIVE_MEGABYTES)), { maxPieceBytes: 64 * 1024, pauseMs: 0 })),
    expected: () => ({
      status: 'done',
      text: FIVE_MEGABYTES.join(''),
      retries: NO_RETRY,
      requests: 1,
      // Thousands of provider deltas reach the window as a few hundred events.
      maxTextEvents: Math.floor(FIVE_MEGABYTES.length / 4)
    })
  },
  {
    // The whole answer, then the connection stays open with no end: the user stops it.
    name: 'endless-stopped-by-user',
    group: 'broken-stream',
    start: always((wire, _run, response) => stream(response, sseOf(endless(wire)), { leaveOpen: true })),
    stopOnceShown: () => WHOLE,
    expected: () => ({ status: 'stopped', text: WHOLE, retries: NO_RETRY, requests: 1, hangsUp: true })
  },

  // ── Stalls: which of the two timeouts fired is in the message ───────────────────────────────
  {
    // Not even headers: the first-event timeout, on each of the two attempts.
    name: 'silent-before-first-byte',
    group: 'stall',
    start: always(() => undefined),
    expected: () => endsIn({ kind: 'timeout', message: NO_FIRST_EVENT }, { retries: { count: 1, kind: 'timeout' }, requests: 2, hangsUp: true })
  },
  {
    name: 'headers-then-silence',
    group: 'stall',
    start: always((_wire, _run, response) => startSse(response)),
    expected: () => endsIn({ kind: 'timeout', message: NO_FIRST_EVENT }, { retries: { count: 1, kind: 'timeout' }, requests: 2, hangsUp: true })
  },
  {
    // Text, then silence: the idle timeout, and the text stays.
    name: 'stall-between-chunks',
    group: 'stall',
    start: always((wire, _run, response) => stream(response, sseOf(answer(wire).slice(0, chunkFrame(wire, 2))), { leaveOpen: true })),
    expected: () => endsIn({ kind: 'timeout', message: IDLE_STALL }, { text: FIRST_TWO, hangsUp: true })
  },
  {
    // The whole answer, but never [DONE] / message_stop and never closed. OpenAI's answer is
    // complete with its usage chunk (after the finish reason), so it ends as done; an Anthropic
    // answer without message_stop may still have more to say, so the idle timeout ends it.
    name: 'never-closes',
    group: 'stall',
    start: always((wire, _run, response) => stream(response, sseOf(endless(wire)), { leaveOpen: true })),
    expected: (wire) =>
      wire.kind === 'openai'
        ? { status: 'done', text: WHOLE, retries: NO_RETRY, requests: 1, hangsUp: true }
        : endsIn({ kind: 'timeout', message: IDLE_STALL }, { text: WHOLE, hangsUp: true })
  }
]
