import { Tiktoken } from 'js-tiktoken/lite'
import { BpeCounter } from './bpe-counter.ts'

/** The BPE encodings OpenAI models use. Other vendors' tokenizers are approximated with o200k. */
export type EncodingName = 'o200k_base' | 'cl100k_base'

interface Ranks {
  pat_str: string
  special_tokens: Record<string, number>
  bpe_ranks: string
}

// Rank tables are megabytes each and take a few hundred milliseconds to build: load one only
// when first needed, and only once per thread.
const encoders = new Map<EncodingName, Promise<{ encoder: Tiktoken; ranks: Ranks }>>()
const counters = new Map<EncodingName, Promise<BpeCounter>>()

function load(name: EncodingName): Promise<{ encoder: Tiktoken; ranks: Ranks }> {
  let loaded = encoders.get(name)
  if (!loaded) {
    const ranks =
      name === 'o200k_base'
        ? import('js-tiktoken/ranks/o200k_base')
        : import('js-tiktoken/ranks/cl100k_base')
    loaded = ranks.then((module) => ({ encoder: new Tiktoken(module.default), ranks: module.default }))
    encoders.set(name, loaded)
  }
  return loaded
}

/** js-tiktoken's encoder itself, for whole-text encodes (tests compare against it). */
export async function loadEncoder(name: EncodingName): Promise<Tiktoken> {
  return (await load(name)).encoder
}

/** The piece-caching counter for an encoding: one per thread, so its cache is shared. */
export function loadCounter(name: EncodingName): Promise<BpeCounter> {
  let counter = counters.get(name)
  if (!counter) {
    counter = load(name).then(({ encoder, ranks }) => new BpeCounter(encoder, ranks.pat_str))
    counters.set(name, counter)
  }
  return counter
}

/**
 * The encoding an OpenAI model id uses, or null when the model is not OpenAI's (or not known
 * to us), in which case any count is an approximation. Prefixes such as OpenRouter's
 * "openai/" and date suffixes are ignored.
 */
export function encodingForModel(modelId: string): EncodingName | null {
  const id = modelId.toLowerCase().replace(/^openai\//, '')
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4|codex-)/.test(id)) return 'o200k_base'
  if (/^(gpt-4|gpt-3\.5|gpt-35)/.test(id)) return 'cl100k_base'
  return null
}
