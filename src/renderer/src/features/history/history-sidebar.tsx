import { type ChangeEvent, useCallback, useEffect, useId, useRef, useState } from 'react'
import type { ConversationSummary } from '../../../../shared/history'
import { juxta } from '../../ipc'
import { downloadText, exportFileName } from './download'
import { type ExportFormat, HistoryItem, titleOf } from './history-item'
import './history-sidebar.css'


export interface HistorySidebarProps {
  onOpen(conversationId: number): void
  /** The conversation shown now, marked in the list. */
  activeId?: number | null
  /** Any change reloads the list (e.g. a counter bumped when a run saved). */
  refreshKey?: unknown
}

/** Typing pauses this long before a search goes out: one query per pause, not per key. */
const SEARCH_DEBOUNCE_MS = 200
const LIST_LIMIT = 500
/**
 * Files larger than this are not read at all. The route holds the exact limit (16 M characters,
 * MAX_IMPORT_CHARS in the contract, which the window does not import: it would bring zod along);
 * a character is at most 3 bytes of UTF-8.
 */
const MAX_IMPORT_BYTES = 48 * 1024 * 1024

type Listing =
  | { state: 'loading' }
  | { state: 'ready'; rows: ConversationSummary[]; search: string }
  /** disconnected: the window cannot reach main at all, which the shell announces; said quietly here. */
  | { state: 'failed'; message: string; disconnected: boolean }

/**
 * The History sidebar: every saved conversation, newest first, with full-text search (snippets
 * with the matches marked), and per conversation open, rename, export (Markdown, JSON) and
 * delete; JSON exports import back.
 */
export function HistorySidebar({ onOpen, activeId = null, refreshKey }: HistorySidebarProps) {
  const client = juxta()
  const headingId = useId()
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const [listing, setListing] = useState<Listing>({ state: 'loading' })
  const [reloads, setReloads] = useState(0)
  const [announcement, setAnnouncement] = useState('')
  const [error, setError] = useState<string | null>(null)
  const searchBox = useRef<HTMLInputElement>(null)

  const reload = useCallback(() => setReloads((count) => count + 1), [])

  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [query])

  useEffect(() => {
    let current = true
    void client.invoke('history.list', search ? { search, limit: LIST_LIMIT } : { limit: LIST_LIMIT }).then((result) => {
      if (!current) return
      // The rows of the last answer stay on screen until the next one arrives.
      setListing(
        result.ok
          ? { state: 'ready', rows: result.value, search }
          : { state: 'failed', message: result.error.message, disconnected: result.error.code === 'disconnected' }
      )
    })
    return () => {
      current = false
    }
  }, [client, search, reloads, refreshKey])

  const announce = (text: string): void => {
    setError(null)
    setAnnouncement(text)
  }

  const rename = async (row: ConversationSummary, title: string): Promise<string | null> => {
    const result = await client.invoke('history.rename', { id: row.id, title })
    if (!result.ok) return result.error.message
    announce(`Renamed to “${titleOf(result.value)}”.`)
    reload()
    return null
  }

  const remove = async (row: ConversationSummary): Promise<void> => {
    const result = await client.invoke('history.delete', { id: row.id })
    if (!result.ok) return setError(`Could not delete “${titleOf(row)}”: ${result.error.message}`)
    announce(`Deleted “${titleOf(row)}”.`)
    searchBox.current?.focus()
    reload()
  }

  const exportRow = async (row: ConversationSummary, format: ExportFormat): Promise<void> => {
    const result = await client.invoke(format === 'markdown' ? 'history.exportMarkdown' : 'history.exportJson', { id: row.id })
    if (!result.ok) return setError(`Could not export “${titleOf(row)}”: ${result.error.message}`)
    const markdown = format === 'markdown'
    downloadText(exportFileName(row.title, row.id, markdown ? 'md' : 'json'), result.value, markdown ? 'text/markdown' : 'application/json')
    announce(`Exported “${titleOf(row)}” as ${markdown ? 'Markdown' : 'JSON'}.`)
  }

  const importFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.target
    const file = input.files?.[0]
    // Cleared at once, so choosing the same file again imports it again.
    input.value = ''
    if (!file) return
    if (file.size > MAX_IMPORT_BYTES) return setError(`“${file.name}” is too large to be a Juxta export.`)
    let text: string
    try {
      text = await file.text()
    } catch {
      return setError(`Could not read “${file.name}”.`)
    }
    const result = await client.invoke('history.import', { text })
    if (!result.ok) return setError(`Could not import “${file.name}”: ${result.error.message}`)
    announce(`Imported “${file.name}”.`)
    reload()
  }

  const rows = listing.state === 'ready' ? listing.rows : []
  const summary =
    listing.state === 'loading'
      ? 'Loading…'
      : listing.state === 'failed'
        ? ''
        : listing.search
          ? rows.length === 0
            ? `Nothing matches “${listing.search}”.`
            : `${rows.length} ${rows.length === 1 ? 'conversation matches' : 'conversations match'} “${listing.search}”.`
          : rows.length === 0
            ? 'No conversations yet.'
            : `${rows.length} ${rows.length === 1 ? 'conversation' : 'conversations'}`

  return (
    <aside className="history-sidebar" aria-labelledby={headingId}>
      <div className="history-header">
        <h2 id={headingId}>History</h2>
        <label className="history-import">
          <input type="file" accept=".json,application/json" aria-label="Import a conversation (JSON export)" onChange={(event) => void importFile(event)} />
          <span aria-hidden="true">Import…</span>
        </label>
      </div>
      <input
        ref={searchBox}
        className="history-search"
        type="search"
        aria-label="Search history"
        placeholder="Search history"
        value={query}
        maxLength={1000}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && query) {
            // Handled here: neither the view around it nor the window's shortcuts (Escape stops answers) act on it.
            event.preventDefault()
            event.stopPropagation()
            setQuery('')
          }
        }}
      />
      <p className="history-summary" aria-live="polite">
        {summary}
      </p>
      <p className="history-visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {error && (
        <p className="history-error" role="alert">
          {error}
        </p>
      )}
      {listing.state === 'failed' && (
        <p className="history-error" role={listing.disconnected ? undefined : 'alert'}>
          {listing.disconnected ? 'The history shows once Juxta is connected.' : `Could not load the history: ${listing.message}`}
        </p>
      )}
      <ul className="history-list" aria-label="Conversations">
        {rows.map((row) => (
          <HistoryItem
            key={row.id}
            row={row}
            active={row.id === activeId}
            onOpen={() => onOpen(row.id)}
            onRename={(title) => rename(row, title)}
            onDelete={() => void remove(row)}
            onExport={(format) => void exportRow(row, format)}
          />
        ))}
      </ul>
    </aside>
  )
}
