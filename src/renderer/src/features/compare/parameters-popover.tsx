import { memo, useId, useState } from 'react'
import { REASONING_EFFORTS, type ReasoningEffort } from '../../../../shared/generation'
import type { ModelParameters } from '../../../../shared/history'
import { juxtaActions } from '../../store'


/** A number field that keeps what is typed, and gives the store a value only when it is valid ('' = the default). */
function NumberField({ label, value, min, max, step, integer, onValue }: { label: string; value: number | undefined; min: number; max?: number; step: number; integer?: boolean; onValue(value: number | undefined): void }) {
  const id = useId()
  const [text, setText] = useState(value === undefined ? '' : String(value))
  const [shown, setShown] = useState(value)
  // The store changed from elsewhere (a conversation opened): show its value.
  if (shown !== value) {
    setShown(value)
    setText(value === undefined ? '' : String(value))
  }
  const parse = (input: string): { ok: boolean; number: number | undefined } => {
    if (input.trim() === '') return { ok: true, number: undefined }
    const number = Number(input)
    const ok = Number.isFinite(number) && number >= min && (max === undefined || number <= max) && (!integer || Number.isInteger(number))
    return { ok, number }
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        placeholder="default"
        value={text}
        aria-invalid={!parse(text).ok || undefined}
        onChange={(event) => {
          setText(event.target.value)
          const { ok, number } = parse(event.target.value)
          if (!ok) return
          setShown(number)
          onValue(number)
        }}
      />
    </div>
  )
}

/** The pane's generation parameters and system prompt, in a disclosure over the pane. */
export const ParametersPopover = memo(function ParametersPopover({ paneId, parameters, systemPrompt }: { paneId: string; parameters: ModelParameters; systemPrompt: string }) {
  const systemId = useId()
  const effortId = useId()
  const changed = Object.values(parameters).some((value) => value !== undefined) || systemPrompt !== ''
  const set = (change: Partial<ModelParameters>): void => {
    const next: ModelParameters = { ...parameters, ...change }
    for (const key of Object.keys(next) as Array<keyof ModelParameters>) if (next[key] === undefined) delete next[key]
    juxtaActions().setPaneParameters(paneId, next)
  }
  return (
    <details className="popover parameters">
      <summary aria-label={changed ? 'Parameters (changed)' : 'Parameters'}>
        Parameters{changed && <span className="dot" aria-hidden="true" />}
      </summary>
      <div className="popover-body" role="group" aria-label="Parameters">
        <NumberField label="Temperature" value={parameters.temperature} min={0} max={2} step={0.1} onValue={(temperature) => set({ temperature })} />
        <NumberField label="Max tokens" value={parameters.maxTokens} min={1} step={1} integer onValue={(maxTokens) => set({ maxTokens })} />
        <div className="field">
          <label htmlFor={effortId}>Reasoning effort</label>
          <select
            id={effortId}
            value={parameters.reasoningEffort ?? ''}
            onChange={(event) => set({ reasoningEffort: (event.target.value || undefined) as ReasoningEffort | undefined })}
          >
            <option value="">default</option>
            {REASONING_EFFORTS.map((effort) => (
              <option key={effort} value={effort}>
                {effort}
              </option>
            ))}
          </select>
        </div>
        <NumberField label="Thinking budget (tokens)" value={parameters.thinkingBudget} min={1} step={256} integer onValue={(thinkingBudget) => set({ thinkingBudget })} />
        <div className="field field-wide">
          <label htmlFor={systemId}>System prompt</label>
          <textarea
            id={systemId}
            rows={3}
            placeholder="none"
            value={systemPrompt}
            onChange={(event) => juxtaActions().setPaneSystemPrompt(paneId, event.target.value)}
          />
        </div>
      </div>
    </details>
  )
})
