import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { type ProviderProfile, parseModelRef, providerProfileSchema } from '../../shared/profiles'
import { describeIssues } from './schema-errors'

/**
 * The profiles file given with `--config FILE`, for scripting:
 * { "profiles": [ … ], "defaults": { "panes": ["oa:gpt-4o-mini", …] } }
 */
const modelRefSchema = z.string().refine((ref) => parseModelRef(ref) !== null, {
  message: 'write a model as PROFILE:MODEL, e.g. "oa:gpt-4o-mini"'
})

export const profilesFileSchema = z.strictObject({
  profiles: z.array(providerProfileSchema),
  defaults: z.strictObject({ panes: z.array(modelRefSchema).optional() }).optional()
})

export interface ProfilesFile {
  profiles: ProviderProfile[]
  defaultPanes: string[]
}

/** A profiles file that cannot be used, with every problem named. Never carries a stack trace to the user. */
export class ConfigError extends Error {
  // Fields declared apart from the constructor: Node's type stripping cannot run parameter properties.
  readonly file: string
  readonly problems: string[]

  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `\n  ${problems.join('\n  ')}`}`)
    this.file = file
    this.problems = problems
    this.name = 'ConfigError'
  }
}

export function parseProfilesFile(text: string, file: string): ProfilesFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON (${(error as Error).message})`])
  }
  const parsed = profilesFileSchema.safeParse(json)
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error))
  const { profiles, defaults } = parsed.data
  const problems = crossCheck(profiles, defaults?.panes ?? [])
  if (problems.length > 0) throw new ConfigError(file, problems)
  return { profiles, defaultPanes: defaults?.panes ?? [] }
}

export async function readProfilesFile(file: string): Promise<ProfilesFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ConfigError(file, [code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'unknown error'})`])
  }
  return parseProfilesFile(text, file)
}

/** What a schema cannot see: ids used twice, default panes naming a profile that is not there. */
function crossCheck(profiles: ProviderProfile[], panes: string[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  profiles.forEach((profile, index) => {
    if (seen.has(profile.id)) problems.push(`profiles[${index}].id: "${profile.id}" is used by another profile`)
    seen.add(profile.id)
  })
  panes.forEach((ref, index) => {
    const profileId = parseModelRef(ref)?.profileId
    if (profileId && !seen.has(profileId)) {
      problems.push(`defaults.panes[${index}]: no profile with id "${profileId}"`)
    }
  })
  return problems
}
