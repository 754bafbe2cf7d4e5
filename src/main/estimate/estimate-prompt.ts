import type { ResolvedModel } from '../../shared/catalog'
import type { Estimate, TokenCountMethod } from '../../shared/estimate'
import type { GenerationRequest } from '../../shared/generation'
import type { Message } from '../../shared/messages'
import type { ProviderProfile } from '../../shared/profiles'
import { combineEstimates, estimatePane } from './pane-estimate'

export interface PaneToEstimate {
  profile: ProviderProfile
  modelId: string
  system?: string
  maxTokens?: number
  /** The pane's conversation so far; the prompt is appended as the next user message. */
  history?: Message[]
}

export interface InputCount {
  inputTokens: number
  exact: boolean
  reason?: string
  method: TokenCountMethod
}

export interface EstimateDependencies {
  resolveModel: (profile: ProviderProfile, modelId: string) => ResolvedModel
  /** `debounceKey` names a pane of a window: its network counts wait for a pause in typing, and a newer one supersedes an older. */
  countInput: (request: GenerationRequest, profile: ProviderProfile, signal?: AbortSignal, debounceKey?: string) => Promise<InputCount>
  /** Typical answer length of a model in earlier runs (history), when there is any. */
  expectedOutputTokens?: (model: ResolvedModel) => number | undefined
}

/** What the prompt will cost on every pane, counted in parallel. */
export async function estimatePrompt(
  prompt: string,
  panes: PaneToEstimate[],
  dependencies: EstimateDependencies,
  signal?: AbortSignal,
  /** Names the asking window, so each of its panes' network counts is debounced (see countInput); none for a one-off estimate. */
  debounceScope?: string
): Promise<Estimate> {
  const estimates = await Promise.all(
    panes.map(async (pane, index) => {
      const model = dependencies.resolveModel(pane.profile, pane.modelId)
      const request: GenerationRequest = {
        model: pane.modelId,
        messages: [...(pane.history ?? []), { role: 'user', content: prompt }],
        ...(pane.system !== undefined && { system: pane.system }),
        ...(pane.maxTokens !== undefined && { maxTokens: pane.maxTokens })
      }
      const count = await dependencies.countInput(request, pane.profile, signal, debounceScope === undefined ? undefined : `${debounceScope}:${index}`)
      return estimatePane({
        model,
        ...count,
        ...(pane.maxTokens !== undefined && { maxTokens: pane.maxTokens }),
        ...optional('expectedOutputTokens', dependencies.expectedOutputTokens?.(model))
      })
    })
  )
  return combineEstimates(estimates)
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}
