import { createHash } from 'node:crypto'
import type { ErrorInfo } from '../../shared/errors'
import type { ProviderProfile } from '../../shared/profiles'
import type { Provider, ProviderOptions } from '../providers/provider'
import type { ProviderRegistry } from '../providers/registry'

/** What a pane's provider is built with besides its profile and key: stall timeouts, retry policy. */
export type ProviderTuning = Omit<ProviderOptions, 'profile' | 'apiKey'>

export type KeyLookup = (profile: ProviderProfile) => Promise<string | undefined> | string | undefined

/**
 * The provider for a pane's profile, with its key, or why there can be none (no key for a
 * profile that needs one, a bad base URL). Instances are cached per profile, key and engine, so
 * panes and turns on one endpoint share a client and its connections, and a changed key or
 * profile (or changed timeouts) gets a new client. The key enters the cache key only as part of a hash.
 */
export async function providerFor(
  profile: ProviderProfile,
  registry: ProviderRegistry,
  resolveKey: KeyLookup,
  tuning: ProviderTuning,
  engineId: string
): Promise<Provider | { error: ErrorInfo }> {
  let apiKey: string | undefined
  try {
    apiKey = await resolveKey(profile)
  } catch (error) {
    return failure(profile, 'auth', `Could not read the API key of profile "${profile.id}": ${error instanceof Error ? error.message : String(error)}`)
  }
  // Tuning read once: its fields may be getters over settings the user can change between runs.
  const tuned: ProviderTuning = { ...tuning }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([profile, tuned.timeouts ?? null, tuned.retry ?? null]))
    .update('\0')
    .update(apiKey ?? '')
    .digest('hex')
    .slice(0, 24)
  let provider: Provider
  try {
    provider = registry.create({ ...tuned, profile, ...(apiKey && { apiKey }) }, `compare:${engineId}:${profile.id}:${fingerprint}`)
  } catch (error) {
    return failure(profile, 'bad_request', error instanceof Error ? error.message : String(error))
  }
  const issues = provider.validateConfig()
  const missingKey = issues.find((issue) => issue.field === 'apiKey')
  if (missingKey) {
    const env = profile.apiKeyEnv ? ` or set ${profile.apiKeyEnv}` : ''
    return failure(profile, 'auth', `No API key for profile "${profile.id}": save one (Settings, or "juxta keys set ${profile.id}")${env}`)
  }
  if (issues.length > 0) {
    return failure(profile, 'bad_request', `Profile "${profile.id}": ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`)
  }
  return provider
}

function failure(profile: ProviderProfile, kind: ErrorInfo['kind'], message: string): { error: ErrorInfo } {
  return { error: { kind, message, provider: profile.id, retryable: false } }
}
