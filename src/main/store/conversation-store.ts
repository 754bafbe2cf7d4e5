import type { DatabaseSync } from 'node:sqlite'
import type { ConversationRecord, ConversationSummary, ModelParameters, PaneRecord, TurnRecord } from '../../shared/history'
import type { Message } from '../../shared/messages'
import { allRows, getRow, inTransaction } from './database'
import { messageSchema, reasoningEffortSchema, readJsonColumn } from './record-schemas'

/** Schema step of version 1. Frozen: a change is a new migration. */
/**
 * Version 3: a pane that continues another (the same chat pane after its model, parameters or
 * system prompt changed) names it, so the chat's earlier answers are part of its thread when the
 * conversation is opened again. NULL for a pane that started with the conversation.
 */
export const PANE_LINEAGE_V3 = `
  ALTER TABLE panes ADD COLUMN continues_pane_id INTEGER REFERENCES panes (id) ON DELETE SET NULL;
`

export const CONVERSATION_TABLES_V1 = `
  CREATE TABLE conversations (
    -- AUTOINCREMENT: an id is never reused, so a stale reference cannot land on another conversation.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX conversations_by_update ON conversations (updated_at DESC, id DESC);

  CREATE TABLE panes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    profile_id TEXT NOT NULL,
    model_id TEXT NOT NULL,
    system_prompt TEXT,
    temperature REAL,
    max_tokens INTEGER,
    reasoning_effort TEXT,
    thinking_budget INTEGER,
    UNIQUE (conversation_id, position)
  ) STRICT;

  CREATE TABLE turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    history TEXT, -- JSON Message[], after "continue with this answer"
    continued_from_response_id INTEGER REFERENCES responses (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (conversation_id, position)
  ) STRICT;
  CREATE INDEX turns_by_continued_response ON turns (continued_from_response_id);
`

export interface PaneInput {
  profileId: string
  modelId: string
  parameters?: ModelParameters
  systemPrompt?: string | null
  /** The saved pane this one continues (see PANE_LINEAGE_V3). */
  continuesPaneId?: number | null
}

export interface TurnInput {
  prompt: string
  history?: Message[] | null
  continuedFromResponseId?: number | null
}

const TITLE_LENGTH = 80

/** Conversations, their panes and their turns. */
export class ConversationStore {
  readonly #db: DatabaseSync
  readonly #now: () => number

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
  }

  /** A title left empty is taken from the first prompt. */
  create(input: { title?: string; panes: PaneInput[]; createdAt?: number; updatedAt?: number }): {
    conversation: ConversationRecord
    panes: PaneRecord[]
  } {
    return inTransaction(this.#db, () => {
      const at = Math.round(input.createdAt ?? this.#now())
      const row = getRow<ConversationRow>(
        this.#db.prepare('INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?) RETURNING *'),
        cleanTitle(input.title ?? ''),
        at,
        Math.round(input.updatedAt ?? at)
      )!
      const panes = input.panes.map((pane) => this.addPane(row.id, pane))
      return { conversation: toConversation(row), panes }
    })
  }

  get(id: number): ConversationRecord | null {
    const row = getRow<ConversationRow>(this.#db.prepare('SELECT * FROM conversations WHERE id = ?'), id)
    return row ? toConversation(row) : null
  }

  /** A pane goes to the right of the others. */
  addPane(conversationId: number, pane: PaneInput): PaneRecord {
    const { temperature, maxTokens, reasoningEffort, thinkingBudget } = pane.parameters ?? {}
    const row = getRow<PaneRow>(
      this.#db.prepare(
        `INSERT INTO panes (conversation_id, position, profile_id, model_id, system_prompt,
                            temperature, max_tokens, reasoning_effort, thinking_budget, continues_pane_id)
         VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM panes WHERE conversation_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING *`
      ),
      conversationId,
      conversationId,
      pane.profileId,
      pane.modelId,
      pane.systemPrompt ?? null,
      temperature ?? null,
      maxTokens ?? null,
      reasoningEffort ?? null,
      thinkingBudget ?? null,
      pane.continuesPaneId ?? null
    )!
    return toPane(row)
  }

  panes(conversationId: number): PaneRecord[] {
    return allRows<PaneRow>(this.#db.prepare('SELECT * FROM panes WHERE conversation_id = ? ORDER BY position'), conversationId).map(toPane)
  }

  /** Records that pane `paneId` continues pane `continuesPaneId` (an import sets it once both exist). */
  linkPane(paneId: number, continuesPaneId: number): void {
    this.#db.prepare('UPDATE panes SET continues_pane_id = ? WHERE id = ?').run(continuesPaneId, paneId)
  }

  /** The next turn; the first one names an untitled conversation. Marks the conversation as updated. */
  addTurn(conversationId: number, turn: TurnInput, createdAt = this.#now()): TurnRecord {
    return inTransaction(this.#db, () => {
      const at = Math.round(createdAt)
      const row = getRow<TurnRow>(
        this.#db.prepare(
          `INSERT INTO turns (conversation_id, position, prompt, history, continued_from_response_id, created_at)
           VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM turns WHERE conversation_id = ?), ?, ?, ?, ?)
           RETURNING *`
        ),
        conversationId,
        conversationId,
        turn.prompt,
        turn.history ? JSON.stringify(turn.history) : null,
        turn.continuedFromResponseId ?? null,
        at
      )!
      this.#db
        .prepare(`UPDATE conversations SET updated_at = max(updated_at, ?), title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?`)
        .run(at, cleanTitle(turn.prompt), conversationId)
      return toTurn(row)
    })
  }

  turns(conversationId: number): TurnRecord[] {
    return allRows<TurnRow>(this.#db.prepare('SELECT * FROM turns WHERE conversation_id = ? ORDER BY position'), conversationId).map(toTurn)
  }

  /** The newest conversations first (by their last prompt). */
  list(limit: number): ConversationSummary[] {
    return allRows<SummaryRow>(this.#db.prepare(`${SUMMARY_SELECT} ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`), limit).map(toSummary)
  }

  /** The list rows of these conversations, newest first; ids that do not exist are left out. */
  summaries(ids: number[]): ConversationSummary[] {
    return allRows<SummaryRow>(
      this.#db.prepare(`${SUMMARY_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.updated_at DESC, c.id DESC`),
      JSON.stringify(ids)
    ).map(toSummary)
  }

  /** Does not count as an update: renaming does not move a conversation up the list. */
  rename(id: number, title: string): boolean {
    return this.#db.prepare('UPDATE conversations SET title = ? WHERE id = ?').run(cleanTitle(title), id).changes > 0
  }

  /** Removes the conversation with its panes, turns, answers and their search entries. */
  delete(id: number): boolean {
    return inTransaction(this.#db, () => this.#db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes > 0)
  }
}

/** One line, at most TITLE_LENGTH characters: a title is shown in lists and window bars. */
export function cleanTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  const chars = [...line]
  return chars.length <= TITLE_LENGTH ? line : `${chars.slice(0, TITLE_LENGTH - 1).join('').trimEnd()}…`
}

// The models of a conversation as a JSON array, in pane order (the subquery's order feeds the aggregate).
const SUMMARY_SELECT = `
  SELECT c.*,
    (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turn_count,
    (SELECT json_group_array(ref) FROM
      (SELECT p.profile_id || ':' || p.model_id AS ref FROM panes p WHERE p.conversation_id = c.id ORDER BY p.position)) AS models
  FROM conversations c`

interface ConversationRow {
  id: number
  title: string
  created_at: number
  updated_at: number
}

interface PaneRow {
  id: number
  conversation_id: number
  position: number
  profile_id: string
  model_id: string
  system_prompt: string | null
  temperature: number | null
  max_tokens: number | null
  reasoning_effort: string | null
  thinking_budget: number | null
  continues_pane_id: number | null
}

interface TurnRow {
  id: number
  conversation_id: number
  position: number
  prompt: string
  history: string | null
  continued_from_response_id: number | null
  created_at: number
}

interface SummaryRow extends ConversationRow {
  turn_count: number
  models: string
}

function toSummary(row: SummaryRow): ConversationSummary {
  return { ...toConversation(row), models: JSON.parse(row.models) as string[], turnCount: row.turn_count, match: null }
}

function toConversation(row: ConversationRow): ConversationRecord {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at }
}

function toPane(row: PaneRow): PaneRecord {
  const parameters: ModelParameters = {}
  if (row.temperature !== null) parameters.temperature = row.temperature
  if (row.max_tokens !== null) parameters.maxTokens = row.max_tokens
  const effort = reasoningEffortSchema.safeParse(row.reasoning_effort)
  if (effort.success) parameters.reasoningEffort = effort.data
  if (row.thinking_budget !== null) parameters.thinkingBudget = row.thinking_budget
  return {
    id: row.id,
    conversationId: row.conversation_id,
    position: row.position,
    profileId: row.profile_id,
    modelId: row.model_id,
    parameters,
    systemPrompt: row.system_prompt,
    continuesPaneId: row.continues_pane_id
  }
}

function toTurn(row: TurnRow): TurnRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    position: row.position,
    prompt: row.prompt,
    history: readJsonColumn(row.history, messageSchema.array().nullable(), null),
    continuedFromResponseId: row.continued_from_response_id,
    createdAt: row.created_at
  }
}
