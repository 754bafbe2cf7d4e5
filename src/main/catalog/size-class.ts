/**
 * The dataset has no size field, so the size class is derived from the model id by this rule:
 *
 * 1. small when a word of the id is a vendor's small-tier name: mini, nano, haiku, lite, small,
 *    tiny, micro, ministral ("gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash-lite");
 * 2. otherwise, when the id states a parameter count ("8b", "e4b", "1.5b"): small up to 20B,
 *    large above. Mixture-of-experts ids that name an expert count ("17b-128e") state only the
 *    active parameters, so they skip this step;
 * 3. otherwise large: flagship names carry no size word ("gpt-4o", "claude-sonnet-4-5").
 *
 * Words are split on "-", "_", "/", ":" and "@" (not "."), so "gemini" is not "mini".
 */
const SMALL_TIER_WORDS = new Set(['mini', 'nano', 'haiku', 'lite', 'small', 'tiny', 'micro', 'ministral'])
const SMALL_MAX_BILLIONS = 20
const PARAMETER_COUNT = /^e?(\d+(?:\.\d+)?)b$/
const EXPERT_COUNT = /^\d+e$/

export function sizeClass(modelId: string): 'large' | 'small' {
  const words = modelId.toLowerCase().split(/[-_/:@\s]+/)
  if (words.some((word) => SMALL_TIER_WORDS.has(word))) return 'small'
  if (!words.some((word) => EXPERT_COUNT.test(word))) {
    const billions = words.map((word) => PARAMETER_COUNT.exec(word)?.[1]).find((count) => count !== undefined)
    if (billions !== undefined) return Number(billions) <= SMALL_MAX_BILLIONS ? 'small' : 'large'
  }
  return 'large'
}
