import { type FormEvent, useId, useState } from 'react'
import type { KeyStatus } from '../../../../shared/credentials'
import type { ProviderProfile } from '../../../../shared/profiles'
import { juxta } from '../../ipc'
import { Outcome, type OutcomeState } from './fields'

export interface KeyPanelProps {
  profile: ProviderProfile
  status: KeyStatus | undefined
  onStatus(status: KeyStatus): void
}

/** Where a profile's key comes from, in words; never the key (its last four characters at most). */
export function describeKeySource(status: KeyStatus | undefined, profile: ProviderProfile): string {
  if (!status) return 'Checking…'
  const tail = status.lastFour ? ` (ends in ${status.lastFour})` : ''
  const envNote = status.envVar && status.source !== 'environment' ? ` It is used instead of ${status.envVar}.` : ''
  switch (status.source) {
    case 'keychain':
      return `Saved in the system keychain${tail}.${envNote}`
    case 'encrypted-file':
      return `Saved in an encrypted file in Juxta's data folder${tail}.${envNote}`
    case 'session':
      return `Kept for this session only${tail}: it is forgotten when Juxta quits.${envNote}`
    case 'environment':
      return `From the environment variable ${status.envVar ?? '(unnamed)'}${tail}.`
    case null:
      if (profile.local) return 'No key needed: this server runs on this machine.'
      return status.envVar ? `No key. Paste one here, or set the environment variable ${status.envVar}.` : 'No key. Paste one here.'
  }
}

const SAVED_SOURCES = new Set(['keychain', 'encrypted-file', 'session'])

/**
 * A profile's API key: a masked field to save a new one (cleared once saved), delete the saved
 * one, and test whichever is in use. The window never holds a saved key; only main does.
 */
export function KeyPanel({ profile, status, onStatus }: KeyPanelProps) {
  const client = juxta()
  const label = `API key for ${profile.name || profile.id}`
  const sourceId = useId()
  const [key, setKey] = useState('')
  const [busy, setBusy] = useState<'saving' | 'deleting' | 'testing' | null>(null)
  const [outcome, setOutcome] = useState<OutcomeState>(null)

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!key.trim()) return setOutcome({ tone: 'error', text: 'Paste a key first.' })
    setBusy('saving')
    const result = await client.invoke('keys.set', { profileId: profile.id, key: key.trim() })
    setBusy(null)
    if (!result.ok) return setOutcome({ tone: 'error', text: result.error.message })
    // The key leaves the window's memory as soon as main has it.
    setKey('')
    onStatus(result.value.status)
    setOutcome({ tone: 'ok', text: 'Key saved.' })
  }

  const remove = async (): Promise<void> => {
    setBusy('deleting')
    const result = await client.invoke('keys.delete', { profileId: profile.id })
    setBusy(null)
    if (!result.ok) return setOutcome({ tone: 'error', text: result.error.message })
    onStatus(result.value.status)
    setOutcome({ tone: 'ok', text: result.value.removed ? 'Key deleted.' : 'There was no saved key to delete.' })
  }

  const test = async (): Promise<void> => {
    setBusy('testing')
    setOutcome({ tone: 'info', text: 'Testing…' })
    const result = await client.invoke('keys.test', { profileId: profile.id })
    setBusy(null)
    if (!result.ok) return setOutcome({ tone: 'error', text: result.error.message })
    const tested = result.value
    setOutcome(
      tested.ok
        ? { tone: 'ok', text: `OK, ${tested.models} ${tested.models === 1 ? 'model' : 'models'}` }
        : { tone: 'error', text: tested.error.message }
    )
  }

  return (
    <div className="settings-key">
      <h4>API key</h4>
      <p id={sourceId} className="settings-key-source">
        {describeKeySource(status, profile)}
      </p>
      <form className="settings-inline-form" onSubmit={(event) => void save(event)}>
        <div className="settings-field">
          <label htmlFor={`${sourceId}-input`}>{label}</label>
          <input
            id={`${sourceId}-input`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={status?.hasKey ? 'Paste a new key to replace it' : 'Paste the key'}
            aria-describedby={sourceId}
            value={key}
            maxLength={8192}
            onChange={(event) => setKey(event.target.value)}
          />
        </div>
        <div className="settings-buttons">
          <button type="submit" disabled={busy !== null || !key.trim()}>
            Save key
          </button>
          <button type="button" disabled={busy !== null || !status?.source || !SAVED_SOURCES.has(status.source)} onClick={() => void remove()}>
            Delete key
          </button>
          <button type="button" disabled={busy !== null} onClick={() => void test()}>
            Test key
          </button>
        </div>
      </form>
      <Outcome outcome={outcome} />
    </div>
  )
}
