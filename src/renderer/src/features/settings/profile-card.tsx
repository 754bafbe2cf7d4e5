import { useEffect, useId, useRef, useState } from 'react'
import type { KeyStatus } from '../../../../shared/credentials'
import type { ProviderProfile } from '../../../../shared/profiles'
import { juxta } from '../../ipc'
import { KeyPanel } from './key-panel'
import { ModelOverrides } from './model-overrides'
import { ProfileEditor } from './profile-editor'

export interface ProfileCardProps {
  profile: ProviderProfile
  status: KeyStatus | undefined
  /** Profiles from a --config file, or the presets before anything is saved: nothing to edit or delete here. */
  saved: boolean
  readOnly: boolean
  takenIds: ReadonlySet<string>
  onChanged(): void
  onStatus(status: KeyStatus): void
}

const KIND_LABEL = { openai: 'OpenAI-compatible', anthropic: 'Anthropic' } as const

/** One provider profile: what it is, edit and delete, its API key, its models' overrides. */
export function ProfileCard({ profile, status, saved, readOnly, takenIds, onChanged, onStatus }: ProfileCardProps) {
  const client = juxta()
  const headingId = useId()
  const name = profile.name || profile.id
  const [mode, setMode] = useState<'idle' | 'editing' | 'confirming-delete'>('idle')
  const [error, setError] = useState<string | null>(null)
  const editButton = useRef<HTMLButtonElement>(null)
  const cancelDelete = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (mode === 'confirming-delete') cancelDelete.current?.focus()
  }, [mode])

  const backToIdle = (): void => {
    setMode('idle')
    requestAnimationFrame(() => editButton.current?.focus())
  }

  const remove = async (): Promise<void> => {
    const result = await client.invoke('profiles.delete', { id: profile.id })
    if (!result.ok) return setError(result.error.message)
    // A key saved for a profile that is gone would linger in the keychain with nothing to use it.
    await client.invoke('keys.delete', { profileId: profile.id })
    onChanged()
  }

  const editable = saved && !readOnly
  return (
    <article className="settings-profile" aria-labelledby={headingId}>
      <header className="settings-profile-header">
        <div>
          <h4 id={headingId}>{name}</h4>
          <p className="settings-profile-facts">
            <code>{profile.id}</code> · {KIND_LABEL[profile.kind]} · {profile.baseURL ?? 'the vendor’s default URL'}
            {profile.local && ' · on this machine'}
          </p>
        </div>
        {editable && mode !== 'editing' && (
          <div className="settings-buttons">
            <button ref={editButton} type="button" aria-label={`Edit ${name}`} onClick={() => setMode('editing')}>
              Edit
            </button>
            <button type="button" className="settings-danger" aria-label={`Delete ${name}`} onClick={() => setMode('confirming-delete')}>
              Delete
            </button>
          </div>
        )}
      </header>

      {mode === 'confirming-delete' && (
        <div
          className="settings-confirm"
          role="group"
          aria-label={`Delete ${name}?`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return
            // Handled here: neither the view around it nor the window's shortcuts (Escape stops answers) act on it.
            event.preventDefault()
            event.stopPropagation()
            backToIdle()
          }}
        >
          <p>Delete the profile “{name}”? Its saved API key is deleted too. Conversations that used it stay in the history.</p>
          <div className="settings-buttons">
            <button type="button" className="settings-danger" onClick={() => void remove()}>
              Delete profile
            </button>
            <button ref={cancelDelete} type="button" onClick={backToIdle}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="settings-field-error" role="alert">
          {error}
        </p>
      )}

      {mode === 'editing' ? (
        <ProfileEditor
          initial={profile}
          mode="edit"
          takenIds={takenIds}
          onSaved={() => {
            backToIdle()
            onChanged()
          }}
          onCancel={backToIdle}
        />
      ) : (
        <>
          <KeyPanel profile={profile} status={status} onStatus={onStatus} />
          <ModelOverrides profile={profile} readOnly={!editable} onSaved={onChanged} />
        </>
      )}
    </article>
  )
}
