/**
 * A problem saving or reading a key, worded for the user. Its message never contains a key:
 * anything that could echo one is redacted before the error is made.
 */
export type CredentialErrorCode =
  /** The key given is not a usable key (empty, whitespace, too long …). */
  | 'invalid_key'
  /** The profile id is not a valid id. */
  | 'invalid_profile'
  /** The store failed to read or write. */
  | 'store_failed'

export class CredentialError extends Error {
  override name = 'CredentialError'
  readonly code: CredentialErrorCode
  /** The underlying failure alone (already redacted), for composing other messages. */
  readonly detail: string | undefined

  constructor(code: CredentialErrorCode, message: string, detail?: string) {
    super(message)
    this.code = code
    this.detail = detail
  }
}
