import type { ContinueFrom, PaneSpec, RunEvent, RunInput } from '../../../shared/compare'
import { conversationPanes } from './conversation-panes'
import { estimateRequest } from './composer-slice'
import { defaultPaneModels } from './default-panes'
import { type PaneState, committedHistory, emptyAnswer, isActive, newPane, paneLabels } from './pane-state'
import { paneList, panesFrom } from './panes-slice'
import { applyRunEvents } from './run-events'
import type { GetState, Slice } from './slice'
import type { JuxtaState, RunSlice } from './types'

/** Events of a run whose start has not answered yet are kept, at most this many, until it does. */
const MAX_BUFFERED_EVENTS = 10_000
/** How long send() waits for an estimate it needs for the cost check before sending without it. */
const CONFIRM_ESTIMATE_TIMEOUT_MS = 5_000

export function selectRunning(state: Pick<JuxtaState, 'paneIds' | 'panes'>): boolean {
  return state.paneIds.some((id) => isActive(state.panes[id]?.turn?.answer.status))
}

/** What one pane sends in a run. */
export function paneSpec(pane: PaneState, options: { withHistory: boolean; conversationId: number | null }): PaneSpec {
  const parameters = Object.fromEntries(Object.entries(pane.parameters).filter(([, value]) => value !== undefined))
  const history = committedHistory(pane)
  return {
    id: pane.id,
    model: pane.model,
    ...(Object.keys(parameters).length > 0 && { parameters }),
    ...(pane.systemPrompt !== '' && { systemPrompt: pane.systemPrompt }),
    ...(options.withHistory && history.length > 0 && { history }),
    ...(options.conversationId !== null && pane.storedPaneId !== null && { storedPaneId: pane.storedPaneId })
  }
}

/** The answers on show as one markdown text (for the clipboard). */
export function answersMarkdown(state: Pick<JuxtaState, 'paneIds' | 'panes'>): string {
  const panes = paneList(state)
  const labels = paneLabels(panes)
  const prompt = panes.find((pane) => pane.turn)?.turn?.prompt
  const parts = prompt ? [`## Prompt\n\n${prompt}`] : []
  for (const pane of panes) {
    if (!pane.turn) continue
    const { answer } = pane.turn
    const head = `### ${labels.get(pane.id)}${answer.best ? ' ★ best' : ''}`
    parts.push(`${head}\n\n${answer.text || (answer.error ? `_${answer.error.message}_` : '_no answer_')}`)
  }
  return `${parts.join('\n\n')}\n`
}

function fileName(title: string | null, id: number): string {
  const slug = (title ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return `${slug || `conversation-${id}`}.md`
}

/** The most the next run may cost, from the current estimate or a fresh one; null when unknown. */
async function costCeiling(get: GetState, client: Parameters<Slice<unknown>>[2]['client']): Promise<number | null> {
  const request = estimateRequest(get())
  if (!request) return null
  const shown = get().estimate
  if (shown.status === 'ready' && shown.value && shown.value.panes.length === request.input.panes.length && JSON.stringify(shown.paneIds) === JSON.stringify(request.paneIds)) {
    const same = shown.value.panes.every((pane, index) => pane.model === request.input.panes[index]!.model)
    if (same && get().draft === request.input.prompt) return shown.value.totalUsd.max
  }
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), CONFIRM_ESTIMATE_TIMEOUT_MS))
  const result = await Promise.race([client.invoke('estimate.prompt', request.input), timeout])
  return result?.ok ? result.value.totalUsd.max : null
}

export const createRunSlice: Slice<RunSlice> = (set, get, { client, download, copy }) => {
  /** Runs this window started: their events are applied. */
  const knownRuns = new Set<string>()
  /** compare.start calls not answered yet: events of unknown runs wait for them. */
  let pendingStarts = 0
  let buffered: RunEvent[] = []
  /** Stop all was asked while the start was on its way. */
  let stopWhenStarted = false

  const stopRuns = (): void => {
    const state = get()
    const runs = new Set(state.paneIds.flatMap((id) => {
      const turn = state.panes[id]?.turn
      return turn?.runId && isActive(turn.answer.status) ? [turn.runId] : []
    }))
    for (const runId of runs) void client.invoke('compare.stop', { runId })
    if (state.sending) stopWhenStarted = true
  }

  const apply = (events: readonly RunEvent[]): void => {
    if (events.length === 0) return
    const wasRunning = selectRunning(get())
    set((state) => {
      const panes = applyRunEvents(state.panes, events)
      return panes === state.panes ? {} : { panes }
    })
    // A run just settled: its answers are saved, so the history list has something new.
    if (wasRunning && !selectRunning(get()) && events.some((event) => event.type === 'pane-finished')) get().bumpHistory()
  }

  const start = async (input: RunInput): Promise<Awaited<ReturnType<typeof client.invoke<'compare.start'>>>> => {
    pendingStarts++
    try {
      return await client.invoke('compare.start', input)
    } finally {
      pendingStarts--
    }
  }

  return {
    conversationId: null,
    conversationTitle: null,
    thread: null,
    sending: false,
    sendError: null,
    confirm: null,
    diff: null,

    async send({ confirmed = false } = {}) {
      const state = get()
      if (state.sending || selectRunning(state)) return
      const prompt = state.draft
      if (prompt.trim() === '') {
        set({ sendError: 'Type a prompt first.' })
        return
      }
      const panes = paneList(state)
      const missing = panes.findIndex((pane) => pane.model === '')
      if (missing >= 0) {
        set({ sendError: `Pick a model for pane ${missing + 1} first.` })
        return
      }
      const limit = state.settings?.confirmAboveUsd ?? null
      if (!confirmed && limit !== null) {
        set({ sending: true, sendError: null })
        const ceiling = await costCeiling(get, client)
        set({ sending: false })
        if (get().draft !== prompt) return // edited meanwhile: the user sends again
        if (ceiling !== null && ceiling > limit) {
          set({ confirm: { maxUsd: ceiling, limitUsd: limit } })
          return
        }
      }

      const { thread, conversationId } = get()
      const before = get().panes
      const input: RunInput = {
        prompt,
        panes: panes.map((pane) => paneSpec(pane, { withHistory: !thread, conversationId })),
        ...(conversationId !== null && { conversationId }),
        ...(thread && { thread: { history: thread.history, continuedFromResponseId: thread.continuedFromResponseId } })
      }
      // At once: the draft moves into the panes, which wait for their first event.
      const sent = Object.fromEntries(
        panes.map((pane) => [
          pane.id,
          {
            ...pane,
            history: thread ? thread.history : committedHistory(pane),
            historyFrom: thread ? thread.fromLabel : pane.historyFrom,
            turn: { prompt, runId: null, answer: emptyAnswer(pane.model) }
          }
        ])
      )
      set({ sending: true, sendError: null, confirm: null, draft: '', panes: { ...get().panes, ...sent } })

      let result = await start(input)
      if (!result.ok && result.error.code === 'not_found' && conversationId !== null) {
        // The conversation was deleted meanwhile: this run starts a new one.
        const fresh: RunInput = { ...input, panes: input.panes.map(({ storedPaneId: _stored, ...spec }) => spec) }
        delete fresh.conversationId
        result = await start(fresh)
        if (result.ok) set({ conversationId: null })
      }
      if (!result.ok) {
        buffered = []
        stopWhenStarted = false
        const typed = get().draft
        set((current) => ({
          sending: false,
          sendError: `Not sent: ${result.error.message}`,
          // Nothing typed is lost: the prompt comes back, ahead of anything written since.
          draft: typed === '' ? prompt : `${prompt}\n\n${typed}`,
          panes: Object.fromEntries(Object.entries(current.panes).map(([id, pane]) => [id, before[id] ?? pane]))
        }))
        return
      }

      const handle = result.value
      knownRuns.add(handle.runId)
      set((current) => {
        const panes = { ...current.panes }
        for (const { paneId, storedPaneId } of handle.panes) {
          const pane = panes[paneId]
          if (!pane?.turn) continue
          panes[paneId] = { ...pane, storedPaneId: storedPaneId ?? pane.storedPaneId, turn: { ...pane.turn, runId: handle.runId } }
        }
        return {
          panes,
          sending: false,
          thread: null,
          conversationId: handle.conversationId ?? current.conversationId,
          conversationTitle: current.conversationId === null ? prompt.slice(0, 80) : current.conversationTitle
        }
      })
      get().bumpHistory()
      const early = buffered.filter((event) => event.runId === handle.runId)
      buffered = buffered.filter((event) => event.runId !== handle.runId)
      apply(early)
      if (stopWhenStarted) {
        stopWhenStarted = false
        void client.invoke('compare.stop', { runId: handle.runId })
      }
    },

    cancelSend() {
      set({ confirm: null })
    },

    stopAll() {
      stopRuns()
    },

    stopPane(id) {
      const turn = get().panes[id]?.turn
      if (turn?.runId && isActive(turn.answer.status)) void client.invoke('compare.stop', { runId: turn.runId, paneId: id })
    },

    async retryPane(id) {
      const turn = get().panes[id]?.turn
      if (!turn?.runId) return
      const result = await client.invoke('compare.retry', { runId: turn.runId, paneId: id })
      if (!result.ok) get().notify('error', `Could not retry: ${result.error.message}`)
    },

    async continueWith(id) {
      const state = get()
      const pane = state.panes[id]
      const answer = pane?.turn?.answer
      if (!pane || !answer) return
      let from: ContinueFrom | null = null
      if (pane.turn?.runId && answer.responseId) from = answer.responseId
      else if (state.conversationId !== null && answer.storedResponseId !== null) from = { conversationId: state.conversationId, responseId: answer.storedResponseId }
      if (!from) return
      const result = await client.invoke('compare.continueWith', { from })
      if (!result.ok) {
        get().notify('error', `Cannot continue with that answer: ${result.error.message}`)
        return
      }
      const label = paneLabels(paneList(get())).get(id) ?? pane.model
      set({ thread: { ...result.value, fromLabel: label }, composerFocusSeq: get().composerFocusSeq + 1 })
    },

    clearThread() {
      set({ thread: null })
    },

    async markBest(id, best) {
      const answer = get().panes[id]?.turn?.answer
      if (!answer || answer.storedResponseId === null) return
      const result = await client.invoke('history.markBest', { responseId: answer.storedResponseId, best })
      if (!result.ok) {
        get().notify('error', `Could not mark the answer: ${result.error.message}`)
        return
      }
      // One best answer per turn: marking one unmarks the others (as the store does).
      set((state) => {
        const panes = { ...state.panes }
        for (const paneId of state.paneIds) {
          const pane = panes[paneId]
          if (!pane?.turn) continue
          const mine = paneId === id
          if (!mine && (!best || !pane.turn.answer.best)) continue
          panes[paneId] = { ...pane, turn: { ...pane.turn, answer: { ...pane.turn.answer, best: mine && best } } }
        }
        return { panes }
      })
      get().bumpHistory()
    },

    newComparison() {
      stopRuns()
      const state = get()
      set({
        ...panesFrom(defaultPaneModels(state.settings, state.profiles).map((model) => newPane(model))),
        conversationId: null,
        conversationTitle: null,
        thread: null,
        diff: null,
        confirm: null,
        sendError: null,
        settingsOpen: false,
        composerFocusSeq: state.composerFocusSeq + 1
      })
    },

    async openConversation(id) {
      const result = await client.invoke('history.get', { id })
      if (!result.ok) {
        get().notify('error', `Could not open the conversation: ${result.error.message}`)
        return
      }
      stopRuns()
      const detail = result.value
      const panes = conversationPanes(detail)
      const state = get()
      set({
        ...panesFrom(panes.length > 0 ? panes : defaultPaneModels(state.settings, state.profiles).map((model) => newPane(model))),
        conversationId: detail.id,
        conversationTitle: detail.title,
        thread: null,
        diff: null,
        confirm: null,
        sendError: null,
        settingsOpen: false
      })
      void get().describeModels(panes.map((pane) => pane.model))
    },

    openDiff(left, right) {
      const state = get()
      const answered = state.paneIds.filter((id) => state.panes[id]?.turn)
      const first = left ?? answered[0] ?? state.paneIds[0]
      const second = right ?? answered.find((id) => id !== first) ?? state.paneIds.find((id) => id !== first)
      if (!first || !second) {
        get().notify('info', 'A diff needs two panes.')
        return
      }
      set({ diff: { left: first, right: second }, settingsOpen: false })
    },

    closeDiff() {
      set({ diff: null })
    },

    async exportMarkdown() {
      const { conversationId, conversationTitle } = get()
      if (conversationId === null) {
        get().notify('info', 'Nothing to export yet: send a prompt first.')
        return
      }
      const result = await client.invoke('history.exportMarkdown', { id: conversationId })
      if (!result.ok) {
        get().notify('error', `Export failed: ${result.error.message}`)
        return
      }
      download(fileName(conversationTitle, conversationId), result.value)
    },

    async copyAll() {
      const copied = await copy(answersMarkdown(get()))
      get().notify(copied ? 'info' : 'error', copied ? 'The answers were copied as Markdown.' : 'The clipboard refused the text.')
    },

    connectionLost() {
      set((state) => {
        let changed = false
        const panes = { ...state.panes }
        for (const id of state.paneIds) {
          const pane = panes[id]
          const turn = pane?.turn
          if (!pane || !turn?.runId || !isActive(turn.answer.status)) continue
          changed = true
          const error = { kind: 'network' as const, message: 'The connection to Juxta dropped, which stopped this answer.', provider: pane.model.split(':')[0] ?? '', retryable: true }
          // Its run's events went to the closed socket: the turn no longer follows the run (no retry).
          panes[id] = { ...pane, turn: { ...turn, runId: null, answer: { ...turn.answer, status: 'stopped', retry: null, error, finishReason: 'cancelled' } } }
        }
        return changed ? { panes } : {}
      })
    },

    receiveEvents(events) {
      const mine: RunEvent[] = []
      for (const event of events) {
        if (knownRuns.has(event.runId)) mine.push(event)
        else if (pendingStarts > 0 && buffered.length < MAX_BUFFERED_EVENTS) buffered.push(event)
      }
      apply(mine)
    }
  }
}
