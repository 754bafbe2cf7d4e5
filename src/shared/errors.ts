/** What went wrong, in terms a person (and a retry policy) can act on. */
export const ERROR_KINDS = [
  'auth',
  'permission',
  'not_found',
  'bad_request',
  'context_length',
  'rate_limit',
  'overloaded',
  'timeout',
  'network',
  'server',
  'cancelled',
  'unknown'
] as const

export type ErrorKind = (typeof ERROR_KINDS)[number]

/** A provider failure as a plain, serialisable value: safe to send to the renderer. */
export interface ErrorInfo {
  kind: ErrorKind
  /** A message for people. Never contains a secret. */
  message: string
  /** Profile id of the provider that failed. */
  provider: string
  /** HTTP status, when the server answered. */
  status?: number
  retryable: boolean
  /** How long the server asked us to wait before retrying. */
  retryAfterMs?: number
}
