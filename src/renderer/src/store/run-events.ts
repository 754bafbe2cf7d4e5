import type { PaneResult, RunEvent } from '../../../shared/compare'
import { appendMarkdown, splitMarkdown } from '../markdown/block-splitter'
import { type PaneAnswer, type PaneState, emptyAnswer } from './pane-state'

/**
 * The run's events applied to pane state: pure functions, so the window and the tests agree on
 * what a stream of events shows. An event finds its pane by paneId, and only while that pane's
 * current turn belongs to the event's run; anything else (a run the user has moved on from) is
 * ignored.
 */

/** One event on one pane; the same object back when the event changes nothing. */
export function applyRunEvent(pane: PaneState, event: RunEvent): PaneState {
  const turn = pane.turn
  if (!turn || turn.runId !== event.runId || pane.id !== event.paneId) return pane
  const answer = reduceAnswer(turn.answer, event)
  return answer === turn.answer ? pane : { ...pane, turn: { ...turn, answer } }
}

/**
 * A batch of events (one animation frame's worth) on every pane. Only panes an event changed get
 * a new object; the map is new only when one did.
 */
export function applyRunEvents(panes: Readonly<Record<string, PaneState>>, events: readonly RunEvent[]): Record<string, PaneState> {
  let next: Record<string, PaneState> | null = null
  for (const event of events) {
    const current = (next ?? panes)[event.paneId]
    if (!current) continue
    const updated = applyRunEvent(current, event)
    if (updated === current) continue
    next ??= { ...panes }
    next[event.paneId] = updated
  }
  return next ?? (panes as Record<string, PaneState>)
}

export function reduceAnswer(answer: PaneAnswer, event: RunEvent): PaneAnswer {
  switch (event.type) {
    case 'pane-started':
      // A new attempt: what the pane showed goes.
      return {
        ...emptyAnswer(event.model, 'starting'),
        attempt: event.attempt,
        responseId: event.responseId,
        storedResponseId: event.storedResponseId,
        queuedAt: event.queuedAt
      }
    case 'status': {
      if (isFinal(answer)) return answer
      const base = { ...answer, status: event.status, retry: null }
      switch (event.status) {
        case 'queued':
          return base
        case 'waiting':
          return { ...base, sentAt: event.at }
        case 'streaming':
          return {
            ...base,
            firstTokenAt: answer.firstTokenAt ?? event.at,
            ttftMs: answer.ttftMs ?? (answer.sentAt !== null ? Math.max(0, event.at - answer.sentAt) : null)
          }
        case 'retrying':
          return {
            ...base,
            retry: {
              at: event.at + (event.retryInMs ?? 0),
              attempt: event.retryAttempt ?? null,
              maxAttempts: event.maxAttempts ?? null,
              error: event.error ?? null
            }
          }
      }
      return base
    }
    case 'text-delta':
      if (isFinal(answer) || event.text === '') return answer
      return { ...answer, text: answer.text + event.text, doc: appendMarkdown(answer.doc, event.text) }
    case 'reasoning-delta':
      if (isFinal(answer) || event.text === '') return answer
      return { ...answer, reasoning: answer.reasoning + event.text }
    case 'tool-call':
      if (isFinal(answer)) return answer
      return { ...answer, toolCalls: [...answer.toolCalls, event.toolCall] }
    case 'usage':
      if (isFinal(answer)) return answer
      return { ...answer, usage: event.usage }
    case 'pane-finished':
      return finishAnswer(answer, event.result)
  }
}

function isFinal(answer: PaneAnswer): boolean {
  return answer.status === 'done' || answer.status === 'error' || answer.status === 'stopped'
}

/** The result is the authority: its text replaces the streamed one should they ever differ. */
export function finishAnswer(answer: PaneAnswer, result: PaneResult): PaneAnswer {
  const doc = result.text === answer.text ? answer.doc : splitMarkdown(result.text)
  return {
    ...answer,
    status: result.status,
    attempt: result.attempt,
    responseId: result.responseId,
    storedResponseId: result.storedResponseId,
    model: result.model,
    text: result.text,
    doc,
    reasoning: result.reasoning,
    toolCalls: result.toolCalls,
    usage: result.usage,
    queuedAt: result.metrics.queuedAt,
    sentAt: result.metrics.sentAt,
    firstTokenAt: result.metrics.firstTokenAt,
    lastTokenAt: result.metrics.lastTokenAt,
    ttftMs: result.metrics.ttftMs,
    tokensPerSecond: result.metrics.tokensPerSecond,
    cost: {
      computedUsd: result.cost.computedUsd,
      reportedUsd: result.cost.reportedUsd,
      mismatch: result.cost.mismatch,
      estimatedUsage: result.cost.estimatedUsage
    },
    retry: null,
    error: result.error,
    finishReason: result.finishReason,
    message: result.message
  }
}
