import { editBetween } from '../../../shared/text-edit'
import { paneList } from './panes-slice'
import type { Slice } from './slice'
import type { ComposerSlice, JuxtaState } from './types'

/** The estimate.prompt input for the current draft and panes; null when there is nothing to estimate. */
export function estimateRequest(state: Pick<JuxtaState, 'draft' | 'paneIds' | 'panes'>) {
  const panes = paneList(state).filter((pane) => pane.model !== '')
  // A test, not trim(): trimming copies the whole draft, 400 kB for a 100k-token prompt.
  if (!/\S/.test(state.draft) || panes.length === 0) return null
  return {
    paneIds: panes.map((pane) => pane.id),
    input: {
      prompt: state.draft,
      panes: panes.map((pane) => ({
        model: pane.model,
        ...(pane.systemPrompt !== '' && { system: pane.systemPrompt }),
        ...(pane.parameters.maxTokens !== undefined && { maxTokens: pane.parameters.maxTokens })
      }))
    }
  }
}

type EstimateInput = NonNullable<ReturnType<typeof estimateRequest>>['input']

/** Whether a change of state can change the estimate: cheap (identity checks), as it runs on every update. */
export function estimateInputsChanged(before: JuxtaState, after: JuxtaState): boolean {
  if (before.draft !== after.draft || before.paneIds !== after.paneIds) return true
  return after.paneIds.some((id) => {
    const a = before.panes[id]
    const b = after.panes[id]
    return a?.model !== b?.model || a?.systemPrompt !== b?.systemPrompt || a?.parameters !== b?.parameters
  })
}

export const createComposerSlice: Slice<ComposerSlice> = (set, get, { client, estimateDelayMs }) => {
  let timer: ReturnType<typeof setTimeout> | undefined
  // Only the newest request's answer is shown: an older one arriving late is dropped.
  let latest = 0
  /**
   * The input of the estimate on show, so an unchanged input is not estimated again: the prompt
   * apart (compared as it is, not serialised: a 100k-token prompt is 400 kB, and this runs on
   * every keystroke) and the rest as JSON.
   */
  let shown: { prompt: string; panes: string } | null = null
  /**
   * The draft last sent to main, numbered, so the next can go as an edit of it: a keystroke then
   * sends a few characters instead of the whole prompt (serialising and sending 400 kB was the
   * longest task of typing into a 100k-token prompt).
   */
  let sent: { id: number; text: string } | null = null
  let drafts = 0

  const ask = async (input: EstimateInput): Promise<Awaited<ReturnType<typeof client.invoke<'estimate.prompt'>>>> => {
    const { prompt, panes } = input
    const draft = ++drafts
    const edit = sent ? editBetween(sent.text, prompt) : null
    const base = sent?.id
    sent = { id: draft, text: prompt }
    if (edit && base !== undefined && edit.insert.length < prompt.length / 4) {
      const result = await client.invoke('estimate.prompt', { edit: { base, ...edit }, draft, panes })
      // Main no longer has that draft (restarted, reconnected): send this one whole.
      if (result.ok || result.error.code !== 'not_found') return result
    }
    return client.invoke('estimate.prompt', { prompt, draft, panes })
  }

  const run = async (): Promise<void> => {
    const request = estimateRequest(get())
    const seq = ++latest
    if (!request) {
      shown = null
      set({ estimate: { status: 'idle', value: null, paneIds: [], error: null } })
      return
    }
    const key = { prompt: request.input.prompt, panes: JSON.stringify(request.input.panes) }
    const current = get().estimate
    if (shown && key.prompt === shown.prompt && key.panes === shown.panes && current.value) {
      set({ estimate: { ...current, status: 'ready' } })
      return
    }
    const result = await ask(request.input)
    // Main keeps a draft as soon as it has read it; only a request it refused or never got leaves it without.
    if (!result.ok && result.error.code !== 'unavailable' && result.error.code !== 'failed') sent = null
    if (seq !== latest) return
    shown = result.ok ? key : null
    set({
      estimate: result.ok
        ? { status: 'ready', value: result.value, paneIds: request.paneIds, error: null }
        : { status: 'error', value: null, paneIds: request.paneIds, error: result.error.message }
    })
  }

  return {
    draft: '',
    setDraft(text) {
      set({ draft: text })
    },
    composerFocusSeq: 0,
    focusComposer() {
      set((state) => ({ composerFocusSeq: state.composerFocusSeq + 1, settingsOpen: false }))
    },
    estimate: { status: 'idle', value: null, paneIds: [], error: null },
    refreshEstimate() {
      clearTimeout(timer)
      const estimate = get().estimate
      if (estimate.status === 'ready' || estimate.status === 'error') set({ estimate: { ...estimate, status: 'pending' } })
      // Invalidate what is in flight now, not only when the timer fires.
      latest++
      timer = setTimeout(() => void run(), estimateDelayMs)
    }
  }
}
