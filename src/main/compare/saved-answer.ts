import type { ErrorInfo } from '../../shared/errors'
import type { FinishReason, Usage } from '../../shared/generation'
import type { StreamPart } from '../../shared/stream-parts'
import type { ResponseWriter } from '../store/response-writer'

/**
 * A pane's ResponseWriter, made harmless: a save that fails (disk full, database locked too
 * long) is reported once and saving stops, but the pane streams on and the user keeps the answer.
 */
export class SavedAnswer {
  readonly id: number | null
  #writer: ResponseWriter | null
  readonly #report: (error: unknown) => void

  constructor(open: () => ResponseWriter | null, report: (error: unknown) => void) {
    this.#report = report
    let writer: ResponseWriter | null = null
    try {
      writer = open()
    } catch (error) {
      report(error)
    }
    this.#writer = writer
    this.id = writer?.id ?? null
  }

  markSent(at: number): void {
    this.#guard((writer) => writer.markSent(at))
  }

  /** Every part of the stream; `finish` saves the whole answer. */
  write(part: StreamPart): void {
    this.#guard((writer) => writer.write(part))
  }

  /** Ends an answer whose stream gave no `finish` (never sent, or broken); a no-op after one. */
  end(finishReason: FinishReason, usage: Usage | null, error: ErrorInfo | null): void {
    this.#guard((writer) => writer.finish({ finishReason, usage, error }))
  }

  #guard(action: (writer: ResponseWriter) => void): void {
    if (!this.#writer) return
    try {
      action(this.#writer)
    } catch (error) {
      this.#writer = null
      this.#report(error)
    }
  }
}
