import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { SearchMatch, Snippet } from '../../shared/history'
import { allRows } from './database'
import { escapeRegExp, highlightTerms, parseMarkedSnippet, snippetAround } from './snippet'

/**
 * Schema step of version 2: full-text search over prompts and finished answers. Frozen: a
 * change is a new migration.
 *
 * The trigram tokenizer indexes every run of three characters, so any substring of three or
 * more characters matches in any script. unicode61 splits words at spaces and punctuation,
 * which Chinese and Japanese do not use: 「東京は日本の首都です」 is one token to it, and
 * 「首都」 would never match. Trigram folds case (Привет = привет) and costs about three
 * times the text in index size, which is fine for one person's history. Terms shorter than
 * three characters cannot use the index and are matched by a scan instead (see search()).
 *
 * Both indexes are external-content tables, so text is stored once: prompts over turns, answers
 * over the view of answers that are not streaming. An answer is indexed only once it stops
 * streaming: re-indexing the whole text at every one-second flush would cost O(n²) over a
 * long answer. With the view as content, FTS5's 'rebuild' and 'integrity-check' agree with
 * the triggers about which rows belong in the index.
 */
export const SEARCH_INDEX_V2 = `
  CREATE VIRTUAL TABLE prompt_search USING fts5 (prompt, content = 'turns', content_rowid = 'id', tokenize = 'trigram');
  CREATE VIEW searchable_answers AS SELECT id, text FROM responses WHERE status <> 'streaming';
  CREATE VIRTUAL TABLE answer_search USING fts5 (text, content = 'searchable_answers', content_rowid = 'id', tokenize = 'trigram');

  CREATE TRIGGER turns_search_insert AFTER INSERT ON turns BEGIN
    INSERT INTO prompt_search (rowid, prompt) VALUES (new.id, new.prompt);
  END;
  CREATE TRIGGER turns_search_delete AFTER DELETE ON turns BEGIN
    INSERT INTO prompt_search (prompt_search, rowid, prompt) VALUES ('delete', old.id, old.prompt);
  END;
  CREATE TRIGGER turns_search_update AFTER UPDATE OF prompt ON turns BEGIN
    INSERT INTO prompt_search (prompt_search, rowid, prompt) VALUES ('delete', old.id, old.prompt);
    INSERT INTO prompt_search (rowid, prompt) VALUES (new.id, new.prompt);
  END;

  -- An answer is in the index exactly when its status is not 'streaming'; the 'delete' must
  -- repeat the indexed text exactly, so it is guarded by the same condition on the old row.
  CREATE TRIGGER responses_search_insert AFTER INSERT ON responses WHEN new.status <> 'streaming' BEGIN
    INSERT INTO answer_search (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER responses_search_delete AFTER DELETE ON responses WHEN old.status <> 'streaming' BEGIN
    INSERT INTO answer_search (answer_search, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER responses_search_unindex AFTER UPDATE OF text, status ON responses WHEN old.status <> 'streaming' BEGIN
    INSERT INTO answer_search (answer_search, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TRIGGER responses_search_index AFTER UPDATE OF text, status ON responses WHEN new.status <> 'streaming' BEGIN
    INSERT INTO answer_search (rowid, text) VALUES (new.id, new.text);
  END;

  INSERT INTO prompt_search (prompt_search) VALUES ('rebuild');
  INSERT INTO answer_search (answer_search) VALUES ('rebuild');
`

/** Characters the trigram index needs in a term; shorter terms are matched by scanning. */
const TRIGRAM = 3
const START = '\u0002'
const END = '\u0003'

/** The best match of one conversation. */
export interface SearchHit extends SearchMatch {
  conversationId: number
}

interface HitRow {
  conversation_id: number
  source: 'prompt' | 'response'
  turn_id: number
  response_id: number | null
}

/**
 * Registers the SQL function the search uses for short terms on this connection: a
 * case-insensitive substring test that, unlike LIKE, folds case beyond ASCII.
 */
export function registerSearchFunctions(db: DatabaseSync): void {
  db.function('juxta_contains', { deterministic: true }, (haystack, needle) =>
    typeof haystack === 'string' && typeof needle === 'string' && termPattern(needle).test(haystack) ? 1 : 0
  )
}

/** Splits a query into terms: words, or "quoted phrases" kept whole. */
export function searchTerms(query: string): string[] {
  const terms: string[] = []
  for (const match of query.matchAll(/"([^"]*)"|(\S+)/gu)) {
    const term = (match[1] ?? match[2] ?? '').trim()
    if (term) terms.push(term)
  }
  return terms
}

/**
 * The best matching prompt or finished answer of each conversation containing every term,
 * newest conversation first.
 */
export function searchHistory(db: DatabaseSync, query: string, limit: number): SearchHit[] {
  const terms = searchTerms(query)
  if (terms.length === 0) return []
  const indexed = terms.filter((term) => [...term].length >= TRIGRAM)
  const scanned = terms.filter((term) => [...term].length < TRIGRAM)
  const match = indexed.map((term) => `"${term.replaceAll('"', '""')}"`).join(' ')

  const sources = indexed.length > 0 ? indexedSources(scanned) : scannedSources(scanned)
  const params: SQLInputValue[] = []
  for (let i = 0; i < 2; i++) params.push(...(indexed.length > 0 ? [match] : []), ...scanned)
  const rows = allRows<HitRow>(
    db.prepare(
      `WITH hits AS (${sources}),
            ranked AS (SELECT *, row_number() OVER (PARTITION BY conversation_id ORDER BY rank, turn_id) AS n FROM hits)
       SELECT ranked.conversation_id, source, turn_id, response_id
       FROM ranked JOIN conversations c ON c.id = ranked.conversation_id
       WHERE n = 1
       ORDER BY c.updated_at DESC, c.id DESC
       LIMIT ?`
    ),
    ...params,
    limit
  )
  return rows.map((row) => ({
    conversationId: row.conversation_id,
    source: row.source,
    turnId: row.turn_id,
    responseId: row.response_id,
    snippet: indexed.length > 0 ? indexedSnippet(db, row, match, scanned) : scannedSnippet(db, row, scanned)
  }))
}

// bm25 rank from the index; short terms narrow the index's hits further.
function indexedSources(scanned: string[]): string {
  const alsoPrompt = scanned.map(() => ' AND juxta_contains(t.prompt, ?)').join('')
  const alsoText = scanned.map(() => ' AND juxta_contains(r.text, ?)').join('')
  return `
    SELECT t.conversation_id, 'prompt' AS source, t.id AS turn_id, NULL AS response_id, prompt_search.rank AS rank
    FROM prompt_search JOIN turns t ON t.id = prompt_search.rowid
    WHERE prompt_search MATCH ?${alsoPrompt}
    UNION ALL
    SELECT t.conversation_id, 'response', r.turn_id, r.id, answer_search.rank
    FROM answer_search JOIN responses r ON r.id = answer_search.rowid JOIN turns t ON t.id = r.turn_id
    WHERE answer_search MATCH ?${alsoText}`
}

// Only short terms: a scan of the same rows the index holds (prompts, answers not streaming).
function scannedSources(scanned: string[]): string {
  const inPrompt = scanned.map(() => 'juxta_contains(t.prompt, ?)').join(' AND ')
  const inText = scanned.map(() => 'juxta_contains(r.text, ?)').join(' AND ')
  return `
    SELECT t.conversation_id, 'prompt' AS source, t.id AS turn_id, NULL AS response_id, 0 AS rank
    FROM turns t WHERE ${inPrompt}
    UNION ALL
    SELECT t.conversation_id, 'response', r.turn_id, r.id, 1
    FROM responses r JOIN turns t ON t.id = r.turn_id
    WHERE r.status <> 'streaming' AND ${inText}`
}

function indexedSnippet(db: DatabaseSync, hit: HitRow, match: string, scanned: string[]): Snippet {
  const table = hit.source === 'prompt' ? 'prompt_search' : 'answer_search'
  // 64 tokens, the most snippet() gives; a trigram token is about one character.
  const row = db
    .prepare(`SELECT snippet(${table}, 0, ?, ?, '…', 64) AS snippet FROM ${table} WHERE ${table} MATCH ? AND rowid = ?`)
    .get(START, END, match, hit.source === 'prompt' ? hit.turn_id : hit.response_id) as { snippet: string } | undefined
  // snippet() marks only the indexed terms; the short ones are marked like the scan marks them.
  return highlightTerms(parseMarkedSnippet(row?.snippet ?? '', START, END), scanned)
}

function scannedSnippet(db: DatabaseSync, hit: HitRow, terms: string[]): Snippet {
  const row = (
    hit.source === 'prompt'
      ? db.prepare('SELECT prompt AS text FROM turns WHERE id = ?').get(hit.turn_id)
      : db.prepare('SELECT text FROM responses WHERE id = ?').get(hit.response_id)
  ) as { text: string } | undefined
  return snippetAround(row?.text ?? '', terms)
}

const patterns = new Map<string, RegExp>()

// Case-insensitive with "u": folds case in every script, unlike SQL's LIKE (ASCII only).
function termPattern(term: string): RegExp {
  let pattern = patterns.get(term)
  if (!pattern) {
    pattern = new RegExp(escapeRegExp(term), 'iu')
    if (patterns.size > 100) patterns.clear()
    patterns.set(term, pattern)
  }
  return pattern
}
