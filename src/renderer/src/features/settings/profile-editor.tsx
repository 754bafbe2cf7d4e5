import { type FormEvent, useState } from 'react'
import { MASKED_HEADER_VALUE } from '../../../../shared/credentials'
import type { ProviderProfile } from '../../../../shared/profiles'
import { juxta } from '../../ipc'
import { InputField, SelectField } from './fields'
import { type FormErrors, NO_ERRORS, formErrors } from './route-errors'

export interface ProfileEditorProps {
  /** The profile to edit, or the template a new one starts from (a preset, or a blank custom endpoint). */
  initial: ProviderProfile
  mode: 'add' | 'edit'
  /** Ids already saved: adding one of them again would replace it. */
  takenIds: ReadonlySet<string>
  onSaved(profile: ProviderProfile): void
  onCancel(): void
}

interface HeaderRow {
  key: number
  name: string
  value: string
  /** Saved with a credential-like value the window does not get: left blank, it keeps that value. */
  masked: boolean
}

/** Header names whose values are credentials: typed into a masked field. */
const CREDENTIAL_HEADER = /auth|key|token|secret|cookie|session|password|signature/i

/** Keys for header rows, unique across editors (a row keeps its key while its name is edited). */
let headerRowKeys = 0

const EDITOR_FIELDS = new Set(['id', 'name', 'kind', 'baseURL', 'apiKeyEnv'])

/** Adds or edits a provider profile: id, name, wire format, base URL, key variable, local, extra headers. */
export function ProfileEditor({ initial, mode, takenIds, onSaved, onCancel }: ProfileEditorProps) {
  const client = juxta()
  const [id, setId] = useState(initial.id)
  const [name, setName] = useState(initial.name ?? '')
  const [kind, setKind] = useState(initial.kind)
  const [baseURL, setBaseURL] = useState(initial.baseURL ?? '')
  const [apiKeyEnv, setApiKeyEnv] = useState(initial.apiKeyEnv ?? '')
  const [local, setLocal] = useState(initial.local ?? false)
  const [headers, setHeaders] = useState<HeaderRow[]>(() =>
    Object.entries(initial.headers ?? {}).map(([headerName, value]) => ({
      key: headerRowKeys++,
      name: headerName,
      value: value === MASKED_HEADER_VALUE ? '' : value,
      masked: value === MASKED_HEADER_VALUE
    }))
  )
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const title = mode === 'add' ? 'New profile' : `Edit ${initial.name || initial.id}`

  const updateHeader = (key: number, change: Partial<HeaderRow>): void =>
    setHeaders((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)))

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const trimmedId = id.trim()
    if (mode === 'add' && takenIds.has(trimmedId)) {
      return setErrors({ fields: { id: `A profile “${trimmedId}” exists already: choose another id, or edit that one.` }, general: null })
    }
    const headerProblems: Record<string, string> = {}
    const headerRecord: Record<string, string> = {}
    for (const row of headers) {
      const headerName = row.name.trim()
      if (!headerName && !row.value) continue
      if (!headerName) headerProblems[`headers.#${row.key}`] = 'A header needs a name.'
      else if (Object.hasOwn(headerRecord, headerName)) headerProblems[`headers.${headerName}`] = 'This header is listed twice.'
      else headerRecord[headerName] = row.masked && row.value === '' ? MASKED_HEADER_VALUE : row.value
    }
    if (Object.keys(headerProblems).length > 0) return setErrors({ fields: headerProblems, general: null })

    const profile: ProviderProfile = {
      id: trimmedId,
      kind,
      ...(name.trim() && { name: name.trim() }),
      ...(baseURL.trim() && { baseURL: baseURL.trim() }),
      ...(Object.keys(headerRecord).length > 0 && { headers: headerRecord }),
      ...(apiKeyEnv.trim() && { apiKeyEnv: apiKeyEnv.trim() }),
      ...(local && { local: true }),
      models: initial.models
    }
    setSaving(true)
    const result = await client.invoke('profiles.save', { profile })
    setSaving(false)
    if (!result.ok) {
      const shown = (field: string): boolean => EDITOR_FIELDS.has(field) || (field.startsWith('headers.') && Object.hasOwn(headerRecord, field.slice(8)))
      return setErrors(formErrors(result.error, 'profile.', shown))
    }
    setErrors(NO_ERRORS)
    onSaved(result.value)
  }

  return (
    <form
      className="settings-editor"
      aria-label={title}
      // The route's checks are the ones shown, beside each field; no browser bubbles.
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        // Closes this form, not the whole Settings view.
        // Handled here: neither the view around it nor the window's shortcuts (Escape stops answers) act on it.
        event.preventDefault()
        event.stopPropagation()
        onCancel()
      }}
    >
      <h4>{title}</h4>
      <div className="settings-grid">
        <InputField
          label="Profile id"
          value={id}
          onValue={setId}
          error={errors.fields['id']}
          hint="Used in model names, as in “openai:gpt-4o”: letters, digits, . _ -"
          readOnly={mode === 'edit'}
          required
          spellCheck={false}
          autoComplete="off"
          maxLength={100}
        />
        <InputField label="Name" value={name} onValue={setName} error={errors.fields['name']} autoComplete="off" />
        <SelectField label="Wire format" value={kind} onValue={(value) => setKind(value as ProviderProfile['kind'])} error={errors.fields['kind']}>
          <option value="openai">OpenAI-compatible</option>
          <option value="anthropic">Anthropic</option>
        </SelectField>
        <InputField
          label="Base URL"
          value={baseURL}
          onValue={setBaseURL}
          error={errors.fields['baseURL']}
          type="url"
          placeholder={kind === 'openai' ? 'https://api.openai.com/v1' : 'https://api.anthropic.com'}
          spellCheck={false}
          autoComplete="off"
        />
        <InputField
          label="Key environment variable"
          value={apiKeyEnv}
          onValue={setApiKeyEnv}
          error={errors.fields['apiKeyEnv']}
          hint="Optional: a variable Juxta reads the key from when none is saved."
          placeholder="e.g. OPENAI_API_KEY"
          spellCheck={false}
          autoComplete="off"
        />
        <div className="settings-field settings-check">
          <label>
            <input type="checkbox" checked={local} onChange={(event) => setLocal(event.target.checked)} />
            Runs on this machine (no key needed, no cost)
          </label>
        </div>
      </div>

      <fieldset className="settings-headers">
        <legend>Extra headers</legend>
        {headers.length === 0 && <p className="settings-hint">None. Some gateways want one (e.g. HTTP-Referer, an org id).</p>}
        {headers.map((row, index) => {
          const error = errors.fields[`headers.${row.name.trim()}`] ?? errors.fields[`headers.#${row.key}`]
          return (
            <div key={row.key} className="settings-header-row">
              <InputField
                label={`Header ${index + 1} name`}
                value={row.name}
                onValue={(value) => updateHeader(row.key, { name: value })}
                error={error}
                spellCheck={false}
                autoComplete="off"
              />
              <InputField
                label={`Header ${index + 1} value`}
                value={row.value}
                onValue={(value) => updateHeader(row.key, { value })}
                type={row.masked || CREDENTIAL_HEADER.test(row.name) ? 'password' : 'text'}
                placeholder={row.masked ? 'saved (leave blank to keep)' : ''}
                spellCheck={false}
                autoComplete="off"
              />
              <button type="button" onClick={() => setHeaders((rows) => rows.filter((each) => each.key !== row.key))}>
                Remove header {index + 1}
              </button>
            </div>
          )
        })}
        <button type="button" onClick={() => setHeaders((rows) => [...rows, { key: headerRowKeys++, name: '', value: '', masked: false }])}>
          Add header
        </button>
      </fieldset>

      {errors.general && (
        <p className="settings-field-error" role="alert">
          {errors.general}
        </p>
      )}
      <div className="settings-buttons">
        <button type="submit" className="settings-primary" disabled={saving}>
          {mode === 'add' ? 'Add profile' : 'Save profile'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
