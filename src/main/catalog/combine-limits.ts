import type { ModelCapabilities } from '../../shared/catalog'
import type { LimitsRecord } from './limits-dataset'

export interface Limits {
  contextWindow: number | null
  maxOutputTokens: number | null
  capabilities: ModelCapabilities
  deprecated: boolean
}

/**
 * The limits of one model from all the dataset's records of it (at least one). The dataset
 * often has several records per API id:
 *
 * - request variants of one model: thinking on and off ("sonnet45T" / "sonnet45"), a fast tier,
 *   a pro mode. They differ in flags, not in what the model is, so a capability any of them has
 *   is the model's (Claude Sonnet 4.5 can reason);
 * - successive models behind one moving id ("deepseek-chat" was V3, then V3.2). When their
 *   numbers disagree the dataset cannot say which one the id means now, so the number is unknown.
 *
 * Deprecated when any record is deprecated or retired: a warning the user can ignore.
 */
export function combineLimits(records: readonly LimitsRecord[]): Limits {
  return {
    contextWindow: agreed(records.map((record) => record.contextWindow)),
    maxOutputTokens: agreed(records.map((record) => record.maxOutputTokens)),
    capabilities: {
      tools: records.some((record) => record.capabilities.tools),
      vision: records.some((record) => record.capabilities.vision),
      reasoning: records.some((record) => record.capabilities.reasoning)
    },
    deprecated: records.some((record) => record.deprecated)
  }
}

function agreed(values: readonly number[]): number | null {
  return values.every((value) => value === values[0]) ? (values[0] ?? null) : null
}
