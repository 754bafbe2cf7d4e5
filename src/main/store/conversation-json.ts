import { z } from 'zod'
import type { ConversationDetail } from '../../shared/history'
import { describeIssues } from '../config/schema-errors'
import { inTransaction } from './database'
import {
  errorInfoSchema,
  finishReasonSchema,
  messageSchema,
  reasoningEffortSchema,
  responseStatusSchema,
  toolCallSchema,
  usageSchema
} from './record-schemas'
import type { Store } from './store'

/**
 * A conversation as a JSON file, to keep or move to another machine. It holds what was said
 * and measured, and names models only by profile id and model id: never a key, a header or
 * a base URL. Ids are the file's own (panes and turns by index); import gives new ones.
 * Times are milliseconds since the Unix epoch.
 */
export const EXPORT_FORMAT = 'juxta-conversation'
export const EXPORT_VERSION = 1

const time = z.number().nonnegative()
const nullableTime = time.nullable()

const paneSchema = z.strictObject({
  profileId: z.string().min(1),
  modelId: z.string().min(1),
  parameters: z.strictObject({
    temperature: z.number().optional(),
    maxTokens: z.number().int().positive().optional(),
    reasoningEffort: reasoningEffortSchema.optional(),
    thinkingBudget: z.number().int().nonnegative().optional()
  }),
  systemPrompt: z.string().nullable(),
  /** Index of the pane this one continues (its model or settings changed mid-chat); absent in files before it was kept. */
  continues: z.number().int().nonnegative().nullable().optional()
})

const responseSchema = z.strictObject({
  /** Index into panes. */
  pane: z.number().int().nonnegative(),
  status: responseStatusSchema,
  text: z.string(),
  reasoning: z.string(),
  reasoningSignature: z.string().nullable(),
  toolCalls: z.array(toolCallSchema),
  usage: usageSchema.nullable(),
  cost: z.strictObject({ computedUsd: z.number().nullable(), reportedUsd: z.number().nullable() }),
  timings: z.strictObject({
    queuedAt: time,
    sentAt: nullableTime,
    firstTokenAt: nullableTime,
    lastTokenAt: nullableTime,
    ttftMs: z.number().nullable(),
    tokensPerSecond: z.number().nullable()
  }),
  finishReason: finishReasonSchema.nullable(),
  error: errorInfoSchema.nullable(),
  best: z.boolean()
})

const turnSchema = z.strictObject({
  prompt: z.string(),
  history: z.array(messageSchema).nullable(),
  /** The answer this turn continued: indexes of an earlier turn and of a pane. */
  continuedFrom: z.strictObject({ turn: z.number().int().nonnegative(), pane: z.number().int().nonnegative() }).nullable(),
  createdAt: time,
  responses: z.array(responseSchema)
})

export const conversationExportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  conversation: z.strictObject({
    title: z.string(),
    createdAt: time,
    updatedAt: time,
    panes: z.array(paneSchema),
    turns: z.array(turnSchema)
  })
})

export type ConversationExport = z.infer<typeof conversationExportSchema>

/** A file that cannot be imported; the message says why in terms a person can act on. */
export class ImportError extends Error {
  override name = 'ImportError'
}

export function conversationToExport(detail: ConversationDetail, exportedAt: Date): ConversationExport {
  const paneIndex = new Map(detail.panes.map((pane, index) => [pane.id, index]))
  const responseAt = new Map<number, { turn: number; pane: number }>()
  detail.turns.forEach((turn, turnIndex) => {
    for (const response of turn.responses) responseAt.set(response.id, { turn: turnIndex, pane: paneIndex.get(response.paneId)! })
  })
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    conversation: {
      title: detail.title,
      createdAt: detail.createdAt,
      updatedAt: detail.updatedAt,
      // Only these fields of a pane: its profile (keys, headers, URL) stays on this machine.
      panes: detail.panes.map((pane) => ({
        profileId: pane.profileId,
        modelId: pane.modelId,
        parameters: pane.parameters,
        systemPrompt: pane.systemPrompt,
        continues: pane.continuesPaneId === null ? null : (paneIndex.get(pane.continuesPaneId) ?? null)
      })),
      turns: detail.turns.map((turn) => ({
        prompt: turn.prompt,
        history: turn.history,
        continuedFrom: turn.continuedFromResponseId === null ? null : (responseAt.get(turn.continuedFromResponseId) ?? null),
        createdAt: turn.createdAt,
        responses: turn.responses.map((response) => ({
          pane: paneIndex.get(response.paneId)!,
          status: response.status,
          text: response.text,
          reasoning: response.reasoning,
          reasoningSignature: response.reasoningSignature,
          toolCalls: response.toolCalls,
          usage: response.usage,
          cost: response.cost,
          timings: response.timings,
          finishReason: response.finishReason,
          error: response.error,
          best: response.best
        }))
      }))
    }
  }
}

/** The JSON text of a conversation export, or null when there is no such conversation. */
export function exportConversationJson(store: Store, id: number, exportedAt = new Date()): string | null {
  const detail = store.getConversation(id)
  return detail ? `${JSON.stringify(conversationToExport(detail, exportedAt), null, 2)}\n` : null
}

/** Reads and checks an export; throws ImportError naming what is wrong. */
export function parseConversationExport(text: string): ConversationExport {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ImportError(`not a JSON file (${(error as Error).message})`)
  }
  const head = z.object({ format: z.literal(EXPORT_FORMAT), version: z.number().int().positive() }).safeParse(json)
  if (!head.success) throw new ImportError('not a Juxta conversation export (no "format": "juxta-conversation" with a version)')
  if (head.data.version > EXPORT_VERSION) {
    throw new ImportError(
      `this file was exported by a newer version of Juxta (format version ${head.data.version}); ` +
        `this version reads up to version ${EXPORT_VERSION}. Update Juxta to import it.`
    )
  }
  const parsed = conversationExportSchema.safeParse(json)
  if (!parsed.success) throw new ImportError(`the file does not fit the format:\n  ${describeIssues(parsed.error).join('\n  ')}`)
  const problems = crossCheck(parsed.data)
  if (problems.length > 0) throw new ImportError(`the file does not fit together:\n  ${problems.join('\n  ')}`)
  return parsed.data
}

/** Adds the conversation in the file as a new one (new ids, all or nothing); returns its id. */
export function importConversationJson(store: Store, text: string): number {
  const { conversation } = parseConversationExport(text)
  return inTransaction(store.db, () => {
    const created = store.conversations.create({
      title: conversation.title,
      panes: conversation.panes.map(({ continues: _continues, ...pane }) => pane),
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt
    })
    conversation.panes.forEach((pane, index) => {
      if (pane.continues != null) store.conversations.linkPane(created.panes[index]!.id, created.panes[pane.continues]!.id)
    })
    const responseIds: Array<Map<number, number>> = []
    conversation.turns.forEach((turn) => {
      const continued = turn.continuedFrom ? responseIds[turn.continuedFrom.turn]?.get(turn.continuedFrom.pane) : undefined
      const record = store.conversations.addTurn(
        created.conversation.id,
        { prompt: turn.prompt, history: turn.history, continuedFromResponseId: continued ?? null },
        turn.createdAt
      )
      const ids = new Map<number, number>()
      for (const response of turn.responses) {
        const id = store.responses.start(record.id, created.panes[response.pane]!.id, response.timings.queuedAt, null).id
        store.responses.finish(id, {
          ...response,
          ...response.timings,
          // An answer cannot still be streaming in a file.
          status: response.status === 'streaming' ? 'interrupted' : response.status
        })
        if (response.best) store.responses.setBest(id, true)
        ids.set(response.pane, id)
      }
      responseIds.push(ids)
    })
    return created.conversation.id
  })
}

/** What the schema cannot see: references to panes, turns and answers that are not there. */
function crossCheck({ conversation }: ConversationExport): string[] {
  const problems: string[] = []
  conversation.panes.forEach((pane, index) => {
    // An earlier pane only: a pane continues one that existed before it, so there is no cycle.
    if (pane.continues != null && pane.continues >= index) problems.push(`conversation.panes[${index}].continues: no earlier pane ${pane.continues}`)
  })
  conversation.turns.forEach((turn, turnIndex) => {
    const panes = new Set<number>()
    turn.responses.forEach((response, index) => {
      const where = `conversation.turns[${turnIndex}].responses[${index}].pane`
      if (response.pane >= conversation.panes.length) problems.push(`${where}: there is no pane ${response.pane}`)
      if (panes.has(response.pane)) problems.push(`${where}: pane ${response.pane} answers this turn twice`)
      panes.add(response.pane)
    })
    const from = turn.continuedFrom
    if (from && (from.turn >= turnIndex || !conversation.turns[from.turn]!.responses.some((response) => response.pane === from.pane))) {
      problems.push(`conversation.turns[${turnIndex}].continuedFrom: no answer of pane ${from.pane} in an earlier turn ${from.turn}`)
    }
  })
  return problems
}
