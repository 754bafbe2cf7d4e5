import type { ErrorInfo, ErrorKind } from '../../shared/errors'
import { redactSecrets } from './redact'

/** Kinds worth sending again unchanged: the next attempt may well succeed. */
const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'timeout',
  'network',
  'server'
])

const KIND_SUMMARY: Record<ErrorKind, string> = {
  auth: 'The API key was rejected',
  permission: 'The API key is not allowed to do this',
  not_found: 'Not found (check the model id and base URL)',
  bad_request: 'The request was refused',
  context_length: 'The prompt is too long for this model',
  rate_limit: 'Rate limited',
  overloaded: 'The provider is overloaded',
  timeout: 'Timed out',
  network: 'Network error',
  server: 'The server failed',
  cancelled: 'Cancelled',
  unknown: 'Something went wrong'
}

export interface ProviderErrorInit {
  kind: ErrorKind
  provider: string
  /** Detail for people, e.g. the server's own message. Redacted before it is kept. */
  detail?: string
  status?: number
  retryable?: boolean
  retryAfterMs?: number
  /** Secrets known to the caller (the profile's key) that must never appear in the message. */
  secrets?: readonly (string | undefined)[]
}

/**
 * A failure talking to a model, mapped to a vendor-neutral kind. Its message is for people and
 * is always redacted: it never carries an API key, even one the server echoed back.
 */
export class ProviderError extends Error {
  readonly kind: ErrorKind
  readonly provider: string
  readonly status: number | undefined
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined

  constructor(init: ProviderErrorInit) {
    const detail = init.detail ? redactSecrets(init.detail, init.secrets).trim() : ''
    const status = init.status !== undefined ? ` (HTTP ${init.status})` : ''
    const summary = KIND_SUMMARY[init.kind]
    const message =
      detail && detail.toLowerCase() !== summary.toLowerCase()
        ? `${summary}${status}: ${detail}`
        : `${summary}${status}`
    // The cause is deliberately not passed on: SDK errors carry request headers.
    super(message)
    this.name = 'ProviderError'
    this.kind = init.kind
    this.provider = init.provider
    this.status = init.status
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind)
    this.retryAfterMs = init.retryAfterMs
  }

  /** Rebuilds an error from its serialised form; the message was redacted when first made. */
  static fromInfo(info: ErrorInfo): ProviderError {
    const error = new ProviderError({ ...info, detail: undefined })
    error.message = info.message
    return error
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = {
      kind: this.kind,
      message: this.message,
      provider: this.provider,
      retryable: this.retryable
    }
    if (this.status !== undefined) info.status = this.status
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs
    return info
  }
}

/**
 * Kind for an HTTP status, refined by the vendor's error code or type where it is more precise.
 * OpenAI sends both, and its code (context_length_exceeded) says more than its type (invalid_request_error).
 */
export function kindForStatus(
  status: number | undefined,
  vendorType?: string,
  detail?: string,
  vendorCode?: string
): ErrorKind {
  const byType = (vendorCode && kindForVendorType(vendorCode)) || (vendorType && kindForVendorType(vendorType)) || undefined
  if (byType) return byType
  if (detail && looksLikeContextOverflow(detail)) return 'context_length'
  switch (status) {
    case undefined:
      return 'unknown'
    case 400:
    case 422:
      return 'bad_request'
    case 401:
      return 'auth'
    case 402:
    case 403:
      return 'permission'
    case 404:
      return 'not_found'
    case 408:
      return 'timeout'
    case 413:
      return 'context_length'
    case 429:
      return 'rate_limit'
    case 529:
      return 'overloaded'
    default:
      return status >= 500 ? 'server' : 'unknown'
  }
}

function kindForVendorType(type: string): ErrorKind | undefined {
  switch (type) {
    // Anthropic error.type values
    case 'authentication_error':
      return 'auth'
    case 'permission_error':
      return 'permission'
    case 'not_found_error':
      return 'not_found'
    case 'request_too_large':
      return 'context_length'
    case 'rate_limit_error':
      return 'rate_limit'
    case 'overloaded_error':
      return 'overloaded'
    case 'api_error':
      return 'server'
    case 'timeout_error':
      return 'timeout'
    // OpenAI error.type values (mid-stream errors carry no HTTP status, only this)
    case 'server_error':
      return 'server'
    // OpenAI error.code values
    case 'context_length_exceeded':
    case 'string_above_max_length':
      return 'context_length'
    case 'invalid_api_key':
      return 'auth'
    case 'model_not_found':
      return 'not_found'
    case 'rate_limit_exceeded':
    case 'insufficient_quota':
      return 'rate_limit'
    default:
      return undefined
  }
}

/** Vendors word context overflows differently and some send them as plain 400s. */
export function looksLikeContextOverflow(detail: string): boolean {
  return /context[ _-]?(length|window)|maximum context|prompt is too long|too many tokens|exceeds the (model'?s )?(context|maximum)/i.test(
    detail
  )
}

/**
 * How long the server asked us to wait: `retry-after-ms` (OpenAI, Anthropic) or `retry-after`
 * in seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now()
): number | undefined {
  if (!headers) return undefined
  const ms = headers.get('retry-after-ms')
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms)
    if (Number.isFinite(value) && value >= 0) return Math.round(value)
  }
  const after = headers.get('retry-after')
  if (after === null || after.trim() === '') return undefined
  const seconds = Number(after)
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined
  const date = Date.parse(after)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError
}
