import { type FormEvent, useId, useState } from 'react'
import type { ProviderProfile } from '../../../../shared/profiles'
import type { SettingKey, Settings } from '../../../../shared/settings'
import { juxta } from '../../ipc'
import { InputField, Outcome, type OutcomeState } from './fields'
import { type Theme, applyTheme } from './theme'

export interface DefaultsSectionProps {
  settings: Settings
  profiles: ProviderProfile[]
  onSettings(settings: Settings): void
}

const THEMES: Array<{ value: Theme; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

/** Default panes, the per-endpoint request limit, the stall timeouts and the theme. */
export function DefaultsSection({ settings, profiles, onSettings }: DefaultsSectionProps) {
  const client = juxta()
  const headingId = useId()

  const save = async <K extends SettingKey>(key: K, value: Settings[K]): Promise<string | null> => {
    const result = await client.invoke('settings.set', { key, value } as never)
    if (!result.ok) return result.error.issues?.map((issue) => issue.replace(/^value(\[\d+\])?: /, '')).join('; ') ?? result.error.message
    onSettings(result.value as Settings)
    return null
  }

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Defaults</h3>
      <DefaultPanes panes={settings.defaultPanes} profiles={profiles} save={(panes) => save('defaultPanes', panes)} />
      <ConcurrencyLimit limit={settings.concurrencyPerEndpoint} save={(limit) => save('concurrencyPerEndpoint', limit)} />
      <StallTimeouts
        firstEventSeconds={settings.firstEventTimeoutSeconds}
        idleSeconds={settings.idleTimeoutSeconds}
        save={async (first, idle) => (await save('firstEventTimeoutSeconds', first)) ?? (await save('idleTimeoutSeconds', idle))}
      />
      <ThemeChoice theme={settings.theme} save={(theme) => save('theme', theme)} />
    </section>
  )
}

function DefaultPanes({ panes, profiles, save }: { panes: string[]; profiles: ProviderProfile[]; save(panes: string[]): Promise<string | null> }) {
  const listId = useId()
  const [entry, setEntry] = useState('')
  const [outcome, setOutcome] = useState<OutcomeState>(null)
  const known = profiles.flatMap((profile) => profile.models.map((model) => `${profile.id}:${model.id}`))

  const change = async (next: string[], done: string): Promise<boolean> => {
    const problem = await save(next)
    setOutcome(problem ? { tone: 'error', text: problem } : { tone: 'ok', text: done })
    return !problem
  }

  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const ref = entry.trim()
    if (!ref) return
    if (ref.indexOf(':') <= 0 || ref.endsWith(':')) return setOutcome({ tone: 'error', text: 'Write a model as PROFILE:MODEL, e.g. “openai:gpt-4o-mini”.' })
    if (await change([...panes, ref], `Added ${ref}.`)) setEntry('')
  }

  const move = (index: number, by: -1 | 1): void => {
    const next = [...panes]
    const [taken] = next.splice(index, 1)
    next.splice(index + by, 0, taken!)
    void change(next, `Moved ${taken} ${by < 0 ? 'up' : 'down'}.`)
  }

  return (
    <fieldset className="settings-panes">
      <legend>Default panes</legend>
      <p className="settings-hint">A new comparison opens with these models, left to right (a model listed twice runs twice).</p>
      {panes.length === 0 ? (
        <p className="settings-hint">None yet.</p>
      ) : (
        <ol className="settings-pane-list" aria-label="Default panes">
          {panes.map((ref, index) => (
            <li key={`${index}-${ref}`}>
              <code>{ref}</code>
              <span className="settings-buttons">
                <button type="button" aria-label={`Move ${ref} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                  ↑
                </button>
                <button type="button" aria-label={`Move ${ref} down`} disabled={index === panes.length - 1} onClick={() => move(index, 1)}>
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={`Remove ${ref} from the default panes`}
                  onClick={() => void change(panes.filter((_, at) => at !== index), `Removed ${ref}.`)}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <form className="settings-inline-form" onSubmit={(event) => void add(event)}>
        <InputField label="Add a default pane" value={entry} onValue={setEntry} list={listId} placeholder="profile:model" spellCheck={false} autoComplete="off" />
        <datalist id={listId}>
          {known.map((ref) => (
            <option key={ref} value={ref} />
          ))}
        </datalist>
        <div className="settings-buttons">
          <button type="submit" disabled={!entry.trim()}>
            Add pane
          </button>
        </div>
      </form>
      <Outcome outcome={outcome} />
    </fieldset>
  )
}

function ConcurrencyLimit({ limit, save }: { limit: number | null; save(limit: number | null): Promise<string | null> }) {
  const [value, setValue] = useState(limit === null ? '' : String(limit))
  const [error, setError] = useState<string | undefined>(undefined)
  const [outcome, setOutcome] = useState<OutcomeState>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const text = value.trim()
    const next = text === '' ? null : Number(text)
    if (next !== null && (!Number.isInteger(next) || next < 1 || next > 64)) return setError('A whole number from 1 to 64, or blank for no limit.')
    const problem = await save(next)
    setError(problem ?? undefined)
    setOutcome(problem ? null : { tone: 'ok', text: next === null ? 'No limit.' : `At most ${next} at once per endpoint.` })
  }

  return (
    <form className="settings-inline-form" noValidate onSubmit={(event) => void submit(event)}>
      <InputField
        label="Requests at once per endpoint"
        value={value}
        onValue={(text) => {
          setValue(text)
          setError(undefined)
          setOutcome(null)
        }}
        error={error}
        hint="Panes over the limit wait their turn. Blank: no limit."
        type="number"
        inputMode="numeric"
        min={1}
        max={64}
        step={1}
        placeholder="No limit"
      />
      <div className="settings-buttons">
        <button type="submit">Save limit</button>
      </div>
      <Outcome outcome={outcome} />
    </form>
  )
}

const TIMEOUT_RANGE = { min: 5, max: 3600 }

function StallTimeouts(props: { firstEventSeconds: number; idleSeconds: number; save(first: number, idle: number): Promise<string | null> }) {
  const [first, setFirst] = useState(String(props.firstEventSeconds))
  const [idle, setIdle] = useState(String(props.idleSeconds))
  const [errors, setErrors] = useState<{ first?: string; idle?: string }>({})
  const [outcome, setOutcome] = useState<OutcomeState>(null)
  const problemOf = (text: string): string | undefined => {
    const seconds = Number(text.trim())
    return text.trim() !== '' && Number.isInteger(seconds) && seconds >= TIMEOUT_RANGE.min && seconds <= TIMEOUT_RANGE.max
      ? undefined
      : `Whole seconds from ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max}.`
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const found = { first: problemOf(first), idle: problemOf(idle) }
    setErrors(found)
    if (found.first || found.idle) return
    const problem = await props.save(Number(first), Number(idle))
    setOutcome(problem ? { tone: 'error', text: problem } : { tone: 'ok', text: 'Saved: the next answers use these limits.' })
  }
  const field = (label: string, value: string, setValue: (text: string) => void, error: string | undefined, hint: string) => (
    <InputField
      label={label}
      value={value}
      onValue={(text) => {
        setValue(text)
        setErrors({})
        setOutcome(null)
      }}
      error={error}
      hint={hint}
      type="number"
      inputMode="numeric"
      min={TIMEOUT_RANGE.min}
      max={TIMEOUT_RANGE.max}
      step={1}
    />
  )

  return (
    <form className="settings-inline-form" noValidate onSubmit={(event) => void submit(event)}>
      {field('Seconds to wait for the first token', first, setFirst, errors.first, 'Reasoning models may think for minutes before they answer.')}
      {field('Seconds of silence mid-answer', idle, setIdle, errors.idle, 'After this long without a token the answer is ended as stalled, keeping its text.')}
      <div className="settings-buttons">
        <button type="submit">Save timeouts</button>
      </div>
      <Outcome outcome={outcome} />
    </form>
  )
}

function ThemeChoice({ theme, save }: { theme: Theme; save(theme: Theme): Promise<string | null> }) {
  // The choice shows at once; the saved setting catches up (or, when saving fails, puts it back).
  const [chosen, setChosen] = useState<Theme | null>(null)
  const [error, setError] = useState<string | null>(null)
  const shown = chosen ?? theme

  const choose = async (next: Theme): Promise<void> => {
    setChosen(next)
    setError(null)
    applyTheme(next)
    const problem = await save(next)
    setChosen(null)
    if (problem) {
      applyTheme(theme)
      setError(`The theme was not saved: ${problem}`)
    }
  }

  return (
    <fieldset className="settings-theme">
      <legend>Theme</legend>
      {THEMES.map(({ value, label }) => (
        <label key={value}>
          <input type="radio" name="juxta-theme" value={value} checked={shown === value} onChange={() => void choose(value)} />
          {label}
        </label>
      ))}
      {error && (
        <p className="settings-field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}
