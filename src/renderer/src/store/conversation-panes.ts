import { assistantMessageOf, historyOfPane } from '../../../shared/conversation-thread'
import type { ConversationDetail, ResponseRecord } from '../../../shared/history'
import { splitMarkdown } from '../markdown/block-splitter'
import { type PaneAnswer, type PaneState, emptyAnswer, newPane } from './pane-state'

/**
 * A saved conversation as panes that continue it: the panes that answered its last turn, left to
 * right, each with its own thread so far and that turn's answer on show.
 */
export function conversationPanes(detail: ConversationDetail): PaneState[] {
  const lastIndex = detail.turns.length - 1
  const last = detail.turns[lastIndex]
  const answered = last ? detail.panes.filter((pane) => last.responses.some((response) => response.paneId === pane.id)) : detail.panes
  const shown = (answered.length > 0 ? answered : detail.panes).toSorted((a, b) => a.position - b.position)
  return shown.map((record) => {
    const model = `${record.profileId}:${record.modelId}`
    const response = last?.responses.find((candidate) => candidate.paneId === record.id)
    return newPane(model, {
      parameters: { ...record.parameters },
      systemPrompt: record.systemPrompt ?? '',
      storedPaneId: record.id,
      history: last ? historyOfPane(detail, record.id, lastIndex) : [],
      turn: last ? { prompt: last.prompt, runId: null, answer: response ? savedAnswer(response, model) : emptyAnswer(model, 'stopped') } : null
    })
  })
}

export function savedAnswer(response: ResponseRecord, model: string): PaneAnswer {
  return {
    ...emptyAnswer(model, response.status === 'streaming' ? 'interrupted' : response.status),
    storedResponseId: response.id,
    text: response.text,
    doc: splitMarkdown(response.text),
    reasoning: response.reasoning,
    toolCalls: response.toolCalls,
    usage: response.usage,
    queuedAt: response.timings.queuedAt,
    sentAt: response.timings.sentAt,
    firstTokenAt: response.timings.firstTokenAt,
    lastTokenAt: response.timings.lastTokenAt,
    ttftMs: response.timings.ttftMs,
    tokensPerSecond: response.timings.tokensPerSecond,
    cost: { computedUsd: response.cost.computedUsd, reportedUsd: response.cost.reportedUsd },
    error: response.error,
    finishReason: response.finishReason,
    message: assistantMessageOf(response),
    best: response.best
  }
}
