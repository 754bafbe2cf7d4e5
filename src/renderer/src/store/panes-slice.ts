import { MAX_PANES } from '../../../shared/conversation-thread'
import { type PaneState, isActive, newPane } from './pane-state'
import type { Slice } from './slice'
import type { JuxtaState, PanesSlice } from './types'

export function updatePane(state: Pick<JuxtaState, 'panes'>, id: string, change: (pane: PaneState) => PaneState): Pick<JuxtaState, 'panes'> | Record<string, never> {
  const pane = state.panes[id]
  if (!pane) return {}
  return { panes: { ...state.panes, [id]: change(pane) } }
}

/** The panes as a list, left to right. */
export function paneList(state: Pick<JuxtaState, 'paneIds' | 'panes'>): PaneState[] {
  return state.paneIds.flatMap((id) => (state.panes[id] ? [state.panes[id]] : []))
}

export function panesFrom(list: readonly PaneState[]): Pick<JuxtaState, 'paneIds' | 'panes'> {
  return { paneIds: list.map((pane) => pane.id), panes: Object.fromEntries(list.map((pane) => [pane.id, pane])) }
}

export const createPanesSlice: Slice<PanesSlice> = (set, get, { client }) => ({
  paneIds: [],
  panes: {},
  focusRequest: null,

  addPane(model = '') {
    const state = get()
    if (state.paneIds.length >= MAX_PANES) {
      state.notify('info', `A comparison has at most ${MAX_PANES} panes.`)
      return
    }
    const pane = newPane(model)
    set({ paneIds: [...state.paneIds, pane.id], panes: { ...state.panes, [pane.id]: pane }, focusRequest: { paneId: pane.id, seq: (state.focusRequest?.seq ?? 0) + 1 } })
    if (model) void state.describeModels([model])
  },

  removePane(id) {
    const state = get()
    const pane = state.panes[id]
    if (!pane || state.paneIds.length <= 1) return
    // A pane that goes stops its answer: nobody would see it.
    if (pane.turn?.runId && isActive(pane.turn.answer.status)) void client.invoke('compare.stop', { runId: pane.turn.runId, paneId: id })
    const panes = { ...state.panes }
    delete panes[id]
    const diff = state.diff && (state.diff.left === id || state.diff.right === id) ? null : state.diff
    set({ paneIds: state.paneIds.filter((each) => each !== id), panes, diff })
  },

  movePane(id, offset) {
    const ids = [...get().paneIds]
    const from = ids.indexOf(id)
    const to = from + offset
    if (from < 0 || to < 0 || to >= ids.length) return
    ids.splice(from, 1)
    ids.splice(to, 0, id)
    set({ paneIds: ids })
  },

  setPaneModel(id, model) {
    // The conversation stays: the next turn is sent to the new model with this pane's history.
    set((state) => updatePane(state, id, (pane) => ({ ...pane, model })))
    if (model) void get().describeModels([model])
  },

  setPaneParameters(id, parameters) {
    set((state) => updatePane(state, id, (pane) => ({ ...pane, parameters })))
  },

  setPaneSystemPrompt(id, systemPrompt) {
    set((state) => updatePane(state, id, (pane) => ({ ...pane, systemPrompt })))
  },

  setPaneWidth(id, width) {
    set((state) => updatePane(state, id, (pane) => ({ ...pane, width })))
  },

  focusPane(n) {
    const state = get()
    const paneId = state.paneIds[n - 1]
    if (!paneId) return
    set({ settingsOpen: false, focusRequest: { paneId, seq: (state.focusRequest?.seq ?? 0) + 1 } })
  }
})
