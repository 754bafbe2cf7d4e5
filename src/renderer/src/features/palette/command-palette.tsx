import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react'
import { type FuzzyMatch, fuzzyMatch } from './fuzzy'
import './command-palette.css'

export interface PaletteCommand {
  id: string
  title: string
  /** Shown beside the title, e.g. "Ctrl+K". */
  shortcut?: string
  run(): void
}

export interface CommandPaletteProps {
  open: boolean
  onClose(): void
  commands: PaletteCommand[]
}

/**
 * A modal "Command palette": a filter box (an ARIA combobox) over the list of commands (a
 * listbox); arrow keys move, Enter runs, Escape or a click outside closes. A native modal
 * <dialog>, so the page behind is inert and focus stays inside while it is open.
 */
export function CommandPalette({ open, onClose, commands }: CommandPaletteProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const previousFocus = useRef<HTMLElement | null>(null)

  // Closes the native dialog and gives focus back to where it was, before a command runs (so a
  // command that moves focus elsewhere is not overridden).
  const closeDialog = (): void => {
    const element = dialog.current
    if (!element?.open) return
    element.close()
    const previous = previousFocus.current
    previousFocus.current = null
    if (previous?.isConnected && (document.activeElement === document.body || document.activeElement === null)) previous.focus()
  }

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) {
      previousFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      element.showModal()
    } else if (!open) closeDialog()
  })

  const close = (): void => {
    closeDialog()
    onClose()
  }

  return (
    <dialog
      ref={dialog}
      className="command-palette"
      aria-label="Command palette"
      onCancel={(event) => {
        // Escape: closed by the parent's state, not behind its back.
        event.preventDefault()
        close()
      }}
      onClick={(event) => {
        // The dialog's own box is only the margin around the panel: a click there is outside.
        if (event.target === event.currentTarget) close()
      }}
    >
      {open && (
        <PalettePanel
          commands={commands}
          onRun={(command) => {
            close()
            command.run()
          }}
        />
      )}
    </dialog>
  )
}

function PalettePanel({ commands, onRun }: { commands: PaletteCommand[]; onRun(command: PaletteCommand): void }) {
  const listId = useId()
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)

  const matches = useMemo(() => {
    const found: Array<{ command: PaletteCommand; match: FuzzyMatch; order: number }> = []
    commands.forEach((command, order) => {
      const match = fuzzyMatch(query, command.title)
      if (match) found.push({ command, match, order })
    })
    // Best match first; ties keep the order the commands were given in.
    return found.sort((a, b) => b.match.score - a.match.score || a.order - b.order)
  }, [commands, query])

  const current = matches.length === 0 ? -1 : Math.min(active, matches.length - 1)
  const optionId = (index: number): string => `${listId}-option-${index}`

  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' })
  })

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (matches.length === 0) return
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((current + step + matches.length) % matches.length)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const chosen = matches[current]
      if (chosen) onRun(chosen.command)
    }
  }

  return (
    <div className="command-palette-panel">
      <input
        className="command-palette-input"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        placeholder="Type a command"
        autoComplete="off"
        spellCheck={false}
        // The palette exists to be typed into.
        autoFocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value)
          setActive(0)
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} className="command-palette-list" role="listbox" aria-label="Commands">
        {matches.map(({ command, match }, index) => (
          <li
            key={command.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            className="command-palette-option"
            // Keeps focus in the input: the listbox is driven from there.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => index !== current && setActive(index)}
            onClick={() => onRun(command)}
          >
            <span className="command-palette-title">{highlight(command.title, match.indexes)}</span>
            {command.shortcut && <kbd className="command-palette-shortcut">{command.shortcut}</kbd>}
          </li>
        ))}
      </ul>
      {matches.length === 0 && <p className="command-palette-empty">No command matches “{query.trim()}”.</p>}
      <p className="command-palette-count" aria-live="polite">
        {query.trim() ? `${matches.length} ${matches.length === 1 ? 'command' : 'commands'}` : ''}
      </p>
    </div>
  )
}

function highlight(title: string, indexes: number[]): ReactNode {
  if (indexes.length === 0) return title
  const marked = new Set(indexes)
  const parts: ReactNode[] = []
  let run = ''
  let runMarked = false
  const flush = (end: number): void => {
    if (run) parts.push(runMarked ? <mark key={end}>{run}</mark> : run)
    run = ''
  }
  for (let index = 0; index < title.length; index++) {
    const isMarked = marked.has(index)
    if (isMarked !== runMarked) {
      flush(index)
      runMarked = isMarked
    }
    run += title[index]
  }
  flush(title.length)
  return parts
}
