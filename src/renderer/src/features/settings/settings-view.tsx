import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import type { KeysOverview, ProfileList } from '../../../../shared/contract/juxta-contract'
import type { KeyStatus } from '../../../../shared/credentials'
import type { ProviderProfile } from '../../../../shared/profiles'
import type { Settings } from '../../../../shared/settings'
import { juxta } from '../../ipc'
import { DefaultsSection } from './defaults-section'
import { SelectField } from './fields'
import { LocalServersSection } from './local-servers-section'
import { ProfileCard } from './profile-card'
import { ProfileEditor } from './profile-editor'
import './settings-view.css'

export { applyTheme, type Theme } from './theme'

export interface SettingsViewProps {
  onClose(): void
  /** Every time a setting is saved here, with all the settings as saved (the shell's store can follow). */
  onSettingsChange?(settings: Settings): void
  /** Every time a profile is added, edited or deleted here. */
  onProfilesChange?(): void
}

type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string }

/** Templates for a profile that is no preset: the two wire formats, at a URL the user gives. */
const CUSTOM_TEMPLATES: Record<string, ProviderProfile> = {
  'custom:openai': { id: '', kind: 'openai', name: '', models: [] },
  'custom:anthropic': { id: '', kind: 'anthropic', name: '', models: [] }
}

/**
 * Settings: provider profiles (from presets or a custom endpoint; edit, delete), each profile's
 * API key and model overrides, local servers found running, default panes, the request limit per
 * endpoint and the theme. Everything is saved in main as soon as it is confirmed.
 */
export function SettingsView({ onClose, onSettingsChange, onProfilesChange }: SettingsViewProps) {
  const client = juxta()
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const [profiles, setProfiles] = useState<Loaded<ProfileList>>({ state: 'loading' })
  const [keys, setKeys] = useState<KeysOverview | null>(null)
  const [keysError, setKeysError] = useState<string | null>(null)
  const [settings, setSettings] = useState<Loaded<Settings>>({ state: 'loading' })
  const [presets, setPresets] = useState<ProviderProfile[]>([])
  const [reloads, setReloads] = useState(0)
  const onProfilesChangeRef = useRef(onProfilesChange)
  useEffect(() => {
    onProfilesChangeRef.current = onProfilesChange
  })
  const reload = useCallback(() => {
    setReloads((count) => count + 1)
    onProfilesChangeRef.current?.()
  }, [])

  // The heading takes focus, so a screen reader says where the user is and Tab starts at the top.
  useEffect(() => heading.current?.focus(), [])

  useEffect(() => {
    let current = true
    void Promise.all([client.invoke('profiles.list', {}), client.invoke('keys.status', {})]).then(([list, status]) => {
      if (!current) return
      setProfiles(list.ok ? { state: 'ready', value: list.value } : { state: 'failed', message: list.error.message })
      if (status.ok) setKeys(status.value)
      setKeysError(status.ok ? null : status.error.message)
    })
    return () => {
      current = false
    }
  }, [client, reloads])

  useEffect(() => {
    let current = true
    void Promise.all([client.invoke('settings.get', {}), client.invoke('profiles.presets', {})]).then(([got, presetList]) => {
      if (!current) return
      setSettings(got.ok ? { state: 'ready', value: got.value } : { state: 'failed', message: got.error.message })
      if (presetList.ok) setPresets(presetList.value)
    })
    return () => {
      current = false
    }
  }, [client])

  const onStatus = useCallback((status: KeyStatus): void => {
    setKeys((overview) => overview && { ...overview, statuses: [...overview.statuses.filter((each) => each.profileId !== status.profileId), status] })
  }, [])

  const list = profiles.state === 'ready' ? profiles.value : null
  const savedProfiles = useMemo(() => (list?.source === 'saved' ? list.profiles : []), [list])
  const takenIds = useMemo(() => new Set(savedProfiles.map((profile) => profile.id)), [savedProfiles])

  return (
    <section
      className="settings-view"
      aria-labelledby={headingId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.defaultPrevented) return
        // Closing Settings is all this Escape does (the window's shortcut would also stop answers).
        event.preventDefault()
        onClose()
      }}
    >
      <header className="settings-view-header">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Settings
        </h2>
        <button type="button" onClick={onClose} aria-label="Close settings">
          Close
        </button>
      </header>

      <div className="settings-view-body">
        <section className="settings-section" aria-labelledby={`${headingId}-profiles`}>
          <h3 id={`${headingId}-profiles`}>Provider profiles</h3>
          {keys?.backend.note && keys.backend.kind !== 'keychain' && (
            <p className="settings-note">
              <strong>{keys.backend.kind === 'session' ? 'Keys are kept for this session only. ' : 'Keys are kept in an encrypted file. '}</strong>
              {keys.backend.note}
            </p>
          )}
          {keysError && (
            <p className="settings-field-error" role="alert">
              Could not tell which profiles have keys: {keysError}
            </p>
          )}
          {profiles.state === 'loading' && <p className="settings-hint">Loading…</p>}
          {profiles.state === 'failed' && (
            <p className="settings-field-error" role="alert">
              Could not load the profiles: {profiles.message}
            </p>
          )}
          {list && (
            <>
              {list.source === 'presets' && (
                <p className="settings-note">
                  No profiles saved yet: Juxta uses the built-in presets, with keys from their environment variables. Add a profile below to
                  choose your own; from then on only the profiles you add are used.
                </p>
              )}
              {list.readOnly && <p className="settings-note">These profiles come from a profiles file (--config): edit that file to change them.</p>}
              {list.problems.length > 0 && (
                <ul className="settings-field-error" aria-label="Profiles that could not be read">
                  {list.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
              {list.source !== 'presets' &&
                list.profiles.map((profile) => (
                  <ProfileCard
                    key={profile.id}
                    profile={profile}
                    status={keys?.statuses.find((status) => status.profileId === profile.id)}
                    saved={list.source === 'saved'}
                    readOnly={list.readOnly}
                    takenIds={takenIds}
                    onChanged={reload}
                    onStatus={onStatus}
                  />
                ))}
              {!list.readOnly && <AddProfile presets={presets} takenIds={takenIds} onAdded={reload} />}
            </>
          )}
        </section>

        <LocalServersSection saved={savedProfiles} readOnly={list?.readOnly ?? true} onAdded={reload} />

        {settings.state === 'ready' && (
          <DefaultsSection
            settings={settings.value}
            profiles={list?.profiles ?? []}
            onSettings={(next) => {
              setSettings({ state: 'ready', value: next })
              onSettingsChange?.(next)
            }}
          />
        )}
        {settings.state === 'failed' && (
          <p className="settings-field-error" role="alert">
            Could not load the settings: {settings.message}
          </p>
        )}
      </div>
    </section>
  )
}

function AddProfile({ presets, takenIds, onAdded }: { presets: ProviderProfile[]; takenIds: ReadonlySet<string>; onAdded(): void }) {
  const headingId = useId()
  const [choice, setChoice] = useState('')
  const template = choice.startsWith('preset:') ? presets.find((preset) => `preset:${preset.id}` === choice) : CUSTOM_TEMPLATES[choice]

  return (
    <div className="settings-add" role="group" aria-labelledby={headingId}>
      <h4 id={headingId}>Add a profile</h4>
      <SelectField label="Start from" value={choice} onValue={setChoice}>
        <option value="">Choose a preset or a custom endpoint…</option>
        <optgroup label="Presets">
          {presets.map((preset) => (
            <option key={preset.id} value={`preset:${preset.id}`} disabled={takenIds.has(preset.id)}>
              {preset.name ?? preset.id}
              {takenIds.has(preset.id) ? ' (added)' : ''}
            </option>
          ))}
        </optgroup>
        <optgroup label="Custom endpoint">
          <option value="custom:openai">OpenAI-compatible endpoint</option>
          <option value="custom:anthropic">Anthropic endpoint</option>
        </optgroup>
      </SelectField>
      {template && (
        <ProfileEditor
          // A new choice starts a new form.
          key={choice}
          initial={template}
          mode="add"
          takenIds={takenIds}
          onSaved={() => {
            setChoice('')
            onAdded()
          }}
          onCancel={() => setChoice('')}
        />
      )}
    </div>
  )
}
