import { parseArgs } from 'node:util'
import type { ConversationSummary, Snippet } from '../../shared/history'
import { openStore } from '../store/open-store'
import { type CliIO, EXIT, parsePositiveInt } from './cli-io'
import { renderTable } from './table'

export const HISTORY_USAGE = `Usage: juxta history [--search TEXT] [--json] [--limit N]

Saved conversations, newest first: id, date, title and models.
--search TEXT  only conversations whose prompts or answers contain every word of TEXT
               ("quoted words" match together), with the matching passage
--json         one JSON object per line (NDJSON)
--limit N      at most N conversations (default 50)
`

export interface HistoryCommandContext {
  /** The data directory holding juxta.db (resolveDataDir(io.env)). */
  dataDir: string
}

export async function runHistoryCommand(argv: string[], io: CliIO, context: HistoryCommandContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      search: { type: 'string' },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    io.stdout(HISTORY_USAGE)
    return EXIT.ok
  }
  const limit = values.limit === undefined ? 50 : parsePositiveInt(values.limit, '--limit')

  const { store, notices } = openStore({ dataDir: context.dataDir })
  try {
    for (const notice of notices) io.stderr(`juxta: ${notice}\n`)
    const conversations = store.listConversations({ limit, ...(values.search !== undefined && { search: values.search }) })
    if (values.json) {
      for (const conversation of conversations) io.stdout(`${JSON.stringify(toJsonLine(conversation))}\n`)
    } else {
      io.stdout(conversations.length > 0 ? formatTable(conversations, values.search !== undefined) : noneFound(values.search))
    }
    return EXIT.ok
  } finally {
    store.close()
  }
}

function toJsonLine(conversation: ConversationSummary): Record<string, unknown> {
  return {
    type: 'conversation',
    id: conversation.id,
    title: conversation.title,
    createdAt: new Date(conversation.createdAt).toISOString(),
    updatedAt: new Date(conversation.updatedAt).toISOString(),
    models: conversation.models,
    turns: conversation.turnCount,
    ...(conversation.match && { match: { source: conversation.match.source, snippet: conversation.match.snippet } })
  }
}

function formatTable(conversations: ConversationSummary[], searched: boolean): string {
  const header = ['id', 'date', 'title', 'models', ...(searched ? ['match'] : [])]
  const rows = conversations.map((conversation) => [
    String(conversation.id),
    localDate(conversation.updatedAt),
    truncate(conversation.title || '(untitled)', 48),
    conversation.models.join(', '),
    ...(searched && conversation.match ? [marked(conversation.match.snippet)] : [])
  ])
  return renderTable(header, rows, new Set([0]))
}

function noneFound(search: string | undefined): string {
  return search === undefined ? 'No saved conversations.\n' : `No conversation contains "${search}".\n`
}

/** The snippet on one line, each match in [brackets]. */
function marked(snippet: Snippet): string {
  let text = ''
  let at = 0
  for (const { start, end } of snippet.highlights) {
    text += `${snippet.text.slice(at, start)}[${snippet.text.slice(start, end)}]`
    at = end
  }
  return (text + snippet.text.slice(at)).replace(/\s+/g, ' ').trim()
}

function truncate(text: string, length: number): string {
  const chars = [...text]
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`
}

function localDate(at: number): string {
  const date = new Date(at)
  const two = (value: number): string => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`
}
