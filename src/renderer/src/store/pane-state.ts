import type { PaneCost, PaneStatus } from '../../../shared/compare'
import type { ErrorInfo } from '../../../shared/errors'
import type { FinishReason, Usage } from '../../../shared/generation'
import type { ModelParameters } from '../../../shared/history'
import type { AssistantMessage, Message, ToolCall } from '../../../shared/messages'
import { nextHistory } from '../../../shared/conversation-thread'
import { EMPTY_BLOCKS, type MarkdownBlocks } from '../markdown/block-splitter'

/**
 * What one pane shows and sends: its model instance, its own conversation, and the answer of
 * its current turn as the run's events build it. Plain data, replaced (never mutated) on every
 * change, so a pane's view re-renders only when its own object changes.
 */

/** 'starting': sent to main, no event yet. 'interrupted': saved while streaming when Juxta quit. */
export type AnswerStatus = 'starting' | PaneStatus | 'interrupted'

export const ACTIVE_STATUSES: ReadonlySet<AnswerStatus> = new Set(['starting', 'queued', 'waiting', 'streaming', 'retrying'])

export function isActive(status: AnswerStatus | undefined): boolean {
  return status !== undefined && ACTIVE_STATUSES.has(status)
}

export interface RetryCountdown {
  /** When the request is sent again (main's clock, epoch ms). */
  at: number
  attempt: number | null
  maxAttempts: number | null
  error: ErrorInfo | null
}

export interface PaneAnswer {
  status: AnswerStatus
  attempt: number
  /** The engine's id of this answer (continueWith); null until the pane starts, and for a reopened conversation. */
  responseId: string | null
  /** The saved answer (markBest, continue from history). */
  storedResponseId: number | null
  /** The model that answered: the pane's model when the turn was sent. */
  model: string
  text: string
  /** `text` cut into markdown blocks as it streamed. */
  doc: MarkdownBlocks
  reasoning: string
  toolCalls: ToolCall[]
  usage: Usage | null
  queuedAt: number | null
  sentAt: number | null
  firstTokenAt: number | null
  lastTokenAt: number | null
  ttftMs: number | null
  tokensPerSecond: number | null
  cost: Pick<PaneCost, 'computedUsd' | 'reportedUsd'> & Partial<Pick<PaneCost, 'mismatch' | 'estimatedUsage'>>
  retry: RetryCountdown | null
  error: ErrorInfo | null
  finishReason: FinishReason | null
  /** The assistant message that continues this pane's conversation; null when the answer has none. */
  message: AssistantMessage | null
  best: boolean
}

export interface PaneTurn {
  prompt: string
  /** The run it belongs to; null while compare.start is pending, and for a reopened conversation. */
  runId: string | null
  answer: PaneAnswer
}

export type PaneWidth = 'narrow' | 'normal' | 'wide'

export interface PaneState {
  /** Stable UI id; also the PaneSpec id of every run, so events find their pane. */
  id: string
  /** "profileId:modelId"; '' until one is picked. */
  model: string
  parameters: ModelParameters
  /** '' for none. */
  systemPrompt: string
  width: PaneWidth
  /** The conversation before `turn`. */
  history: Message[]
  /** The history began as another pane's thread ("continue with this answer"): whose, for display. */
  historyFrom: string | null
  /** The saved pane of the conversation this pane continues. */
  storedPaneId: number | null
  turn: PaneTurn | null
}

export function emptyAnswer(model: string, status: AnswerStatus = 'starting'): PaneAnswer {
  return {
    status,
    attempt: 0,
    responseId: null,
    storedResponseId: null,
    model,
    text: '',
    doc: EMPTY_BLOCKS,
    reasoning: '',
    toolCalls: [],
    usage: null,
    queuedAt: null,
    sentAt: null,
    firstTokenAt: null,
    lastTokenAt: null,
    ttftMs: null,
    tokensPerSecond: null,
    cost: { computedUsd: null, reportedUsd: null },
    retry: null,
    error: null,
    finishReason: null,
    message: null,
    best: false
  }
}

let paneCounter = 0

/** A new pane id, unique in this window. */
export function newPaneId(): string {
  paneCounter += 1
  return `p${paneCounter}`
}

export function newPane(model = '', init: Partial<Omit<PaneState, 'id'>> = {}): PaneState {
  return { id: newPaneId(), model, parameters: {}, systemPrompt: '', width: 'normal', history: [], historyFrom: null, storedPaneId: null, turn: null, ...init }
}

/** The conversation the pane's next turn is sent: its history, plus the current turn when there is one. */
export function committedHistory(pane: PaneState): Message[] {
  const { turn } = pane
  if (!turn) return pane.history
  return nextHistory(pane.history, turn.prompt, { message: turn.answer.message })
}

/** Aria label of each pane: its model, numbered when two panes show the same one. */
export function paneLabels(panes: ReadonlyArray<Pick<PaneState, 'id' | 'model'>>): Map<string, string> {
  const counts = new Map<string, number>()
  for (const pane of panes) counts.set(pane.model, (counts.get(pane.model) ?? 0) + 1)
  const seen = new Map<string, number>()
  const labels = new Map<string, string>()
  panes.forEach((pane, index) => {
    if (!pane.model) {
      labels.set(pane.id, `Pane ${index + 1}: no model`)
      return
    }
    const nth = (seen.get(pane.model) ?? 0) + 1
    seen.set(pane.model, nth)
    labels.set(pane.id, (counts.get(pane.model) ?? 0) > 1 ? `${pane.model} #${nth}` : pane.model)
  })
  return labels
}

/** paneLabels() for one pane, without building the whole map (a selector runs it on every update). */
export function paneLabelOf(state: { paneIds: readonly string[]; panes: Readonly<Record<string, Pick<PaneState, 'model'>>> }, id: string): string {
  const model = state.panes[id]?.model ?? ''
  if (!model) return `Pane ${state.paneIds.indexOf(id) + 1}: no model`
  let same = 0
  let nth = 0
  for (const other of state.paneIds) {
    if (state.panes[other]?.model !== model) continue
    same++
    if (other === id) nth = same
  }
  return same > 1 ? `${model} #${nth}` : model
}
