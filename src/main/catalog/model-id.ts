/**
 * Pure string rules for the id forms an endpoint may report for a model. Each returns null when
 * the rule does not apply, so callers can tell "not this form" from a match.
 */

/** Trimmed, lower case, without Ollama's ":latest" tag (it names no particular build). */
export function normalizeModelId(modelId: string): string {
  return modelId.trim().toLowerCase().replace(/:latest$/, '')
}

// A snapshot date at the very end: -2024-08-06 or -20250929. Four-digit suffixes ("-2411",
// "-0709") are left alone: vendors use them for distinct versions, not only snapshots.
const SNAPSHOT_DATE = /-(\d{4})-?(\d{2})-?(\d{2})$/

/** "gpt-4o-2024-08-06" → "gpt-4o"; null when the id does not end in a real calendar date. */
export function withoutSnapshotDate(id: string): string | null {
  const match = SNAPSHOT_DATE.exec(id)
  if (!match) return null
  const [, year, month, day] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return real && year >= 2000 ? id.slice(0, match.index) : null
}

// Suffixes that name a pointer or a release stage of a model, not another model:
// "claude-opus-4-0", "claude-3-7-sonnet-latest", "grok-3-beta". "-preview" is not one of them:
// previews often have other limits than the release.
const VERSION_TAG = /-(?:latest|beta|0)$/

/**
 * The id without its snapshot date and version tag: "claude-opus-4-20250514" and
 * "claude-opus-4-0" both become "claude-opus-4". Two ids with the same result name one model.
 */
export function withoutVersion(id: string): string {
  const lower = id.toLowerCase()
  return (withoutSnapshotDate(lower) ?? lower).replace(VERSION_TAG, '')
}

/** OpenRouter style "openai/gpt-4o-mini" → { prefix: "openai", rest: "gpt-4o-mini" }. */
export function splitVendorPrefix(id: string): { prefix: string; rest: string } | null {
  const slash = id.indexOf('/')
  if (slash <= 0 || slash === id.length - 1) return null
  return { prefix: id.slice(0, slash), rest: id.slice(slash + 1) }
}

/**
 * A key that names an open-weight model by family, version and size the same way in every
 * spelling: "meta-llama/Llama-3.1-8B-Instruct", "llama3.1-8b" and Ollama's "llama3.1:8b" all
 * become "llama-3.1-8b". Used only to look up local model tags.
 */
export function openWeightKey(id: string): string {
  const name = id.toLowerCase().split('/').pop() ?? ''
  return name.replace(/-(?:instruct|it|chat)$/, '').replace(/^([a-z]+)(?=\d)/, '$1-')
}

// An Ollama size tag, optionally followed by a variant and a quantisation: "8b",
// "8b-instruct-q4_K_M", "0.5b", "270m". Any other tag is not understood.
const OLLAMA_TAG = /^([a-z][\w.-]*):(\d+(?:\.\d+)?[bm])(?:-(?:instruct|it|chat))?(?:-(?:q\d\w*|fp16|fp8|bf16))?$/

/** "llama3.1:8b" → "llama-3.1-8b"; null when the id has no size tag this rule understands. */
export function ollamaSizeKey(id: string): string | null {
  const match = OLLAMA_TAG.exec(id.toLowerCase())
  return match ? openWeightKey(`${match[1]}-${match[2]}`) : null
}
