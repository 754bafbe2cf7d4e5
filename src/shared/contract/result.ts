/**
 * What crosses the boundary for every call: a value or an error, both plain data. A handler's
 * exception never crosses as a thrown Error; it becomes one of these codes with a message for
 * people that holds no secret and no stack.
 */
export const CONTRACT_ERROR_CODES = [
  /** The input did not fit the route's schema; `issues` names the fields. */
  'invalid_input',
  /** The thing named (profile, conversation …) does not exist. */
  'not_found',
  /** The request was understood, but it cannot be done in this state (e.g. profiles from a read-only file). */
  'unavailable',
  /** The work was tried and failed (a provider, the disk …). */
  'failed',
  /** The caller is not allowed to call (wrong frame, wrong page). */
  'forbidden',
  /** No such route in the contract. */
  'unknown_route',
  /** The connection dropped before an answer came; the request may or may not have run. */
  'disconnected'
] as const

export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number]

export interface ContractError {
  code: ContractErrorCode
  message: string
  /** For invalid_input: one line per problem, each naming the field. */
  issues?: string[]
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function failure(code: ContractErrorCode, message: string, issues?: string[]): { ok: false; error: ContractError } {
  return { ok: false, error: { code, message, ...(issues && { issues }) } }
}
