import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react'

interface FieldFrame {
  label: string
  /** Shown under the field and tied to it (aria-describedby); marks it invalid. */
  error?: string | undefined
  hint?: ReactNode
  className?: string
}

function describedBy(id: string, error: unknown, hint: unknown): string | undefined {
  return [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined
}

function Frame({ id, label, error, hint, className, children }: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className={`settings-field${error ? ' settings-field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="settings-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="settings-field-error">
          {error}
        </p>
      )}
    </div>
  )
}

type InputFieldProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className'> & { value: string; onValue(value: string): void }

/** A labelled input with its hint and its error beside it. */
export function InputField({ label, error, hint, className, value, onValue, ...input }: InputFieldProps) {
  const id = useId()
  return (
    <Frame id={id} label={label} error={error} hint={hint} {...(className !== undefined && { className })}>
      <input
        id={id}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
    </Frame>
  )
}

type SelectFieldProps = FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'className'> & { value: string; onValue(value: string): void; children: ReactNode }

export function SelectField({ label, error, hint, className, value, onValue, children, ...select }: SelectFieldProps) {
  const id = useId()
  return (
    <Frame id={id} label={label} error={error} hint={hint} {...(className !== undefined && { className })}>
      <select
        id={id}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...select}
      >
        {children}
      </select>
    </Frame>
  )
}

/** A sentence that appears after an action: read out politely, styled by its tone. */
export function Outcome({ outcome }: { outcome: { tone: 'ok' | 'error' | 'info'; text: string } | null }) {
  return (
    <p className={`settings-outcome${outcome ? ` settings-outcome-${outcome.tone}` : ''}`} aria-live="polite">
      {outcome?.text}
    </p>
  )
}

export type OutcomeState = { tone: 'ok' | 'error' | 'info'; text: string } | null
