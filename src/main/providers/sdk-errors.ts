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

/** Network failures are reported by Node with the real reason several causes deep. */
function rootCauseMessage(error: unknown): string {
  const seen = new Set<unknown>()
  let current: unknown = error
  let message = error instanceof Error ? error.message : String(error)
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current)
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `${code}: ${current.message}`
    if (current.message) message = current.message
    current = (current as { cause?: unknown }).cause
  }
  return message
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
    return new ProviderError({
      kind,
      provider,
      status: error.status,
      detail,
      secrets,
      // A spent quota answers 429 too, but waiting will not help.
      retryable: body.code === 'insufficient_quota' || body.type === 'insufficient_quota' ? false : undefined,
      retryAfterMs: parseRetryAfter(error.headers)
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
