import { z } from 'zod'
import { parseModelRef } from './profiles'

/**
 * The user's settings: each key has a schema and a default. A stored value that no longer
 * parses (edited by hand, written by another version) reads as the default instead of failing.
 */
export const SETTINGS = {
  theme: { schema: z.enum(['system', 'light', 'dark']), default: 'system' },
  /** The model instances ("profileId:modelId") a new comparison opens with. */
  defaultPanes: {
    schema: z.array(z.string().refine((ref) => parseModelRef(ref) !== null, 'write a model as PROFILE:MODEL')),
    default: []
  },
  showReasoning: { schema: z.boolean(), default: true },
  /** Ask before sending when the estimate's ceiling is above this many USD; null never asks. */
  confirmAboveUsd: { schema: z.number().nonnegative().nullable(), default: 1 },
  /**
   * At most this many requests in flight at once to one endpoint (a base URL); panes over it wait
   * as queued. Null: no limit.
   */
  concurrencyPerEndpoint: { schema: z.number().int().min(1).max(64).nullable(), default: null },
  /** Longest wait from sending to the first streamed event: reasoning models may think for minutes first. */
  firstEventTimeoutSeconds: { schema: z.number().int().min(5).max(3600), default: 180 },
  /** Longest silence between two streamed events before the answer is given up as stalled. */
  idleTimeoutSeconds: { schema: z.number().int().min(5).max(3600), default: 90 }
} as const

export type SettingKey = keyof typeof SETTINGS
export type Settings = { [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> }

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key)
}

export function defaultSettings(): Settings {
  // Fresh arrays each time: a caller mutating its copy must not change the defaults.
  return structuredClone(Object.fromEntries(Object.entries(SETTINGS).map(([key, spec]) => [key, spec.default]))) as unknown as Settings
}
