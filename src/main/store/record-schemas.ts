import { z } from 'zod'
import { ERROR_KINDS, type ErrorInfo } from '../../shared/errors'
import { FINISH_REASONS, REASONING_EFFORTS, type Usage } from '../../shared/generation'
import { RESPONSE_STATUSES } from '../../shared/history'

/**
 * Schemas of the JSON the store keeps in columns and writes in exports. Reads go through them
 * too, so a value damaged on disk becomes a default instead of a crash in the renderer.
 */

// Message schemas live in src/shared: run inputs crossing IPC are checked with the same ones.
export { messageSchema, toolCallSchema } from '../../shared/message-schemas'

const tokens = z.number().int().nonnegative()

export const usageSchema = z.object({
  inputTokens: tokens,
  outputTokens: tokens,
  cachedInputTokens: tokens,
  cacheWriteTokens: tokens,
  reasoningTokens: tokens,
  estimated: z.boolean(),
  reportedCostUsd: z.number().nonnegative().optional()
}) satisfies z.ZodType<Usage>

export const errorInfoSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  provider: z.string(),
  status: z.number().int().optional(),
  retryable: z.boolean(),
  retryAfterMs: z.number().nonnegative().optional()
}) satisfies z.ZodType<ErrorInfo>

export const finishReasonSchema = z.enum(FINISH_REASONS)
export const responseStatusSchema = z.enum(RESPONSE_STATUSES)
export const reasoningEffortSchema = z.enum(REASONING_EFFORTS)

/** JSON from a column, checked against its schema; the fallback when it is missing or damaged. */
export function readJsonColumn<T>(text: string | null, schema: z.ZodType<T>, fallback: T): T {
  if (text === null) return fallback
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : fallback
  } catch {
    return fallback
  }
}
