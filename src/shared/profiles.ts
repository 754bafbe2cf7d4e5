import { z } from 'zod'
import { httpUrlProblem, isHttpUrl } from './http-url'

/**
 * Provider profiles: the user's endpoints. A profile is one base URL of one wire format
 * (kind) with its models; a model instance is addressed "profileId:modelId".
 */

export const PROVIDER_KINDS = ['openai', 'anthropic'] as const
export type ProviderKind = (typeof PROVIDER_KINDS)[number]

/** USD per million tokens. */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional()
})
export type Price = z.infer<typeof priceSchema>

export const modelConfigSchema = z.strictObject({
  id: z.string().min(1, 'a model needs an id'),
  name: z.string().optional(),
  size: z.enum(['large', 'small']).optional(),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  price: priceSchema.optional(),
  /** A reasoning model: sent max_completion_tokens and reasoning_effort, never temperature. */
  reasoning: z.boolean().optional()
})
export type ModelConfig = z.infer<typeof modelConfigSchema>

export { httpUrlProblem, isHttpUrl }

const httpUrl = z.string().superRefine((value, context) => {
  const problem = httpUrlProblem(value)
  if (problem !== null) context.addIssue({ code: 'custom', message: problem })
})

// Header names and values that could smuggle a second header or line are refused.
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name')
const headerValue = z.string().refine((value) => !/[\r\n\0]/.test(value), {
  message: 'a header value cannot contain line breaks'
})

export const providerProfileSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-" (no ":")'),
  kind: z.enum(PROVIDER_KINDS),
  name: z.string().optional(),
  baseURL: httpUrl.optional(),
  headers: z.record(headerName, headerValue).optional(),
  /** Name of the environment variable that holds this profile's API key. */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name').optional(),
  /** A server on this machine (Ollama, LM Studio …): no key needed, costs nothing. */
  local: z.boolean().optional(),
  models: z.array(modelConfigSchema).default([])
})
export type ProviderProfile = z.infer<typeof providerProfileSchema>

/** "profileId:modelId" — the model id may itself contain ":" (Ollama tags), the profile id may not. */
export interface ModelRef {
  profileId: string
  modelId: string
}

export function parseModelRef(ref: string): ModelRef | null {
  const colon = ref.indexOf(':')
  if (colon <= 0 || colon === ref.length - 1) return null
  return { profileId: ref.slice(0, colon), modelId: ref.slice(colon + 1) }
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.profileId}:${ref.modelId}`
}
