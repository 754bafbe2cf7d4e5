import { z } from 'zod'
import type { JsonSchema, Message, ToolCall, ToolDefinition } from './messages'

/**
 * Schemas of the message types, for data that arrives from outside the process: a run's
 * histories over IPC, the store's JSON columns, imported files.
 */

export const toolCallSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown())
}) satisfies z.ZodType<ToolCall>

const userContentPartSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({ type: z.literal('image'), mediaType: z.string().optional(), data: z.string().optional(), url: z.string().optional() })
])

export const messageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('system'), content: z.string() }),
  z.strictObject({ role: z.literal('user'), content: z.union([z.string(), z.array(userContentPartSchema)]) }),
  z.strictObject({
    role: z.literal('assistant'),
    content: z.string(),
    reasoning: z.string().optional(),
    reasoningSignature: z.string().optional(),
    toolCalls: z.array(toolCallSchema).optional()
  }),
  z.strictObject({
    role: z.literal('tool'),
    toolCallId: z.string(),
    toolName: z.string().optional(),
    content: z.string(),
    isError: z.boolean().optional()
  })
]) satisfies z.ZodType<Message>

const jsonSchemaSchema = z.looseObject({ type: z.literal('object') }) satisfies z.ZodType<JsonSchema>

export const toolDefinitionSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: jsonSchemaSchema
}) satisfies z.ZodType<ToolDefinition>
