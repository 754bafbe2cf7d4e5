import { type TextEdit, applyEdit } from '../../shared/text-edit'

/** Drafts kept per window: the newest few, since edits are sent before earlier answers return. */
const DRAFTS_PER_CALLER = 4

/**
 * The drafts each window (or browser tab) last sent for an estimate, so that the next one can
 * come as an edit of one of them. Keyed by the caller's signal, which lives exactly as long as
 * its connection: a closed window's drafts go with it.
 */
export class DraftMemory {
  readonly #drafts = new WeakMap<AbortSignal, Map<number, string>>()

  remember(caller: AbortSignal, id: number, text: string): void {
    const drafts = this.#drafts.get(caller) ?? new Map<number, string>()
    this.#drafts.set(caller, drafts)
    drafts.delete(id)
    drafts.set(id, text)
    for (const old of drafts.keys()) {
      if (drafts.size <= DRAFTS_PER_CALLER) break
      drafts.delete(old)
    }
  }

  /** The draft `base` with the edit applied; null when that draft is not known (any more) or the edit does not fit it. */
  apply(caller: AbortSignal, base: number, edit: TextEdit): string | null {
    const text = this.#drafts.get(caller)?.get(base)
    return text === undefined ? null : applyEdit(text, edit)
  }
}
