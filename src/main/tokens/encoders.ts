import { Tiktoken } from 'js-tiktoken/lite'

/** The BPE encodings OpenAI models use. Other vendors' tokenizers are approximated with o200k. */
export type EncodingName = 'o200k_base' | 'cl100k_base'

// Rank tables are megabytes each: load one only when first needed, and only once.
const loading = new Map<EncodingName, Promise<Tiktoken>>()

export function loadEncoder(name: EncodingName): Promise<Tiktoken> {
  let encoder = loading.get(name)
  if (!encoder) {
    const ranks =
      name === 'o200k_base'
        ? import('js-tiktoken/ranks/o200k_base')
        : import('js-tiktoken/ranks/cl100k_base')
    encoder = ranks.then((module) => new Tiktoken(module.default))
    loading.set(name, encoder)
  }
  return encoder
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
