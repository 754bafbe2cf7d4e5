import type { DatabaseSync } from 'node:sqlite'
import type { ConversationDetail, ConversationSummary, ResponseRecord } from '../../shared/history'
import { ConversationStore } from './conversation-store'
import { ProfileStore } from './profile-store'
import { ResponseStore } from './response-store'
import { ResponseWriter, type ResponseWriterOptions } from './response-writer'
import { registerSearchFunctions, searchHistory } from './search-index'
import { SettingsStore } from './settings-store'

export interface ListOptions {
  /** Only conversations whose prompts or finished answers contain every term. */
  search?: string
  limit?: number
}

export interface StoreOptions {
  now?: () => number
  /** Defaults for every writer startResponse() makes. */
  writer?: ResponseWriterOptions
}

/** Juxta's saved data on one open database: settings, profiles and history. */
export class Store {
  readonly settings: SettingsStore
  readonly profiles: ProfileStore
  readonly conversations: ConversationStore
  readonly responses: ResponseStore
  /** The database file, or null when the store is in memory (nothing outlives the session). */
  readonly path: string | null
  readonly db: DatabaseSync
  readonly #now: () => number
  readonly #writerDefaults: ResponseWriterOptions
  readonly #writers = new Set<ResponseWriter>()

  constructor(db: DatabaseSync, path: string | null, options: StoreOptions = {}) {
    this.db = db
    this.path = path
    this.#now = options.now ?? Date.now
    this.#writerDefaults = options.writer ?? {}
    this.settings = new SettingsStore(db, this.#now)
    this.profiles = new ProfileStore(db, this.#now)
    this.conversations = new ConversationStore(db, this.#now)
    this.responses = new ResponseStore(db)
    registerSearchFunctions(db)
  }

  /** Newest first (by last prompt); for a search, each with its best matching snippet. */
  listConversations(options: ListOptions = {}): ConversationSummary[] {
    const limit = options.limit ?? 200
    const search = options.search?.trim()
    if (!search) return this.conversations.list(limit)
    const hits = searchHistory(this.db, search, limit)
    const summaries = new Map(this.conversations.summaries(hits.map((hit) => hit.conversationId)).map((summary) => [summary.id, summary]))
    return hits.flatMap(({ conversationId, ...match }) => {
      const summary = summaries.get(conversationId)
      return summary ? [{ ...summary, match }] : []
    })
  }

  /** A conversation with its panes and every turn's answers. */
  getConversation(id: number): ConversationDetail | null {
    const conversation = this.conversations.get(id)
    if (!conversation) return null
    const byTurn = new Map<number, ResponseRecord[]>()
    for (const response of this.responses.forConversation(id)) {
      byTurn.set(response.turnId, [...(byTurn.get(response.turnId) ?? []), response])
    }
    return {
      ...conversation,
      panes: this.conversations.panes(id),
      turns: this.conversations.turns(id).map((turn) => ({ ...turn, responses: byTurn.get(turn.id) ?? [] }))
    }
  }

  /** A new 'streaming' answer of one pane to one turn, and the writer that saves it as it streams. */
  startResponse(turnId: number, paneId: number, options: ResponseWriterOptions & { queuedAt?: number } = {}): ResponseWriter {
    const record = this.responses.start(turnId, paneId, options.queuedAt ?? (options.now ?? this.#writerDefaults.now ?? this.#now)())
    const writer: ResponseWriter = new ResponseWriter(
      this.responses,
      record,
      { now: this.#now, ...this.#writerDefaults, ...options },
      () => this.#writers.delete(writer)
    )
    this.#writers.add(writer)
    return writer
  }

  /** Answers still streaming are saved as interrupted; then the database is closed. */
  close(): void {
    if (!this.db.isOpen) return
    for (const writer of [...this.#writers]) {
      try {
        writer.interrupt()
      } catch {
        // The database is closing anyway; the next open marks the answer interrupted.
      }
    }
    this.db.close()
  }
}
