import { type ModelRef, type ProviderProfile, parseModelRef } from '../../shared/profiles'
import { PROFILE_PRESETS } from '../providers/presets'
import { defaultSettings } from '../../shared/settings'
import type { EngineSettings } from '../compare/engine-tuning'
import { openStore } from '../store/open-store'
import { ConfigError, readProfilesFile } from './profiles-file'

/** The profiles a command works with, and the panes a new comparison opens with. */
export interface Workspace {
  profiles: ProviderProfile[]
  defaultPanes: string[]
  /** Where the profiles came from: a file path, the data directory, or "presets". */
  source: string
  /** Things the user should know, e.g. a damaged database moved aside. */
  notices: string[]
  /** The engine's limits as saved in Settings; the defaults with a profiles file. */
  engineSettings: EngineSettings
}

/**
 * `--config FILE` when given; else the profiles saved in the data directory (the app's own);
 * else the presets, so `juxta estimate --model openai:gpt-4o "…"` works with nothing set up.
 */
export async function loadWorkspace(options: { configFile?: string; dataDir: string }): Promise<Workspace> {
  if (options.configFile !== undefined) {
    const parsed = await readProfilesFile(options.configFile)
    return { profiles: parsed.profiles, defaultPanes: parsed.defaultPanes, source: options.configFile, notices: [], engineSettings: defaultEngineSettings() }
  }
  const { store, notices } = openStore({ dataDir: options.dataDir })
  try {
    const { profiles, problems } = store.profiles.list()
    const defaultPanes = store.settings.get('defaultPanes')
    const engineSettings: EngineSettings = {
      concurrencyPerEndpoint: store.settings.get('concurrencyPerEndpoint'),
      firstEventTimeoutSeconds: store.settings.get('firstEventTimeoutSeconds'),
      idleTimeoutSeconds: store.settings.get('idleTimeoutSeconds')
    }
    if (profiles.length === 0) return { profiles: [...PROFILE_PRESETS], defaultPanes, source: 'presets', notices: [...notices, ...problems], engineSettings }
    return { profiles, defaultPanes, source: options.dataDir, notices: [...notices, ...problems], engineSettings }
  } finally {
    store.close()
  }
}

function defaultEngineSettings(): EngineSettings {
  const { concurrencyPerEndpoint, firstEventTimeoutSeconds, idleTimeoutSeconds } = defaultSettings()
  return { concurrencyPerEndpoint, firstEventTimeoutSeconds, idleTimeoutSeconds }
}

/** The profile a "profileId:modelId" names, or a ConfigError-style message saying what is wrong. */
export function findModel(workspace: Workspace, ref: string): { profile: ProviderProfile; modelRef: ModelRef } | string {
  const modelRef = parseModelRef(ref)
  if (!modelRef) return `"${ref}": write a model as PROFILE:MODEL, e.g. "openai:gpt-4o-mini"`
  const profile = workspace.profiles.find((candidate) => candidate.id === modelRef.profileId)
  if (!profile) {
    const known = workspace.profiles.map((candidate) => candidate.id).join(', ') || 'none'
    return `"${ref}": no profile "${modelRef.profileId}" in ${workspace.source} (profiles: ${known})`
  }
  return { profile, modelRef }
}

export { ConfigError }
