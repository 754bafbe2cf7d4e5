import type { ContractErrorCode } from '../../shared/contract/result'

/**
 * Thrown by a handler to answer with a specific error code (not_found, unavailable …). The
 * dispatcher turns it into a `{ ok: false }` value; the message goes to the window as written,
 * so it must be worded for people and hold no secret.
 */
export class RouteError extends Error {
  override name = 'RouteError'
  readonly code: ContractErrorCode

  constructor(code: ContractErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
