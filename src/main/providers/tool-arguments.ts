import { ProviderError } from './provider-error'

/**
 * A tool call's arguments, streamed as JSON text, as an object. Returns (rather than throws)
 * the error, because a call cut off by the token limit is not a failure: the caller decides.
 */
export function parseToolArguments(json: string, toolName: string, provider: string): Record<string, unknown> | ProviderError {
  if (!json.trim()) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    parsed = undefined
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  return new ProviderError({
    kind: 'server',
    provider,
    detail: `the model returned arguments for tool "${toolName}" that are not a JSON object`,
    // The answer was generated and billed, and the same request would likely break the same way.
    retryable: false
  })
}
