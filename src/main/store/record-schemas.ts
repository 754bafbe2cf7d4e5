import { z } from 'zod'
import { ERROR_KINDS, type ErrorInfo } from '../../shared/errors'
import { FINISH_REASONS, type Usage } from '../../shared/generation'
import { RESPONSE_STATUSES } from '../../shared/history'
import type { Message, ToolCall } from '../../shared/messages'

/**
 * Schemas of the JSON the store keeps in columns and writes in exports. Reads go through them
 * too, so a value damaged on disk becomes a default instead of a crash in the renderer.
 */

export const toolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown())
}) satisfies z.ZodType<ToolCall>

const userContentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), mediaType: z.string().optional(), data: z.string().optional(), url: z.string().optional() })
])

export const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(userContentPartSchema)]) }),
  z.object({
    role: z.literal('assistant'),
    content: z.string(),
    reasoning: z.string().optional(),
    reasoningSignature: z.string().optional(),
    toolCalls: z.array(toolCallSchema).optional()
  }),
  z.object({
    role: z.literal('tool'),
    toolCallId: z.string(),
    toolName: z.string().optional(),
    content: z.string(),
    isError: z.boolean().optional()
  })
]) satisfies z.ZodType<Message>

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
export const reasoningEffortSchema = z.enum(['minimal', 'low', 'medium', 'high'])

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
