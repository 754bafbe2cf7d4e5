import type { ProviderProfile } from '../../shared/profiles'

/**
 * A profile's key from the environment variable it names (`apiKeyEnv`; presets name the usual
 * OPENAI_API_KEY, ANTHROPIC_API_KEY …). A read-only source: Juxta never writes it.
 */
export function keyFromEnvironment(profile: ProviderProfile, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!profile.apiKeyEnv) return undefined
  const value = env[profile.apiKeyEnv]?.trim()
  return value ? value : undefined
}
