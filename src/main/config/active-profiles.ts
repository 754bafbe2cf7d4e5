import type { ProviderProfile } from '../../shared/profiles'
import { PROFILE_PRESETS } from '../providers/presets'
import type { Store } from '../store'

/**
 * The profiles the app works with, by the rule the `juxta` commands follow (loadWorkspace):
 * a profiles file when one was given (read-only: it is the user's to edit); else the profiles
 * saved in the data directory; else the presets, so a fresh install works with a key alone.
 */
export interface ActiveProfiles {
  list(): { profiles: ProviderProfile[]; source: 'file' | 'saved' | 'presets'; problems: string[] }
  find(id: string): ProviderProfile | undefined
  readonly readOnly: boolean
  /** Where the read-only profiles come from, for messages. */
  readonly file: string | undefined
}

export function activeProfiles(store: Store, file?: { path: string; profiles: ProviderProfile[] }): ActiveProfiles {
  const list: ActiveProfiles['list'] = () => {
    if (file) return { profiles: file.profiles, source: 'file', problems: [] }
    const saved = store.profiles.list()
    if (saved.profiles.length === 0) return { profiles: [...PROFILE_PRESETS], source: 'presets', problems: saved.problems }
    return { profiles: saved.profiles, source: 'saved', problems: saved.problems }
  }
  return {
    list,
    find: (id) => list().profiles.find((profile) => profile.id === id),
    readOnly: file !== undefined,
    file: file?.path
  }
}
