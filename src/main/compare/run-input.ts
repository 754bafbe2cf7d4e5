import type { ResolvedModel } from '../../shared/catalog'
import { type PaneSpec, type RunInput, runInputSchema } from '../../shared/compare'
import type { GenerationRequest } from '../../shared/generation'
import type { ModelParameters } from '../../shared/history'
import type { Message } from '../../shared/messages'
import { type ProviderProfile, parseModelRef } from '../../shared/profiles'
import { resolveModel } from '../catalog/resolve-model'
import type { Catalog } from '../catalog/types'
import { describeIssues } from '../config/schema-errors'

/** A run that cannot start as asked: no panes, too many, an unknown profile … Nothing was sent or saved. */
export class CompareInputError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(problems.length === 1 ? problems[0] : problems.join('; '))
    this.name = 'CompareInputError'
    this.problems = problems
  }
}

/** Something a run names that does not exist (a run, pane, conversation or answer). */
export class CompareNotFoundError extends Error {
  override name = 'CompareNotFoundError'
}

/** One pane, checked and resolved: everything an attempt needs to send its request. */
export interface PreparedPane {
  spec: PaneSpec
  profile: ProviderProfile
  modelId: string
  /** The catalog entry with the profile's overrides: prices and limits. */
  resolved: ResolvedModel
  /** What is sent: the pane's history (or the run's thread), then the prompt. */
  request: GenerationRequest
  /** The effective system prompt, as the store records it on the pane. */
  systemPrompt: string | null
  parameters: ModelParameters
}

export type ProfileLookup = (profileId: string) => ProviderProfile | undefined | Promise<ProviderProfile | undefined>

/** Parses the input (throws CompareInputError naming each field) and resolves every pane's profile and model. */
export async function prepareRun(
  raw: unknown,
  resolveProfile: ProfileLookup,
  catalog: Catalog
): Promise<{ input: RunInput; panes: PreparedPane[] }> {
  const parsed = runInputSchema.safeParse(raw)
  if (!parsed.success) throw new CompareInputError(describeIssues(parsed.error))
  const input = parsed.data
  const problems: string[] = []
  const panes: PreparedPane[] = []
  for (const [index, spec] of input.panes.entries()) {
    const ref = parseModelRef(spec.model)!
    const profile = await resolveProfile(ref.profileId)
    if (!profile) {
      problems.push(`panes[${index}].model: no profile "${ref.profileId}" for "${spec.model}"`)
      continue
    }
    panes.push(preparePane(input, spec, profile, ref.modelId, catalog))
  }
  if (problems.length > 0) throw new CompareInputError(problems)
  return { input, panes }
}

function preparePane(input: RunInput, spec: PaneSpec, profile: ProviderProfile, modelId: string, catalog: Catalog): PreparedPane {
  const history: Message[] = input.thread?.history ?? spec.history ?? []
  const system = spec.systemPrompt ?? input.system ?? ''
  const parameters = spec.parameters ?? {}
  const request: GenerationRequest = {
    model: modelId,
    messages: [...history, { role: 'user', content: input.prompt }],
    ...(system && { system }),
    ...(input.tools?.length && { tools: input.tools }),
    ...(parameters.temperature !== undefined && { temperature: parameters.temperature }),
    ...(parameters.maxTokens !== undefined && { maxTokens: parameters.maxTokens }),
    ...(parameters.reasoningEffort !== undefined && { reasoningEffort: parameters.reasoningEffort }),
    ...(parameters.thinkingBudget !== undefined && { thinkingBudget: parameters.thinkingBudget })
  }
  return {
    spec,
    profile,
    modelId,
    resolved: resolveModel(profile, modelId, catalog),
    request,
    systemPrompt: system || null,
    parameters
  }
}
