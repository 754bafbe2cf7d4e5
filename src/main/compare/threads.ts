import type { ContinuedThread } from '../../shared/compare'
import { assistantMessageOf, historyOfPane } from '../../shared/conversation-thread'
import type { ConversationDetail } from '../../shared/history'
import { CompareNotFoundError } from './run-input'

/**
 * Conversation threads rebuilt from saved history: what a saved pane's next turn is sent, and
 * the shared thread of "continue with this answer" for an answer of an earlier session. The pure
 * parts live in src/shared/conversation-thread.ts, where the window uses them too.
 */
export { assistantMessageOf, historyOfPane }

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
