import { providerProfileSchema } from '../../shared/profiles'
import { redactSecrets } from '../providers/redact'
import { CredentialError } from './credential-error'

/** Far above any vendor key (JWT-style gateway tokens run to ~2k); a longer paste is a mistake. */
export const MAX_KEY_LENGTH = 4096

/** Below this, four characters would give away too much of the key. */
const MIN_LENGTH_FOR_LAST_FOUR = 20

/**
 * Refuses what cannot be a key, saying why without quoting it. Keys travel in HTTP headers,
 * so only visible ASCII is accepted: whitespace, control characters and typographic look-alikes
 * (a smart quote, the "…" of a shortened copy) would only fail later, less clearly.
 */
export function validateApiKey(key: string): void {
  if (key.length === 0) throw new CredentialError('invalid_key', 'The API key is empty.')
  if (key.length > MAX_KEY_LENGTH) {
    throw new CredentialError(
      'invalid_key',
      `The API key is ${key.length} characters long; the most Juxta accepts is ${MAX_KEY_LENGTH}. Check that only the key was pasted.`
    )
  }
  let position = 0
  for (const char of key) {
    position++
    const code = char.codePointAt(0) ?? 0
    if (/\s/u.test(char)) {
      throw new CredentialError(
        'invalid_key',
        `The API key contains a space, tab or line break (character ${position}). Paste the key alone.`
      )
    }
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
      throw new CredentialError('invalid_key', `The API key contains an invisible control character (character ${position}).`)
    }
    if (code > 0x7e) {
      throw new CredentialError(
        'invalid_key',
        `The API key contains a character that is not plain ASCII (character ${position}), such as a typographic quote or the "…" of a shortened copy.`
      )
    }
  }
}

/** Profile ids become keychain account names and file keys: the profile schema's own rule. */
export function validateProfileId(profileId: string): void {
  const result = providerProfileSchema.shape.id.safeParse(profileId)
  if (!result.success) {
    // Redacted: a key pasted where the profile id goes must not be echoed back.
    const shown = redactSecrets(profileId)
    throw new CredentialError('invalid_profile', `"${shown}" is not a profile id: ${result.error.issues[0]?.message ?? 'invalid'}.`)
  }
}

/** The last four characters, for telling keys apart, only when the key is long enough to spare them. */
export function lastFourOf(key: string): string | undefined {
  return key.length >= MIN_LENGTH_FOR_LAST_FOUR ? key.slice(-4) : undefined
}
