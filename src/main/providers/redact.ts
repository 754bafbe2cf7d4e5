/**
 * Removes secrets from text that may reach a person, a log or the renderer. Known secrets
 * (the keys we hold) are removed verbatim; anything shaped like a vendor key is removed too,
 * because servers echo keys back in error bodies, sometimes partially masked.
 */

const REDACTED = '[redacted]'

const KEY_SHAPES: RegExp[] = [
  // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-…), OpenRouter (sk-or-v1-…), DeepSeek; also echoed with "***" in the middle
  /\bsk-[A-Za-z0-9_*-]{8,}/g,
  /\bgsk_[A-Za-z0-9]{8,}/g, // Groq
  /\bxai-[A-Za-z0-9]{8,}/g, // xAI
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google
  /\b(?:pplx|hf|nvapi|r8)_[A-Za-z0-9-]{8,}/g, // Perplexity, Hugging Face, NVIDIA, Replicate
  /(?<=\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi, // an Authorization header value
  /(?<=\b(?:x-)?api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',;]{6,}/gi // "api_key: …", "x-api-key=…"
]

/** A word sharing this many characters in a row with a known secret is treated as part of it. */
const FRAGMENT_CHARS = 8
const WORD = /[^\s"'`<>()[\]{},;]+/g

export function redactSecrets(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let result = text
  for (const secret of knownSecrets) {
    // Very short strings would redact ordinary words; a real key is never that short.
    if (!secret || secret.length < 6) continue
    result = result.split(secret).join(REDACTED)
    // Servers echo keys partly masked ("gw-abcdefgh****wxyz"): a key of no known shape would
    // otherwise keep its visible part. Any word holding a piece of the key goes.
    if (secret.length > FRAGMENT_CHARS) {
      const pieces = fragmentsOf(secret)
      result = result.replace(WORD, (word) => (holdsFragment(word, pieces) ? REDACTED : word))
    }
  }
  for (const shape of KEY_SHAPES) result = result.replace(shape, REDACTED)
  return result
}

function fragmentsOf(secret: string): Set<string> {
  const pieces = new Set<string>()
  for (let start = 0; start + FRAGMENT_CHARS <= secret.length; start++) pieces.add(secret.slice(start, start + FRAGMENT_CHARS))
  return pieces
}

function holdsFragment(word: string, pieces: Set<string>): boolean {
  for (let start = 0; start + FRAGMENT_CHARS <= word.length; start++) {
    if (pieces.has(word.slice(start, start + FRAGMENT_CHARS))) return true
  }
  return false
}
