import type { KeyTestResult } from '../../shared/credentials'
import type { ProviderProfile } from '../../shared/profiles'
import { ProviderError } from '../providers/provider-error'
import { redactSecrets } from '../providers/redact'
import type { ProviderRegistry } from '../providers/registry'

export const DEFAULT_TEST_TIMEOUT_MS = 15_000

/**
 * Tries a key with the cheapest authenticated call every vendor has: listing models. A fresh
 * provider each time (no cache key), so the key being tested is the one used.
 */
export async function testKey(
  profile: ProviderProfile,
  key: string | undefined,
  registry: ProviderRegistry,
  options: { timeoutMs?: number; signal?: AbortSignal } = {}
): Promise<KeyTestResult> {
  if (!key && !profile.local) {
    const hint = profile.apiKeyEnv ? ` or set ${profile.apiKeyEnv}` : ''
    return failure(new ProviderError({ kind: 'auth', provider: profile.id, detail: `no API key: add one${hint}`, retryable: false }), key)
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  try {
    const provider = registry.create({ profile, ...(key && { apiKey: key }) })
    const models = await provider.listModels(signal)
    return { ok: true, models: models.length }
  } catch (error) {
    // Our own deadline shows up as a cancellation; the user should read it as a timeout.
    if (timeout.aborted && !options.signal?.aborted) {
      return failure(
        new ProviderError({ kind: 'timeout', provider: profile.id, detail: `no answer within ${Math.round(timeoutMs / 1000)} s` }),
        key
      )
    }
    if (error instanceof ProviderError) return failure(error, key)
    const detail = error instanceof Error ? error.message : String(error)
    return failure(new ProviderError({ kind: 'unknown', provider: profile.id, detail, secrets: [key] }), key)
  }
}

function failure(error: ProviderError, key: string | undefined): KeyTestResult {
  const info = error.toInfo()
  // ProviderError redacts already; this covers an error made without the key to hand.
  info.message = redactSecrets(info.message, [key])
  return { ok: false, error: info }
}
