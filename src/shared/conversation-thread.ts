import type { ConversationDetail, ResponseRecord } from './history'
import type { AssistantMessage, Message } from './messages'

/** A comparison shows at most this many panes side by side. */
export const MAX_PANES = 16

/**
 * Conversation threads rebuilt from saved history, for main (the next turn of a saved pane,
 * "continue with this answer" from an earlier session) and the window (a conversation reopened
 * from History continues where it stopped). No zod here: the window imports it.
 */

/** A pane's history for its next turn: what it was sent, the prompt, and its answer (when it produced one). */
export function nextHistory(history: readonly Message[], prompt: string, result: { message: AssistantMessage | null }): Message[] {
  const next: Message[] = [...history, { role: 'user', content: prompt }]
  if (result.message) next.push(result.message)
  return next
}

/** A saved answer as the assistant message that continues its thread; null when it has nothing. */
export function assistantMessageOf(response: ResponseRecord): AssistantMessage | null {
  if (!response.text && !response.reasoning && response.toolCalls.length === 0) return null
  return {
    role: 'assistant',
    content: response.text,
    ...(response.reasoning && { reasoning: response.reasoning }),
    ...(response.reasoningSignature && { reasoningSignature: response.reasoningSignature }),
    ...(response.toolCalls.length > 0 && { toolCalls: response.toolCalls })
  }
}

/**
 * The history a saved pane was (or will be) sent before turn `beforeTurn` (its index; by default
 * after the last turn): each turn's prompt and the pane's answer, restarting from a turn's shared
 * history where "continue with this answer" set one.
 */
export function historyOfPane(detail: ConversationDetail, storedPaneId: number, beforeTurn = detail.turns.length): Message[] {
  const lineage = lineageOf(detail, storedPaneId)
  let history: Message[] = []
  for (const turn of detail.turns.slice(0, beforeTurn)) {
    if (turn.history) history = [...turn.history]
    history.push({ role: 'user', content: turn.prompt })
    // The pane's own answer, or (before its model or settings changed) that of the pane it continues.
    const answer = lineage.map((paneId) => turn.responses.find((response) => response.paneId === paneId)).find((found) => found !== undefined)
    const message = answer && assistantMessageOf(answer)
    if (message) history.push(message)
  }
  const next = detail.turns[beforeTurn]
  return next?.history ? [...next.history] : history
}

/** The pane and the panes it continues, newest first (a cycle, which the store cannot make, ends the walk). */
function lineageOf(detail: ConversationDetail, storedPaneId: number): number[] {
  const lineage: number[] = []
  for (let id: number | null | undefined = storedPaneId; id != null && !lineage.includes(id); ) {
    lineage.push(id)
    id = detail.panes.find((pane) => pane.id === id)?.continuesPaneId
  }
  return lineage
}
