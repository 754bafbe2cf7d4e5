import * as AnthropicErrors from '@anthropic-ai/sdk'
import * as OpenAIErrors from 'openai'
import { ProviderError, kindForStatus, parseRetryAfter } from './provider-error'

/**
 * Maps whatever the vendor SDKs (or fetch beneath them) throw to a ProviderError. Both SDKs
 * are generated from the same template, so their error classes have the same shape.
 */

type SdkApiError = OpenAIErrors.APIError | AnthropicErrors.APIError

function isSdkApiError(error: unknown): error is SdkApiError {
  return error instanceof OpenAIErrors.APIError || error instanceof AnthropicErrors.APIError
}

function isAbort(error: unknown): boolean {
  return (
    error instanceof OpenAIErrors.APIUserAbortError ||
    error instanceof AnthropicErrors.APIUserAbortError ||
    (error instanceof Error && error.name === 'AbortError')
  )
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof OpenAIErrors.APIConnectionTimeoutError ||
    error instanceof AnthropicErrors.APIConnectionTimeoutError ||
    (error instanceof Error && error.name === 'TimeoutError')
  )
}

function isConnectionError(error: unknown): boolean {
  return error instanceof OpenAIErrors.APIConnectionError || error instanceof AnthropicErrors.APIConnectionError
}

/** The vendor's error body, whichever envelope it came in: `{error: {...}}` or the inner object. */
function errorBody(error: SdkApiError): { type?: string; code?: string; message?: string } {
  const raw = error.error as Record<string, unknown> | undefined
  const inner = (raw && typeof raw.error === 'object' && raw.error !== null ? raw.error : raw) as
    | Record<string, unknown>
    | undefined
  const pick = (key: string): string | undefined =>
    typeof inner?.[key] === 'string' ? (inner[key] as string) : undefined
  return { type: pick('type'), code: pick('code'), message: pick('message') }
}

/** What to check, for the connection failures people meet most: the code alone does not say. */
const CONNECTION_ADVICE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Is the server running, and is the port in the base URL right?',
  ENOTFOUND: 'Check the host name in the base URL.',
  EAI_AGAIN: 'Check the network connection and the host name in the base URL.'
}

/**
 * Network failures are reported by Node with the real reason several causes deep. A failed TLS
 * handshake comes as an OpenSSL string (library, file and line): only its reason is kept.
 */
function rootCauseMessage(error: unknown): string {
  const seen = new Set<unknown>()
  let current: unknown = error
  let message = error instanceof Error ? error.message : String(error)
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current)
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      const advice = CONNECTION_ADVICE[code]
      return advice ? `${code}: ${current.message}. ${advice}` : `${code}: ${current.message}`
    }
    if (typeof code === 'string' && code.startsWith('ERR_SSL_')) {
      const reason = (current as { reason?: unknown }).reason
      return `the TLS handshake failed (${typeof reason === 'string' ? reason : code}). Check that the base URL's scheme (http:// or https://) and port are right.`
    }
    if (current.message) message = current.message
    current = (current as { cause?: unknown }).cause
  }
  return message
}

/** A wait the server asked for, as people say it. */
function formatWait(ms: number): string {
  if (ms < 60_000) return `${Math.ceil(ms / 1000)} s`
  if (ms < 3_600_000) return `${Math.ceil(ms / 60_000)} min`
  return `${Math.round(ms / 360_000) / 10} h`
}

/**
 * The server's detail, with the wait it asked for: when that wait is longer than Juxta will
 * sleep, the pane ends at once and this is all that tells the user when to try again.
 */
function withRequestedWait(detail: string | undefined, retryAfterMs: number | undefined): string | undefined {
  if (retryAfterMs === undefined || retryAfterMs < 1000) return detail
  const wait = `the server asks to wait ${formatWait(retryAfterMs)}`
  return detail ? `${detail.replace(/[\s.]+$/, '')}; ${wait}` : wait
}

export function toProviderError(
  error: unknown,
  provider: string,
  secrets: readonly (string | undefined)[] = []
): ProviderError {
  if (error instanceof ProviderError) return error
  if (isAbort(error)) return new ProviderError({ kind: 'cancelled', provider })
  if (isTimeout(error)) return new ProviderError({ kind: 'timeout', provider, detail: 'no response from the server', secrets })
  if (isConnectionError(error)) {
    return new ProviderError({ kind: 'network', provider, detail: rootCauseMessage(error), secrets })
  }
  if (isSdkApiError(error)) {
    const body = errorBody(error)
    const detail = body.message ?? (error.status === undefined ? error.message : undefined)
    const kind = kindForStatus(error.status, body.type, detail, body.code)
    const retryAfterMs = parseRetryAfter(error.headers)
    return new ProviderError({
      kind,
      provider,
      status: error.status,
      detail: withRequestedWait(detail, retryAfterMs),
      secrets,
      // A spent quota answers 429 too, but waiting will not help.
      retryable: body.code === 'insufficient_quota' || body.type === 'insufficient_quota' ? false : undefined,
      retryAfterMs
    })
  }
  if (error instanceof SyntaxError) {
    return new ProviderError({ kind: 'server', provider, detail: 'the server sent a malformed stream event', secrets })
  }
  // fetch reports a body cut mid-stream as TypeError("terminated") with the socket error as cause.
  if (error instanceof TypeError) {
    const detail = error.message === 'terminated' ? `the connection closed mid-answer (${rootCauseMessage(error)})` : rootCauseMessage(error)
    return new ProviderError({ kind: 'network', provider, detail, secrets })
  }
  return new ProviderError({ kind: 'unknown', provider, detail: rootCauseMessage(error), secrets })
}

/**
 * Throws when a successful response that carried no events is not an event stream at all: a
 * base URL that points at a web page, or a server that ignores `stream`. Said as such, and not
 * retried, instead of "the stream ended before the answer was complete" after every attempt.
 */
export function throwIfNotAnEventStream(response: Response, provider: string): void {
  const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || 'no content type'
  if (type === 'text/event-stream') return
  throw new ProviderError({ kind: 'server', provider, retryable: false, detail: `it answered with ${type} instead of an event stream. Check the base URL.` })
}
