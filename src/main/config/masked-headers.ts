import { MASKED_HEADER_VALUE } from '../../shared/credentials'
import type { ProviderProfile } from '../../shared/profiles'
import { redactSecrets } from '../providers/redact'

/**
 * A profile's extra headers may carry a credential (an Authorization header for a gateway, an
 * x-api-key …). Those values never go to the window: it gets MASKED_HEADER_VALUE instead, and a
 * profile saved back with the placeholder keeps the value saved before.
 */
export { MASKED_HEADER_VALUE }

const CREDENTIAL_NAME = /auth|key|token|secret|cookie|session|password|signature/i

function isCredentialHeader(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) || redactSecrets(value) !== value
}

export function maskProfileHeaders(profile: ProviderProfile): ProviderProfile {
  if (!profile.headers) return profile
  const headers = Object.fromEntries(
    Object.entries(profile.headers).map(([name, value]) => [name, isCredentialHeader(name, value) ? MASKED_HEADER_VALUE : value])
  )
  return { ...profile, headers }
}

/** Puts back the saved values of headers the window sent back still masked; a masked header with nothing saved is dropped. */
export function unmaskProfileHeaders(profile: ProviderProfile, saved: ProviderProfile | undefined): ProviderProfile {
  if (!profile.headers) return profile
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(profile.headers)) {
    if (value !== MASKED_HEADER_VALUE) headers[name] = value
    else if (saved?.headers && Object.hasOwn(saved.headers, name)) headers[name] = saved.headers[name]!
  }
  return { ...profile, headers }
}
