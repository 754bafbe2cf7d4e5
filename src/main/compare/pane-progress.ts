import type { FinalPaneStatus, PaneMetrics } from '../../shared/compare'
import type { ErrorInfo } from '../../shared/errors'
import type { FinishReason, Usage } from '../../shared/generation'
import type { AssistantMessage, ToolCall } from '../../shared/messages'
import type { StreamPart } from '../../shared/stream-parts'
import { finalStatusOf, outputTokensPerSecond, timeToFirstTokenMs } from '../store/response-writer'

/**
 * What one attempt of a pane has produced so far, with the times of its phases. Output (text,
 * reasoning, a tool call) sets the first and last token times exactly as the ResponseWriter
 * does, and the derived figures use the store's own functions, so what the UI is told equals
 * what is saved.
 */
export class PaneProgress {
  text = ''
  reasoning = ''
  reasoningSignature: string | null = null
  toolCalls: ToolCall[] = []
  usage: Usage | null = null
  error: ErrorInfo | null = null
  finishReason: FinishReason | null = null
  rawFinishReason: string | null = null
  servedModel: string | null = null
  readonly queuedAt: number
  sentAt: number | null = null
  firstTokenAt: number | null = null
  lastTokenAt: number | null = null

  constructor(queuedAt: number) {
    this.queuedAt = queuedAt
  }

  /** Takes in one part that arrived at `at`; true when it was the attempt's first output (text, reasoning or a tool call). */
  apply(part: StreamPart, at: number): boolean {
    switch (part.type) {
      case 'response-metadata':
        this.servedModel = part.model ?? this.servedModel
        return false
      case 'text-delta':
        if (!part.text) return false
        this.text += part.text
        return this.#output(at)
      case 'reasoning-delta':
        if (!part.text) return false
        this.reasoning += part.text
        return this.#output(at)
      case 'reasoning-signature':
        this.reasoningSignature = part.signature
        return false
      case 'tool-call':
        this.toolCalls.push(part.toolCall)
        return this.#output(at)
      case 'usage':
        this.usage = part.usage
        return false
      case 'error':
        this.error = part.error
        return false
      case 'finish':
        this.finishReason = part.finishReason
        this.rawFinishReason = part.rawFinishReason
        this.usage = part.usage
        return false
      case 'retry':
        return false
    }
  }

  get hasOutput(): boolean {
    return this.firstTokenAt !== null
  }

  /** How the attempt ended, by the store's rule ('interrupted' is only ever set by the store itself). */
  get status(): FinalPaneStatus {
    const status = finalStatusOf(this.finishReason, this.error)
    return status === 'interrupted' ? 'error' : status
  }

  metrics(): PaneMetrics {
    return {
      queuedAt: this.queuedAt,
      sentAt: this.sentAt,
      firstTokenAt: this.firstTokenAt,
      lastTokenAt: this.lastTokenAt,
      ttftMs: timeToFirstTokenMs(this.queuedAt, this.sentAt, this.firstTokenAt),
      tokensPerSecond: outputTokensPerSecond(this.usage, this.firstTokenAt, this.lastTokenAt)
    }
  }

  /** The answer as the next turn sends it back; null when nothing came. */
  message(): AssistantMessage | null {
    if (!this.text && !this.reasoning && this.toolCalls.length === 0) return null
    return {
      role: 'assistant',
      content: this.text,
      ...(this.reasoning && { reasoning: this.reasoning }),
      ...(this.reasoningSignature && { reasoningSignature: this.reasoningSignature }),
      ...(this.toolCalls.length > 0 && { toolCalls: [...this.toolCalls] })
    }
  }

  #output(at: number): boolean {
    const first = this.firstTokenAt === null
    this.firstTokenAt ??= at
    this.lastTokenAt = at
    return first
  }
}
