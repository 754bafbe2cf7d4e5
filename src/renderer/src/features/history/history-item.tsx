import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import type { ConversationSummary } from '../../../../shared/history'
import { SnippetText } from './snippet-text'

export type ExportFormat = 'markdown' | 'json'

export interface HistoryItemProps {
  row: ConversationSummary
  active: boolean
  onOpen(): void
  /** Resolves with an error message, or null when renamed. */
  onRename(title: string): Promise<string | null>
  onDelete(): void
  onExport(format: ExportFormat): void
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function titleOf(row: Pick<ConversationSummary, 'title'>): string {
  return row.title.trim() || 'Untitled conversation'
}

/** One conversation of the list: open it, rename it in place, export it, delete it (after asking). */
export function HistoryItem({ row, active, onOpen, onRename, onDelete, onExport }: HistoryItemProps) {
  const title = titleOf(row)
  const metaId = useId()
  const [mode, setMode] = useState<'idle' | 'renaming' | 'confirming-delete' | 'choosing-export'>('idle')
  const openButton = useRef<HTMLButtonElement>(null)
  const renameButton = useRef<HTMLButtonElement>(null)
  const cancelDelete = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (mode === 'confirming-delete') cancelDelete.current?.focus()
  }, [mode])

  const finishRename = (focusBack: boolean): void => {
    setMode('idle')
    // After the form is gone, focus goes back where the user was.
    if (focusBack) requestAnimationFrame(() => renameButton.current?.focus())
  }

  return (
    <li className={`history-item${active ? ' history-item-active' : ''}`}>
      {mode === 'renaming' ? (
        <RenameForm title={row.title} label={`New title for “${title}”`} onCancel={() => finishRename(true)} onSave={onRename} onSaved={() => finishRename(true)} />
      ) : (
        <button ref={openButton} type="button" className="history-open" aria-current={active ? 'true' : undefined} aria-describedby={metaId} onClick={onOpen}>
          {title}
        </button>
      )}
      <div className="history-meta" id={metaId}>
        <time dateTime={new Date(row.updatedAt).toISOString()}>{dateFormat.format(row.updatedAt)}</time>
        {row.models.length > 0 && <span className="history-models">{row.models.join(', ')}</span>}
        {row.match && (
          <span className="history-match">
            <span className="history-match-source">{row.match.source === 'prompt' ? 'Prompt: ' : 'Answer: '}</span>
            <SnippetText snippet={row.match.snippet} />
          </span>
        )}
      </div>
      {mode !== 'renaming' && (
        <div className="history-actions" role="group" aria-label={`Actions for “${title}”`}>
          <button ref={renameButton} type="button" aria-label={`Rename “${title}”`} onClick={() => setMode('renaming')}>
            Rename
          </button>
          <button
            type="button"
            aria-label={`Export “${title}”`}
            aria-expanded={mode === 'choosing-export'}
            onClick={() => setMode(mode === 'choosing-export' ? 'idle' : 'choosing-export')}
          >
            Export
          </button>
          <button type="button" className="history-danger" aria-label={`Delete “${title}”`} onClick={() => setMode('confirming-delete')}>
            Delete
          </button>
        </div>
      )}
      {mode === 'choosing-export' && (
        <div className="history-choice" role="group" aria-label={`Export “${title}” as`}>
          <button type="button" aria-label={`Export “${title}” as Markdown`} onClick={() => {
              setMode('idle')
              onExport('markdown')
            }}>
            Markdown
          </button>
          <button type="button" aria-label={`Export “${title}” as JSON`} onClick={() => {
              setMode('idle')
              onExport('json')
            }}>
            JSON
          </button>
        </div>
      )}
      {mode === 'confirming-delete' && (
        <div
          className="history-choice history-confirm"
          role="group"
          aria-label={`Delete “${title}”?`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return
            // Handled here: neither the view around it nor the window's shortcuts (Escape stops answers) act on it.
            event.preventDefault()
            event.stopPropagation()
            setMode('idle')
            openButton.current?.focus()
          }}
        >
          <p>Delete this conversation? This cannot be undone.</p>
          <button type="button" className="history-danger" onClick={onDelete}>
            Delete conversation
          </button>
          <button
            ref={cancelDelete}
            type="button"
            onClick={() => {
              setMode('idle')
              openButton.current?.focus()
            }}
          >
            Cancel
          </button>
        </div>
      )}
    </li>
  )
}

interface RenameFormProps {
  title: string
  label: string
  onSave(title: string): Promise<string | null>
  onSaved(): void
  onCancel(): void
}

function RenameForm({ title, label, onSave, onSaved, onCancel }: RenameFormProps) {
  const [value, setValue] = useState(title)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const errorId = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const next = value.trim()
    if (!next) return setError('A title cannot be empty.')
    if (next === title) return onCancel()
    setSaving(true)
    const problem = await onSave(next)
    setSaving(false)
    if (problem) setError(problem)
    else onSaved()
  }

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return
    // Handled here: neither the view around it nor the window's shortcuts (Escape stops answers) act on it.
    event.preventDefault()
    event.stopPropagation()
    onCancel()
  }

  return (
    <form className="history-rename" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown}>
      <input
        // Focus goes straight to the field the user asked for.
        autoFocus
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={value}
        maxLength={10_000}
        onChange={(event) => {
          setValue(event.target.value)
          setError(null)
        }}
        onFocus={(event) => event.target.select()}
      />
      <button type="submit" disabled={saving}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p id={errorId} className="history-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
