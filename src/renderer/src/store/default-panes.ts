import { MAX_PANES } from '../../../shared/conversation-thread'
import type { ProfileList } from '../../../shared/contract/juxta-contract'
import type { Settings } from '../../../shared/settings'

/**
 * The models a new comparison opens with: the user's default panes; else one pane per model
 * the first profile lists; else one pane waiting for a model ('').
 */
export function defaultPaneModels(settings: Pick<Settings, 'defaultPanes'> | null, profiles: Pick<ProfileList, 'profiles'> | null): string[] {
  if (settings && settings.defaultPanes.length > 0) return settings.defaultPanes.slice(0, MAX_PANES)
  const first = profiles?.profiles[0]
  if (first && first.models.length > 0) return first.models.slice(0, MAX_PANES).map((model) => `${first.id}:${model.id}`)
  return ['']
}

/** Every model instance the profiles list, for the catalog lookup behind the pickers. */
export function listedModels(profiles: Pick<ProfileList, 'profiles'> | null): string[] {
  return (profiles?.profiles ?? []).flatMap((profile) => profile.models.map((model) => `${profile.id}:${model.id}`))
}
