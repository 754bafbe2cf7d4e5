import { buildCatalog } from './build-catalog'
import { installedVersion } from './installed-version'
import { LIMITS_PACKAGE, limitsProvenance, PRICES_PACKAGE, pricesProvenance } from './provenance'
import type { Catalog } from './types'

let loading: Promise<Catalog> | null = null

/**
 * The model catalog, built from the two dataset packages the first time it is asked for and
 * shared after that. The packages (about 0.8 MB and 0.13 MB of data) are imported only then, so
 * they cost nothing at start-up. They are read as installed: nothing is fetched from the network.
 */
export function loadCatalog(): Promise<Catalog> {
  loading ??= readCatalog().catch((error: unknown) => {
    loading = null // let a later call try again
    throw error
  })
  return loading
}

async function readCatalog(): Promise<Catalog> {
  const [{ waitForUpdate }, { MODEL_CONFIGS }] = await Promise.all([import('@pydantic/genai-prices'), import('llm-zoo')])
  // Without updatePrices() having been called this resolves at once to the data shipped in the package.
  const providers = (await waitForUpdate()) ?? []
  const provenance = {
    prices: pricesProvenance(installedVersion(PRICES_PACKAGE), providers),
    limits: limitsProvenance(installedVersion(LIMITS_PACKAGE))
  }
  return buildCatalog(providers, { provenance, limits: Object.values(MODEL_CONFIGS) })
}
