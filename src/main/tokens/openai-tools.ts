import type { ToolDefinition } from '../../shared/messages.ts'
import type { TextCounter } from './bpe-counter.ts'

/**
 * Tokens that tool definitions add to a Chat Completions prompt. OpenAI renders tools into the
 * prompt in an undocumented syntax; this is the scheme of OpenAI's cookbook ("How to count
 * tokens with tiktoken", num_tokens_for_tools), whose constants were fitted to the API's
 * reported prompt_tokens for gpt-4o/gpt-4o-mini and for gpt-3.5-turbo/gpt-4.
 */

export interface ToolCountConstants {
  /** Per function. */
  funcInit: number
  /** Once per function that has properties. */
  propInit: number
  /** Per property. */
  propKey: number
  /** Per property with an enum (negative: the enum replaces part of the type). */
  enumInit: number
  /** Per enum value, on top of the value's own tokens. */
  enumItem: number
  /** Once, after all functions. */
  funcEnd: number
}

export const GPT_4O_TOOL_CONSTANTS: ToolCountConstants = {
  funcInit: 7,
  propInit: 3,
  propKey: 3,
  enumInit: -3,
  enumItem: 3,
  funcEnd: 12
}

export const GPT_4_TOOL_CONSTANTS: ToolCountConstants = { ...GPT_4O_TOOL_CONSTANTS, funcInit: 10 }

/**
 * The constants for a model, and whether the cookbook verified them against the API for its
 * family. gpt-4.1, gpt-5 and the o-series use o200k like gpt-4o, but nobody has published
 * their tool overhead, so for them the gpt-4o constants are only a guess.
 */
export function toolConstantsFor(modelId: string): { constants: ToolCountConstants; verified: boolean } {
  const id = modelId.toLowerCase().replace(/^openai\//, '')
  if (/^(gpt-4o|chatgpt-4o)/.test(id)) return { constants: GPT_4O_TOOL_CONSTANTS, verified: true }
  if (/^(gpt-4(?![.o])|gpt-3\.5|gpt-35)/.test(id)) return { constants: GPT_4_TOOL_CONSTANTS, verified: true }
  return { constants: GPT_4O_TOOL_CONSTANTS, verified: false }
}

export function countToolDefinitions(
  counter: TextCounter,
  tools: readonly ToolDefinition[],
  constants: ToolCountConstants
): number {
  if (tools.length === 0) return 0
  let tokens = constants.funcEnd
  for (const tool of tools) {
    tokens += constants.funcInit + counter.count(`${tool.name}:${withoutFinalPeriod(tool.description ?? '')}`)
    const properties = Object.entries(recordOf(tool.parameters.properties))
    if (properties.length === 0) continue
    tokens += constants.propInit
    for (const [key, value] of properties) {
      const property = recordOf(value)
      tokens += constants.propKey
      if ('enum' in property) {
        tokens += constants.enumInit
        const values = Array.isArray(property.enum) ? property.enum : []
        for (const item of values) tokens += constants.enumItem + counter.count(String(item))
      }
      const description = typeof property.description === 'string' ? property.description : ''
      tokens += counter.count(`${key}:${String(property.type)}:${withoutFinalPeriod(description)}`)
    }
  }
  return tokens
}

/**
 * Whether every tool has the shape the cookbook's example had, the only shape its scheme was
 * checked on: a description, and flat string properties, each described, perhaps with a
 * string enum. Nested objects, arrays, numbers, extra schema keywords or missing descriptions
 * are rendered in ways nobody has measured, so their counts are approximate.
 */
export function hasVerifiedToolShape(tools: readonly ToolDefinition[]): boolean {
  return tools.every((tool) => {
    if (!tool.description) return false
    const { type, properties, required, ...others } = tool.parameters
    if (type !== 'object' || Object.keys(others).length > 0) return false
    if (required !== undefined && !(Array.isArray(required) && required.every((key) => typeof key === 'string'))) return false
    const values = Object.values(recordOf(properties))
    return values.length > 0 && values.every(isVerifiedProperty)
  })
}

// Widen only when a recorded API count confirms another type.
const VERIFIED_PROPERTY_TYPES: ReadonlySet<unknown> = new Set(['string'])

function isVerifiedProperty(value: unknown): boolean {
  const property = recordOf(value)
  const keys = Object.keys(property)
  return (
    VERIFIED_PROPERTY_TYPES.has(property.type) &&
    typeof property.description === 'string' &&
    keys.every((key) => key === 'type' || key === 'description' || key === 'enum') &&
    (property.enum === undefined || (Array.isArray(property.enum) && property.enum.every((item) => typeof item === 'string')))
  )
}

function withoutFinalPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}
