import type { ProviderProfile } from '../../shared/profiles'
import { loadCatalog, resolveModel } from '../catalog'
import type { TokenEstimator } from '../tokens/token-estimator'
import type { EstimateDependencies } from './estimate-prompt'

/**
 * The real catalog and token estimator behind estimatePrompt. Keys are looked up per profile
 * by the caller's function (the credential service: keychain, then environment).
 */
export async function createEstimateDependencies(
  estimator: TokenEstimator,
  apiKeyFor: (profile: ProviderProfile) => Promise<string | undefined> | string | undefined
): Promise<EstimateDependencies> {
  const catalog = await loadCatalog()
  return {
    resolveModel: (profile, modelId) => resolveModel(profile, modelId, catalog),
    countInput: (request, profile, signal, debounceKey) =>
      estimator.estimateInputTokens(request, {
        profile,
        resolveKey: async () => apiKeyFor(profile),
        ...(signal !== undefined && { signal }),
        ...(debounceKey !== undefined && { debounceKey })
      })
  }
}
