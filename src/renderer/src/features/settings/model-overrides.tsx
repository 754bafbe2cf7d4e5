import { type FormEvent, useEffect, useId, useState } from 'react'
import type { ResolvedModel } from '../../../../shared/catalog'
import type { ModelConfig, ProviderProfile } from '../../../../shared/profiles'
import { juxta } from '../../ipc'
import { InputField, Outcome, type OutcomeState, SelectField } from './fields'
import { type FormErrors, NO_ERRORS, formErrors, numberOrUndefined } from './route-errors'

export interface ModelOverridesProps {
  profile: ProviderProfile
  readOnly: boolean
  onSaved(profile: ProviderProfile): void
}

/** The fields of one model's overrides, as typed (blank: the catalog's value). */
interface Draft {
  input: string
  output: string
  cachedInput: string
  cacheWrite: string
  contextWindow: string
  maxOutputTokens: string
  size: '' | 'large' | 'small'
}

const text = (value: number | undefined): string => (value === undefined ? '' : String(value))

function draftOf(model: ModelConfig): Draft {
  return {
    input: text(model.price?.input),
    output: text(model.price?.output),
    cachedInput: text(model.price?.cachedInput),
    cacheWrite: text(model.price?.cacheWrite),
    contextWindow: text(model.contextWindow),
    maxOutputTokens: text(model.maxOutputTokens),
    size: model.size ?? ''
  }
}

/** The field each draft entry is saved to, as the route names it under models[i]. */
const FIELD_PATHS: Record<Exclude<keyof Draft, 'size'>, string> = {
  input: 'price.input',
  output: 'price.output',
  cachedInput: 'price.cachedInput',
  cacheWrite: 'price.cacheWrite',
  contextWindow: 'contextWindow',
  maxOutputTokens: 'maxOutputTokens'
}

/**
 * What each blank field falls back to, as placeholders: the model as resolved with the saved
 * overrides, so a field saved blank shows the catalog's value (a local server's price is 0).
 */
function fallbacks(resolved: ResolvedModel | undefined): Record<keyof Draft, string> {
  const blank = { input: 'catalog', output: 'catalog', cachedInput: 'catalog', cacheWrite: 'catalog', contextWindow: 'catalog', maxOutputTokens: 'catalog', size: '' }
  if (!resolved) return blank
  const source = resolved.priceSource.kind
  // A saved price replaces the catalog's as a whole: nothing to show behind it.
  const price = source === 'user' ? undefined : resolved.price
  const priced = (value: number | undefined): string =>
    source === 'unknown' ? 'unknown' : `${source === 'local' ? 'local' : 'catalog'}: ${value ?? '—'}`
  const limit = (value: number | null, from: string | undefined): string =>
    from === 'user' ? 'catalog' : value === null ? 'unknown' : `catalog: ${value}`
  return {
    input: price === undefined ? blank.input : priced(price?.input),
    output: price === undefined ? blank.output : priced(price?.output),
    cachedInput: price === undefined ? blank.cachedInput : priced(price?.cachedInput),
    cacheWrite: price === undefined ? blank.cacheWrite : priced(price?.cacheWrite),
    contextWindow: limit(resolved.contextWindow, resolved.limitsSource?.contextWindow.kind),
    maxOutputTokens: limit(resolved.maxOutputTokens, resolved.limitsSource?.maxOutputTokens.kind),
    size: resolved.size ?? ''
  }
}

/** The model entry with the draft applied; the problems found before sending, by field path. */
function applyDraft(model: ModelConfig, draft: Draft): { model: ModelConfig; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  const numbers = {} as Record<keyof typeof FIELD_PATHS, number | undefined>
  for (const field of Object.keys(FIELD_PATHS) as Array<keyof typeof FIELD_PATHS>) {
    const value = numberOrUndefined(draft[field])
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) problems[FIELD_PATHS[field]] = 'Enter a number, 0 or more.'
    numbers[field] = value
  }
  const anyPrice = [numbers.input, numbers.output, numbers.cachedInput, numbers.cacheWrite].some((value) => value !== undefined)
  if (anyPrice && numbers.input === undefined) problems['price.input'] ??= 'A price needs the input price too.'
  if (anyPrice && numbers.output === undefined) problems['price.output'] ??= 'A price needs the output price too.'

  // Fields this form does not edit (name, reasoning) stay as they were.
  const { price: _price, contextWindow: _context, maxOutputTokens: _max, size: _size, ...kept } = model
  const next: ModelConfig = {
    ...kept,
    ...(anyPrice && {
      price: {
        input: numbers.input ?? 0,
        output: numbers.output ?? 0,
        ...(numbers.cachedInput !== undefined && { cachedInput: numbers.cachedInput }),
        ...(numbers.cacheWrite !== undefined && { cacheWrite: numbers.cacheWrite })
      }
    }),
    ...(numbers.contextWindow !== undefined && { contextWindow: numbers.contextWindow }),
    ...(numbers.maxOutputTokens !== undefined && { maxOutputTokens: numbers.maxOutputTokens }),
    ...(draft.size && { size: draft.size })
  }
  return { model: next, problems }
}

/**
 * Per-model overrides of the catalog: prices (USD per million tokens), context window, max output
 * and size, saved into the profile's `models` entry. Blank fields keep the catalog's values.
 */
export function ModelOverrides({ profile, readOnly, onSaved }: ModelOverridesProps) {
  const client = juxta()
  const listId = useId()
  const [newModel, setNewModel] = useState('')
  const [suggestions, setSuggestions] = useState<string[]>([])
  const [outcome, setOutcome] = useState<OutcomeState>(null)
  const [resolved, setResolved] = useState<Readonly<Record<string, ResolvedModel>>>({})

  // Described again whenever the saved models change: the fallbacks follow what was saved.
  const described = JSON.stringify(profile.models.map((model) => `${profile.id}:${model.id}`))
  const savedModels = JSON.stringify(profile.models)
  useEffect(() => {
    const refs = JSON.parse(described) as string[]
    if (refs.length === 0) return
    let current = true
    void client.invoke('models.describe', { models: refs.slice(0, 256) }).then((result) => {
      if (current && result.ok) setResolved(Object.fromEntries(result.value.map((model) => [model.modelId, model])))
    })
    return () => {
      current = false
    }
  }, [client, described, savedModels])

  const saveModels = async (models: ModelConfig[]): Promise<{ ok: true } | { ok: false; errors: FormErrors }> => {
    const result = await client.invoke('profiles.save', { profile: { ...profile, models } })
    if (!result.ok) return { ok: false, errors: formErrors(result.error, 'profile.', () => true) }
    onSaved(result.value)
    return { ok: true }
  }

  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const id = newModel.trim()
    if (!id) return
    if (profile.models.some((model) => model.id === id)) return setOutcome({ tone: 'error', text: `“${id}” is already listed.` })
    const saved = await saveModels([...profile.models, { id }])
    if (!saved.ok) return setOutcome({ tone: 'error', text: saved.errors.general ?? Object.values(saved.errors.fields).join('; ') })
    setNewModel('')
    setOutcome({ tone: 'ok', text: `Added ${id}.` })
  }

  const listEndpoint = async (): Promise<void> => {
    setOutcome({ tone: 'info', text: 'Asking the endpoint…' })
    const result = await client.invoke('models.list', { profileId: profile.id })
    if (!result.ok) return setOutcome({ tone: 'error', text: result.error.message })
    setSuggestions(result.value.map((model) => model.id))
    setOutcome({ tone: 'ok', text: `The endpoint lists ${result.value.length} ${result.value.length === 1 ? 'model' : 'models'}; pick one in the model field.` })
  }

  return (
    <div className="settings-models">
      <h4>Models, prices and limits</h4>
      <p className="settings-hint">Blank fields use the model catalog. Prices are USD per million tokens.</p>
      {profile.models.length === 0 && <p className="settings-hint">No models listed: add the ones you use.</p>}
      {profile.models.map((model, index) => (
        <ModelFieldset
          key={model.id}
          model={model}
          fallback={fallbacks(resolved[model.id])}
          readOnly={readOnly}
          onSave={async (next) => {
            const saved = await saveModels(profile.models.map((each, at) => (at === index ? next : each)))
            if (saved.ok) return NO_ERRORS
            // Only this model's fields, by the names the fieldset uses.
            const prefix = `models[${index}].`
            const fields: Record<string, string> = {}
            const rest: string[] = saved.errors.general ? [saved.errors.general] : []
            for (const [path, message] of Object.entries(saved.errors.fields)) {
              if (path.startsWith(prefix)) fields[path.slice(prefix.length)] = message
              else rest.push(`${path}: ${message}`)
            }
            return { fields, general: rest.length > 0 ? rest.join('; ') : null }
          }}
          onRemove={async () => {
            const saved = await saveModels(profile.models.filter((_, at) => at !== index))
            setOutcome(saved.ok ? { tone: 'ok', text: `Removed ${model.id}.` } : { tone: 'error', text: saved.errors.general ?? 'Could not remove it.' })
          }}
        />
      ))}
      {!readOnly && (
        <form className="settings-inline-form" onSubmit={(event) => void add(event)}>
          <InputField
            label={`Model to add to ${profile.name || profile.id}`}
            value={newModel}
            onValue={setNewModel}
            list={listId}
            placeholder="e.g. gpt-4o-mini"
            spellCheck={false}
            autoComplete="off"
          />
          <datalist id={listId}>
            {suggestions.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <div className="settings-buttons">
            <button type="submit" disabled={!newModel.trim()}>
              Add model
            </button>
            <button type="button" onClick={() => void listEndpoint()}>
              List the endpoint’s models
            </button>
          </div>
        </form>
      )}
      <Outcome outcome={outcome} />
    </div>
  )
}

interface ModelFieldsetProps {
  model: ModelConfig
  /** Placeholders: what a blank field means. */
  fallback: Record<keyof Draft, string>
  readOnly: boolean
  onSave(model: ModelConfig): Promise<FormErrors>
  onRemove(): Promise<void>
}

function ModelFieldset({ model, fallback, readOnly, onSave, onRemove }: ModelFieldsetProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(model))
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [outcome, setOutcome] = useState<OutcomeState>(null)
  const [busy, setBusy] = useState(false)

  const set = (field: keyof Draft) => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }))
    setOutcome(null)
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const { model: next, problems } = applyDraft(model, draft)
    if (Object.keys(problems).length > 0) return setErrors({ fields: problems, general: null })
    setBusy(true)
    const found = await onSave(next)
    setBusy(false)
    setErrors(found)
    setOutcome(found.general === null && Object.keys(found.fields).length === 0 ? { tone: 'ok', text: 'Saved.' } : null)
  }

  const field = (name: Exclude<keyof Draft, 'size'>, label: string, integer: boolean) => (
    <InputField
      label={label}
      value={draft[name]}
      onValue={set(name)}
      error={errors.fields[FIELD_PATHS[name]]}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      min={integer ? 1 : 0}
      step={integer ? 1 : 'any'}
      placeholder={fallback[name]}
      readOnly={readOnly}
    />
  )

  return (
    <form className="settings-model" noValidate onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>{model.id}</legend>
        <div className="settings-grid">
          {field('input', 'Input price', false)}
          {field('output', 'Output price', false)}
          {field('cachedInput', 'Cached input price', false)}
          {field('cacheWrite', 'Cache write price', false)}
          {field('contextWindow', 'Context window', true)}
          {field('maxOutputTokens', 'Max output tokens', true)}
          <SelectField label="Size" value={draft.size} onValue={set('size')} error={errors.fields['size']} disabled={readOnly}>
            <option value="">From the catalog{fallback.size ? ` (${fallback.size})` : ''}</option>
            <option value="large">Large</option>
            <option value="small">Small</option>
          </SelectField>
        </div>
        {errors.general && (
          <p className="settings-field-error" role="alert">
            {errors.general}
          </p>
        )}
        {!readOnly && (
          <div className="settings-buttons">
            <button type="submit" disabled={busy}>
              Save {model.id}
            </button>
            <button type="button" className="settings-danger" disabled={busy} onClick={() => void onRemove()}>
              Remove {model.id}
            </button>
          </div>
        )}
        <Outcome outcome={outcome} />
      </fieldset>
    </form>
  )
}
