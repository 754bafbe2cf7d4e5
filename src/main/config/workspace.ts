import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { type ModelRef, type ProviderProfile, parseModelRef } from '../../shared/profiles'
import { PROFILE_PRESETS } from '../providers/presets'
import { ConfigError, readProfilesFile } from './profiles-file'

/** The profiles a command works with, and the panes a new comparison opens with. */
export interface Workspace {
  profiles: ProviderProfile[]
  defaultPanes: string[]
  /** Where the profiles came from: a file path, or "presets". */
  source: string
}

/**
 * `--config FILE` when given; else the profiles file in the data directory; else the presets,
 * so `juxta estimate --model openai:gpt-4o "…"` works with nothing set up.
 */
export async function loadWorkspace(options: { configFile?: string; dataDir: string }): Promise<Workspace> {
  const file = options.configFile ?? join(options.dataDir, 'profiles.json')
  if (options.configFile === undefined && !(await exists(file))) {
    return { profiles: [...PROFILE_PRESETS], defaultPanes: [], source: 'presets' }
  }
  const parsed = await readProfilesFile(file)
  return { profiles: parsed.profiles, defaultPanes: parsed.defaultPanes, source: file }
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

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}

export { ConfigError }
