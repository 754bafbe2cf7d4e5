import type { RunInput } from '../../shared/compare'
import type { ModelParameters, PaneRecord } from '../../shared/history'
import type { PaneInput } from '../store/conversation-store'
import type { Store } from '../store/store'
import { CompareInputError, CompareNotFoundError, type PreparedPane } from './run-input'

/** Where a saved run lives: its conversation, its turn, and the saved pane of each pane. */
export interface RunRecord {
  conversationId: number
  turnId: number
  storedPaneIds: ReadonlyMap<string, number>
}

/**
 * Saves the start of a run: a new conversation (or the given one), a pane record per pane, and
 * the turn. A pane continuing a saved pane keeps it when it is the same model instance; when its
 * model, parameters or system prompt changed it gets a new pane record, so the answers already
 * saved stay attributed to the model that wrote them. Everything is checked before anything is written.
 */
export function recordRun(store: Store, input: RunInput, panes: PreparedPane[]): RunRecord {
  const existing = input.conversationId === undefined ? [] : existingPanes(store, input.conversationId, panes)
  const reuse = new Map<string, number>()
  /** Panes that continue a saved pane under a new record: the chat goes on with another model or settings. */
  const continues = new Map<string, number>()
  for (const pane of panes) {
    const stored = existing.find((record) => record.id === pane.spec.storedPaneId)
    if (stored && samePane(stored, pane)) reuse.set(pane.spec.id, stored.id)
    else if (stored) continues.set(pane.spec.id, stored.id)
  }
  const toAdd = panes.filter((pane) => !reuse.has(pane.spec.id))
  let conversationId = input.conversationId
  const added: PaneRecord[] = []
  if (conversationId === undefined) {
    const created = store.conversations.create({ ...(input.title !== undefined && { title: input.title }), panes: toAdd.map(paneInput) })
    conversationId = created.conversation.id
    added.push(...created.panes)
  } else {
    for (const pane of toAdd) added.push(store.conversations.addPane(conversationId, { ...paneInput(pane), continuesPaneId: continues.get(pane.spec.id) ?? null }))
  }
  const storedPaneIds = new Map(reuse)
  toAdd.forEach((pane, index) => storedPaneIds.set(pane.spec.id, added[index]!.id))
  const turn = store.conversations.addTurn(conversationId, {
    prompt: input.prompt,
    history: input.thread?.history ?? null,
    continuedFromResponseId: input.thread?.continuedFromResponseId ?? null
  })
  return { conversationId, turnId: turn.id, storedPaneIds }
}

function existingPanes(store: Store, conversationId: number, panes: PreparedPane[]): PaneRecord[] {
  if (!store.conversations.get(conversationId)) throw new CompareNotFoundError(`no saved conversation ${conversationId}`)
  const records = store.conversations.panes(conversationId)
  const problems = panes.flatMap((pane, index) =>
    pane.spec.storedPaneId !== undefined && !records.some((record) => record.id === pane.spec.storedPaneId)
      ? [`panes[${index}].storedPaneId: conversation ${conversationId} has no pane ${pane.spec.storedPaneId}`]
      : []
  )
  if (problems.length > 0) throw new CompareInputError(problems)
  return records
}

function paneInput(pane: PreparedPane): PaneInput {
  return { profileId: pane.profile.id, modelId: pane.modelId, parameters: pane.parameters, systemPrompt: pane.systemPrompt }
}

function samePane(record: PaneRecord, pane: PreparedPane): boolean {
  return (
    record.profileId === pane.profile.id &&
    record.modelId === pane.modelId &&
    (record.systemPrompt ?? null) === pane.systemPrompt &&
    sameParameters(record.parameters, pane.parameters)
  )
}

function sameParameters(a: ModelParameters, b: ModelParameters): boolean {
  const keys: Array<keyof ModelParameters> = ['temperature', 'maxTokens', 'reasoningEffort', 'thinkingBudget']
  return keys.every((key) => a[key] === b[key])
}
