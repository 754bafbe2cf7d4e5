import { memo, useEffect, useId, useState } from 'react'
import type { ResolvedModel } from '../../../../shared/catalog'
import type { ModelConfig } from '../../../../shared/profiles'
import { juxta } from '../../ipc'
import { formatPricePerMillion, formatTokensShort } from '../../format'
import { juxtaActions, useJuxtaStore } from '../../store'

const CUSTOM = '::other:'

/** What the picker and the pane header say about a model: size, context window, price. */
export function modelFacts(model: ResolvedModel | undefined, config: ModelConfig | undefined): { size: 'large' | 'small' | null; context: number | null; price: string | null; note: string | null } {
  const size = config?.size ?? model?.size ?? null
  const context = config?.contextWindow ?? model?.contextWindow ?? null
  const price = config?.price ?? model?.price ?? null
  let note: string | null = null
  if (model?.local) note = 'local, free'
  else if (!price) note = 'price unknown'
  if (model?.deprecated) note = note ? `${note}, deprecated` : 'deprecated'
  return { size, context, price: price ? `${formatPricePerMillion(price.input)} / ${formatPricePerMillion(price.output)} per M` : null, note }
}

function optionText(config: ModelConfig, info: ResolvedModel | undefined): string {
  const facts = modelFacts(info, config)
  const details = [facts.size, facts.context ? `${formatTokensShort(facts.context)} ctx` : null, facts.price ?? facts.note].filter(Boolean)
  return details.length > 0 ? `${config.name ?? config.id} — ${details.join(', ')}` : (config.name ?? config.id)
}

/**
 * The pane's model: every model of every profile, grouped by profile, with size, context window
 * and price; "Other model…" takes any model id for a profile (with the endpoint's own list as
 * suggestions), for profiles that list none.
 */
export const ModelPicker = memo(function ModelPicker({ paneId, model }: { paneId: string; model: string }) {
  const profiles = useJuxtaStore((state) => state.profiles?.profiles ?? null)
  const modelInfo = useJuxtaStore((state) => state.modelInfo)
  const [custom, setCustom] = useState<string | null>(null)
  const listed = (profiles ?? []).some((profile) => profile.models.some((each) => `${profile.id}:${each.id}` === model))

  return (
    <div className="model-picker">
      <select
        aria-label="Model"
        value={model}
        onChange={(event) => {
          const value = event.target.value
          if (value.startsWith(CUSTOM)) setCustom(value.slice(CUSTOM.length))
          else {
            setCustom(null)
            juxtaActions().setPaneModel(paneId, value)
          }
        }}
      >
        <option value="" disabled>
          Pick a model…
        </option>
        {model !== '' && !listed && <option value={model}>{model}</option>}
        {(profiles ?? []).map((profile) => (
          <optgroup key={profile.id} label={profile.name ? `${profile.name} (${profile.id})` : profile.id}>
            {profile.models.map((config) => {
              const ref = `${profile.id}:${config.id}`
              return (
                <option key={ref} value={ref}>
                  {optionText(config, modelInfo[ref])}
                </option>
              )
            })}
            <option value={`${CUSTOM}${profile.id}`}>Other model on {profile.name ?? profile.id}…</option>
          </optgroup>
        ))}
      </select>
      {custom !== null && <CustomModel profileId={custom} onDone={(ref) => {
        setCustom(null)
        if (ref) juxtaActions().setPaneModel(paneId, ref)
      }} />}
    </div>
  )
})

function CustomModel({ profileId, onDone }: { profileId: string; onDone(ref: string | null): void }) {
  const listId = useId()
  const [value, setValue] = useState('')
  const [suggestions, setSuggestions] = useState<string[]>([])
  useEffect(() => {
    let current = true
    void juxta()
      .invoke('models.list', { profileId })
      .then((result) => {
        if (current && result.ok) setSuggestions(result.value.map((model) => model.id).slice(0, 500))
      })
    return () => {
      current = false
    }
  }, [profileId])
  const apply = (): void => onDone(value.trim() ? `${profileId}:${value.trim()}` : null)
  return (
    <div className="custom-model">
      <input
        aria-label={`Model id on ${profileId}`}
        placeholder="model id, e.g. llama3.1:8b"
        list={listId}
        value={value}
        // The user just asked to type one.
        autoFocus
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            apply()
          } else if (event.key === 'Escape') {
            event.stopPropagation()
            onDone(null)
          }
        }}
      />
      <datalist id={listId}>
        {suggestions.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <button type="button" className="small" onClick={apply} disabled={!value.trim()}>
        Use model
      </button>
      <button type="button" className="small" onClick={() => onDone(null)}>
        Cancel
      </button>
    </div>
  )
}

/** Size badge, context window and price of the pane's model. */
export const ModelBadges = memo(function ModelBadges({ model }: { model: string }) {
  const info = useJuxtaStore((state) => state.modelInfo[model])
  const profile = useJuxtaStore((state) => state.profiles?.profiles.find((each) => each.id === model.slice(0, model.indexOf(':'))))
  if (!model) return null
  const config = profile?.models.find((each) => each.id === model.slice(model.indexOf(':') + 1))
  const facts = modelFacts(info, config)
  return (
    <p className="model-badges">
      <span className="badge badge-profile" title={`Profile ${profile?.id ?? model.slice(0, model.indexOf(':'))}`}>
        {profile?.name ?? model.slice(0, model.indexOf(':'))}
      </span>
      {facts.size && <span className={`badge badge-${facts.size}`}>{facts.size}</span>}
      {facts.context && <span className="badge">{formatTokensShort(facts.context)} context</span>}
      {facts.price && <span className="badge">{facts.price}</span>}
      {facts.note && <span className="badge badge-note">{facts.note}</span>}
    </p>
  )
})
