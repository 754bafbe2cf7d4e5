import { parseArgs } from 'node:util'
import type { CredentialBackend, KeyStatus } from '../../shared/credentials'
import type { ProviderProfile } from '../../shared/profiles'
import { type Workspace, loadWorkspace } from '../config/workspace'
import { CredentialError } from '../credentials/credential-error'
import type { CredentialService } from '../credentials/credential-service'
import { redactSecrets } from '../providers/redact'
import { type CliIO, EXIT, UsageError } from './cli-io'
import { renderTable } from './table'

export const KEYS_USAGE = `Usage: juxta keys set PROFILE [--config FILE]       asks for the key (not shown), or reads it piped in
       juxta keys delete PROFILE [--config FILE]
       juxta keys status [PROFILE …] [--config FILE] [--json]

Saves API keys in the system keychain, removes them, and shows which profiles have one and
from where (a saved key wins over the profile's environment variable). A key is never taken
from the command line, where shell history and process lists would keep it. At a terminal,
"keys set" asks for it and shows nothing as you type or paste; or pipe it in:
  juxta keys set openai < key.txt
  pass show openai | juxta keys set openai
`

export interface KeysCommandContext {
  dataDir: string
  /** The same service the app uses, without safeStorage (the CLI has no Electron). */
  credentials: CredentialService
}

export async function runKeysCommand(argv: string[], io: CliIO, context: KeysCommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  const [action, ...names] = positionals
  if (values.help) {
    io.stdout(KEYS_USAGE)
    return EXIT.ok
  }
  for (const name of names) refuseKeyOnCommandLine(name)
  const workspace = () => loadWorkspace({ dataDir: context.dataDir, ...(values.config && { configFile: values.config }) })
  try {
    switch (action) {
      case 'set':
        return await setKey(oneProfile(names, 'set'), io, context.credentials, await workspace())
      case 'delete':
        return await deleteKey(oneProfile(names, 'delete'), io, context.credentials, await workspace())
      case 'status':
        return await showStatus(names, values.json, io, context.credentials, await workspace())
      case undefined:
        throw new UsageError('say what to do: keys set, keys delete or keys status')
      default:
        throw new UsageError(`unknown keys action "${redactSecrets(action)}" (use set, delete or status)`)
    }
  } catch (error) {
    // A key the service refuses is bad input, like a bad flag: exit status 2.
    if (error instanceof CredentialError && error.code !== 'store_failed') throw new UsageError(error.message)
    throw error
  }
}

async function setKey(profileId: string, io: CliIO, credentials: CredentialService, workspace: Workspace): Promise<number> {
  const profile = findProfile(workspace, profileId)
  // Checked before reading the key, so nobody pastes one only to have it dropped.
  await requireLastingStore(credentials, profile)
  // At a terminal the key is typed or pasted unseen; otherwise it is piped in.
  const typed = io.readHidden ? await io.readHidden(`API key for "${profile.id}" (not shown as you type; Enter to save): `) : undefined
  if (typed === null) throw new UsageError('cancelled: no key was saved')
  const key = typed !== undefined ? typed.trim() : (await io.readStdin()).replace(/\r?\n$/, '')
  if (key === '') {
    throw new UsageError(`no key given: type or paste it when asked, or pipe it in, e.g. "juxta keys set ${profile.id} < key.txt"`)
  }
  await credentials.set(profile.id, key)
  // Saving can move to a fallback store (a keychain that reads but will not write).
  await requireLastingStore(credentials, profile)
  const status = await credentials.status(profile)
  const ending = status.lastFour ? ` (…${status.lastFour})` : ''
  io.stdout(`Saved the key for "${profile.id}"${ending} in ${describeStore(await credentials.backend())}.\n`)
  if (profile.apiKeyEnv && io.env[profile.apiKeyEnv]?.trim()) {
    io.stdout(`It is used instead of ${profile.apiKeyEnv}, which is also set.\n`)
  }
  return EXIT.ok
}

async function deleteKey(profileId: string, io: CliIO, credentials: CredentialService, workspace: Workspace): Promise<number> {
  // A profile removed from the file may still have a key saved: deleting it must work.
  const profile = workspace.profiles.find((candidate) => candidate.id === profileId)
  const removed = await credentials.delete(profileId)
  io.stdout(
    removed
      ? `Deleted the saved key for "${profileId}" from ${describeStore(await credentials.backend())}.\n`
      : `No saved key for "${profileId}".\n`
  )
  if (profile) {
    const status = await credentials.status(profile)
    if (status.source === 'environment') io.stdout(`${status.envVar} still provides a key for "${profileId}" from the environment.\n`)
  }
  return EXIT.ok
}

async function showStatus(
  names: string[],
  json: boolean,
  io: CliIO,
  credentials: CredentialService,
  workspace: Workspace
): Promise<number> {
  const profiles = names.length > 0 ? names.map((name) => findProfile(workspace, name)) : workspace.profiles
  const statuses: Array<{ profile: ProviderProfile; status: KeyStatus }> = []
  for (const profile of profiles) statuses.push({ profile, status: await credentials.status(profile) })
  const backend = await credentials.backend()

  if (json) {
    for (const { profile, status } of statuses) {
      io.stdout(`${JSON.stringify({ type: 'key-status', ...status, ...(profile.local && { local: true }) })}\n`)
    }
    io.stdout(`${JSON.stringify({ type: 'key-store', ...backend })}\n`)
    return EXIT.ok
  }
  const rows = statuses.map(({ profile, status }) => [
    status.profileId,
    status.hasKey ? 'yes' : profile.local ? 'not needed' : 'no',
    describeSource(status),
    status.lastFour ? `…${status.lastFour}` : ''
  ])
  io.stdout(renderTable(['profile', 'key', 'from', 'ends in'], rows))
  if (backend.kind === 'session') {
    // The app's note speaks of "until Juxta quits"; for a command that ends at once, say it plainly.
    io.stdout(
      `\nNo key can be saved here: the system keychain is not available (${backend.keychainProblem ?? 'unknown reason'}). Keys come from environment variables only.\n`
    )
  } else {
    io.stdout(`\nSaved keys are kept in ${describeStore(backend)}.\n`)
    if (backend.note) io.stdout(`${backend.note}\n`)
  }
  return EXIT.ok
}

/** A key saved only in this process's memory would vanish as the command exits: refuse instead. */
async function requireLastingStore(credentials: CredentialService, profile: ProviderProfile): Promise<void> {
  const backend = await credentials.backend()
  if (backend.kind !== 'session') return
  const instead = profile.apiKeyEnv ? `set ${profile.apiKeyEnv} in the environment` : 'add "apiKeyEnv" to the profile and set that variable'
  throw new Error(
    `the key was not saved: the system keychain is not available (${backend.keychainProblem ?? 'unknown reason'}), and this command has no other safe place for it. To use a key here, ${instead}.`
  )
}

function describeStore(backend: CredentialBackend): string {
  switch (backend.kind) {
    case 'keychain':
      return 'the system keychain'
    case 'encrypted-file':
      return "an encrypted file in Juxta's data folder"
    case 'session':
      return 'memory only, until this process exits'
  }
}

function describeSource(status: KeyStatus): string {
  switch (status.source) {
    case 'keychain':
      return 'keychain'
    case 'encrypted-file':
      return 'encrypted file'
    case 'session':
      return 'this session'
    case 'environment':
      return `environment (${status.envVar})`
    case null:
      return status.envVar ? `— (or set ${status.envVar})` : '—'
  }
}

function oneProfile(names: string[], action: string): string {
  if (names.length !== 1) {
    const reading = action === 'set' ? '; the key itself is read from standard input' : ''
    throw new UsageError(`keys ${action} takes one PROFILE${reading}`)
  }
  return names[0]!
}

function findProfile(workspace: Workspace, profileId: string): ProviderProfile {
  const profile = workspace.profiles.find((candidate) => candidate.id === profileId)
  if (profile) return profile
  const known = workspace.profiles.map((candidate) => candidate.id).join(', ') || 'none'
  throw new UsageError(`no profile "${profileId}" in ${workspace.source} (profiles: ${known})`)
}

/** Something key-shaped where a profile id belongs was most likely pasted by mistake. */
function refuseKeyOnCommandLine(argument: string): void {
  if (redactSecrets(argument) !== argument) {
    throw new UsageError(
      'that looks like an API key: never put a key on the command line (shell history keeps it). Pipe it in: "juxta keys set PROFILE < key.txt"'
    )
  }
}
