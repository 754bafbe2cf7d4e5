import type { ModelConfig } from 'llm-zoo'
import type { ModelCapabilities } from '../../shared/catalog'

/** One model configuration of the limits dataset (llm-zoo), in the catalog's terms. */
export interface LimitsRecord {
  /** The unpinned API id as the dataset spells it ("claude-haiku-4-5", "MiniMax-M3"). */
  id: string
  /** Every API id the dataset gives it (pinned and unpinned), lower case. */
  ids: readonly string[]
  /** The price dataset's provider id of the model's vendor. */
  vendor: string
  name: string
  contextWindow: number
  maxOutputTokens: number
  capabilities: ModelCapabilities
  /**
   * Retired: no longer served. llm-zoo's own "deprecated" means only "superseded" (it flags
   * gpt-4o-mini and gpt-4.1), too loose to warn "may stop working" about.
   */
  deprecated: boolean
}

/**
 * llm-zoo provider → the price dataset's provider id. Only vendors that serve their own models
 * are listed: llm-zoo's "others" are OpenRouter relistings whose flags are mostly its defaults
 * (Llama 3.1 405B "supports vision"), "copilot" is a subscription, and DashScope and Meta have no
 * provider in the price dataset. Their records are left out.
 */
const VENDORS: Readonly<Record<string, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  google: 'google',
  deepseek: 'deepseek',
  xai: 'x-ai',
  moonshot: 'moonshotai',
  minimax: 'minimax',
  glm: 'zhipuai'
}

/** The dataset's configurations as records; those of vendors the catalog does not map are dropped. */
export function limitsRecords(configs: readonly ModelConfig[]): LimitsRecord[] {
  return configs.flatMap((config) => {
    const vendor = VENDORS[config.provider]
    if (!vendor) return []
    const { capabilities } = config
    return [
      {
        id: config.shortName,
        ids: [...new Set([config.fullName.toLowerCase(), config.shortName.toLowerCase()])],
        vendor,
        name: config.label,
        contextWindow: config.contextWindow,
        maxOutputTokens: config.maxOutputTokens,
        capabilities: {
          tools: capabilities.supportsFunctionCalling,
          vision: capabilities.supportsVision,
          reasoning: capabilities.supportsReasoning
        },
        deprecated: config.retired === true
      }
    ]
  })
}
