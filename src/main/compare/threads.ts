import type { ContinuedThread } from '../../shared/compare'
import type { ConversationDetail, ResponseRecord } from '../../shared/history'
import type { AssistantMessage, Message } from '../../shared/messages'
import { CompareNotFoundError } from './run-input'

/**
 * Conversation threads rebuilt from saved history: what a saved pane's next turn is sent, and
 * the shared thread of "continue with this answer" for an answer of an earlier session.
 */

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
  let history: Message[] = []
  for (const turn of detail.turns.slice(0, beforeTurn)) {
    if (turn.history) history = [...turn.history]
    history.push({ role: 'user', content: turn.prompt })
    const answer = turn.responses.find((response) => response.paneId === storedPaneId)
    const message = answer && assistantMessageOf(answer)
    if (message) history.push(message)
  }
  const next = detail.turns[beforeTurn]
  return next?.history ? [...next.history] : history
}

/** "Continue with this answer" for a saved answer: its pane's thread up to and including it. */
export function threadFromSaved(detail: ConversationDetail, responseId: number): ContinuedThread {
  const turnIndex = detail.turns.findIndex((turn) => turn.responses.some((response) => response.id === responseId))
  const turn = detail.turns[turnIndex]
  const response = turn?.responses.find((candidate) => candidate.id === responseId)
  if (!turn || !response) throw new CompareNotFoundError(`conversation ${detail.id} has no answer ${responseId}`)
  const message = assistantMessageOf(response)
  if (!message) throw new CompareNotFoundError(`answer ${responseId} is empty: there is nothing to continue with`)
  return {
    history: [...historyOfPane(detail, response.paneId, turnIndex), { role: 'user', content: turn.prompt }, message],
    continuedFromResponseId: response.id
  }
}
