import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { ErrorInfo } from '../../shared/errors'
import type { FinishReason, Usage } from '../../shared/generation'
import type { ResponseCost, ResponseRecord, ResponseStatus, ResponseTimings } from '../../shared/history'
import type { ToolCall } from '../../shared/messages'
import { allRows, getRow, inTransaction } from './database'
import { errorInfoSchema, finishReasonSchema, readJsonColumn, responseStatusSchema, toolCallSchema } from './record-schemas'

/** Schema step of version 1. Frozen: a change is a new migration. */
export const RESPONSES_TABLE_V1 = `
  CREATE TABLE responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    pane_id INTEGER NOT NULL REFERENCES panes (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('streaming', 'done', 'error', 'stopped', 'interrupted')),
    text TEXT NOT NULL DEFAULT '',
    reasoning TEXT NOT NULL DEFAULT '',
    reasoning_signature TEXT,
    tool_calls TEXT NOT NULL DEFAULT '[]', -- JSON ToolCall[]
    -- Usage, one column per field so that totals and averages are plain SQL; all null until reported.
    input_tokens INTEGER,
    output_tokens INTEGER,
    cached_input_tokens INTEGER,
    cache_write_tokens INTEGER,
    reasoning_tokens INTEGER,
    usage_estimated INTEGER,
    computed_cost_usd REAL,
    reported_cost_usd REAL,
    queued_at INTEGER NOT NULL,
    sent_at INTEGER,
    first_token_at INTEGER,
    last_token_at INTEGER,
    ttft_ms REAL,
    tokens_per_second REAL,
    finish_reason TEXT,
    error TEXT, -- JSON ErrorInfo
    best INTEGER NOT NULL DEFAULT 0 CHECK (best IN (0, 1)),
    -- The process writing a 'streaming' answer: at open, only answers whose writer is gone are interrupted.
    writer_pid INTEGER,
    UNIQUE (turn_id, pane_id)
  ) STRICT;
  CREATE INDEX responses_by_pane ON responses (pane_id);
  CREATE INDEX responses_streaming ON responses (status) WHERE status = 'streaming';
`

/** What a streaming answer has so far; saved at every flush. */
export interface ResponseProgress {
  text: string
  reasoning: string
  reasoningSignature: string | null
  toolCalls: ToolCall[]
  sentAt: number | null
  firstTokenAt: number | null
  lastTokenAt: number | null
}

export type FinalStatus = Exclude<ResponseStatus, 'streaming'>

/** How an answer ended: everything it has, saved once. */
export interface ResponseOutcome extends ResponseProgress {
  status: FinalStatus
  finishReason: FinishReason | null
  error: ErrorInfo | null
  usage: Usage | null
  cost: ResponseCost
  ttftMs: number | null
  tokensPerSecond: number | null
}

/** One answer per pane and turn. */
export class ResponseStore {
  readonly #db: DatabaseSync

  constructor(db: DatabaseSync) {
    this.#db = db
  }

  /** A new answer, 'streaming', owned by this process until it finishes (null: by none, e.g. an import about to finish it). */
  start(turnId: number, paneId: number, queuedAt: number, writerPid: number | null = process.pid): ResponseRecord {
    const row = getRow<ResponseRow>(
      this.#db.prepare(
        `INSERT INTO responses (turn_id, pane_id, status, queued_at, writer_pid) VALUES (?, ?, 'streaming', ?, ?) RETURNING *`
      ),
      turnId,
      paneId,
      Math.round(queuedAt),
      writerPid
    )!
    return toResponse(row)
  }

  /** Saves what has streamed so far; a no-op once the answer has finished (a late flush must not undo the end). */
  saveProgress(id: number, progress: ResponseProgress): void {
    this.#db
      .prepare(
        `UPDATE responses SET text = ?, reasoning = ?, reasoning_signature = ?, tool_calls = ?,
                sent_at = ?, first_token_at = ?, last_token_at = ?
         WHERE id = ? AND status = 'streaming'`
      )
      .run(...progressValues(progress), id)
  }

  /** Saves the whole answer and its end. */
  finish(id: number, outcome: ResponseOutcome): void {
    const { usage } = outcome
    this.#db
      .prepare(
        `UPDATE responses SET text = ?, reasoning = ?, reasoning_signature = ?, tool_calls = ?,
                sent_at = ?, first_token_at = ?, last_token_at = ?,
                status = ?, finish_reason = ?, error = ?,
                input_tokens = ?, output_tokens = ?, cached_input_tokens = ?, cache_write_tokens = ?,
                reasoning_tokens = ?, usage_estimated = ?,
                computed_cost_usd = ?, reported_cost_usd = ?, ttft_ms = ?, tokens_per_second = ?,
                writer_pid = NULL
         WHERE id = ?`
      )
      .run(
        ...progressValues(outcome),
        outcome.status,
        outcome.finishReason,
        outcome.error ? JSON.stringify(outcome.error) : null,
        usage?.inputTokens ?? null,
        usage?.outputTokens ?? null,
        usage?.cachedInputTokens ?? null,
        usage?.cacheWriteTokens ?? null,
        usage?.reasoningTokens ?? null,
        usage ? Number(usage.estimated) : null,
        outcome.cost.computedUsd,
        outcome.cost.reportedUsd ?? usage?.reportedCostUsd ?? null,
        outcome.ttftMs,
        outcome.tokensPerSecond,
        id
      )
  }

  /** Removes one answer, e.g. to replace it with a new attempt of the same pane and turn. */
  delete(id: number): boolean {
    return this.#db.prepare('DELETE FROM responses WHERE id = ?').run(id).changes > 0
  }

  get(id: number): ResponseRecord | null {
    const row = getRow<ResponseRow>(this.#db.prepare('SELECT * FROM responses WHERE id = ?'), id)
    return row ? toResponse(row) : null
  }

  /** Every answer of a conversation, by turn then pane position. */
  forConversation(conversationId: number): ResponseRecord[] {
    return allRows<ResponseRow>(
      this.#db.prepare(
        `SELECT r.* FROM responses r
         JOIN turns t ON t.id = r.turn_id
         JOIN panes p ON p.id = r.pane_id
         WHERE t.conversation_id = ?
         ORDER BY t.position, p.position`
      ),
      conversationId
    ).map(toResponse)
  }

  /** Marks (or unmarks) the best answer of its turn; marking one unmarks the others of that turn. */
  setBest(id: number, best: boolean): boolean {
    return inTransaction(this.#db, () => {
      if (best) this.#db.prepare('UPDATE responses SET best = 0 WHERE turn_id = (SELECT turn_id FROM responses WHERE id = ?) AND id <> ?').run(id, id)
      return this.#db.prepare('UPDATE responses SET best = ? WHERE id = ?').run(Number(best), id).changes > 0
    })
  }

  /**
   * Answers left 'streaming' by a process that is gone (crashed, killed, quit mid-stream)
   * become 'interrupted', with their text. Answers another live process (the app, a `juxta`
   * run) is still writing are left alone. Returns how many were marked.
   */
  markInterrupted(isWriterAlive: (pid: number) => boolean): number {
    const orphans = (): number[] =>
      allRows<{ id: number; writer_pid: number | null }>(this.#db.prepare(`SELECT id, writer_pid FROM responses WHERE status = 'streaming'`))
        .filter((row) => row.writer_pid === null || !isWriterAlive(row.writer_pid))
        .map((row) => row.id)
    // Read first: the write lock is taken only when there is something to mark.
    if (orphans().length === 0) return 0
    return inTransaction(this.#db, () => {
      const ids = orphans()
      const mark = this.#db.prepare(`UPDATE responses SET status = 'interrupted', writer_pid = NULL WHERE id = ? AND status = 'streaming'`)
      for (const id of ids) mark.run(id)
      return ids.length
    })
  }
}

function progressValues(progress: ResponseProgress): SQLInputValue[] {
  return [
    progress.text,
    progress.reasoning,
    progress.reasoningSignature,
    JSON.stringify(progress.toolCalls),
    roundTime(progress.sentAt),
    roundTime(progress.firstTokenAt),
    roundTime(progress.lastTokenAt)
  ]
}

// Times are whole milliseconds: the columns are STRICT INTEGER, which refuses fractions.
function roundTime(at: number | null): number | null {
  return at === null ? null : Math.round(at)
}

interface ResponseRow {
  id: number
  turn_id: number
  pane_id: number
  status: string
  text: string
  reasoning: string
  reasoning_signature: string | null
  tool_calls: string
  input_tokens: number | null
  output_tokens: number | null
  cached_input_tokens: number | null
  cache_write_tokens: number | null
  reasoning_tokens: number | null
  usage_estimated: number | null
  computed_cost_usd: number | null
  reported_cost_usd: number | null
  queued_at: number
  sent_at: number | null
  first_token_at: number | null
  last_token_at: number | null
  ttft_ms: number | null
  tokens_per_second: number | null
  finish_reason: string | null
  error: string | null
  best: number
}

function toResponse(row: ResponseRow): ResponseRecord {
  const timings: ResponseTimings = {
    queuedAt: row.queued_at,
    sentAt: row.sent_at,
    firstTokenAt: row.first_token_at,
    lastTokenAt: row.last_token_at,
    ttftMs: row.ttft_ms,
    tokensPerSecond: row.tokens_per_second
  }
  const finishReason = finishReasonSchema.safeParse(row.finish_reason)
  return {
    id: row.id,
    turnId: row.turn_id,
    paneId: row.pane_id,
    // The CHECK constraint keeps the status valid.
    status: responseStatusSchema.parse(row.status),
    text: row.text,
    reasoning: row.reasoning,
    reasoningSignature: row.reasoning_signature,
    toolCalls: readJsonColumn(row.tool_calls, toolCallSchema.array(), []),
    usage: toUsage(row),
    cost: { computedUsd: row.computed_cost_usd, reportedUsd: row.reported_cost_usd },
    timings,
    finishReason: finishReason.success ? finishReason.data : null,
    error: readJsonColumn(row.error, errorInfoSchema.nullable(), null),
    best: row.best === 1
  }
}

function toUsage(row: ResponseRow): Usage | null {
  if (row.input_tokens === null || row.output_tokens === null) return null
  const usage: Usage = {
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedInputTokens: row.cached_input_tokens ?? 0,
    cacheWriteTokens: row.cache_write_tokens ?? 0,
    reasoningTokens: row.reasoning_tokens ?? 0,
    estimated: row.usage_estimated === 1
  }
  if (row.reported_cost_usd !== null) usage.reportedCostUsd = row.reported_cost_usd
  return usage
}
