import { defaultPaneModels, listedModels } from './default-panes'
import { newPane } from './pane-state'
import { panesFrom } from './panes-slice'
import type { Slice } from './slice'
import type { AppSlice } from './types'

export const createAppSlice: Slice<AppSlice> = (set, get, { client }) => ({
  appInfo: null,
  initError: null,
  settings: null,
  profiles: null,
  modelInfo: {},
  settingsOpen: false,
  paletteOpen: false,
  sidebarOpen: true,
  layout: 'columns',
  syncScroll: false,
  notice: null,
  historyRevision: 0,

  async init() {
    const [info, settings, profiles] = await Promise.all([client.invoke('app.info', {}), client.invoke('settings.get', {}), client.invoke('profiles.list', {})])
    if (!info.ok) {
      set({ initError: info.error.message })
      return
    }
    set({
      appInfo: info.value,
      initError: null,
      ...(settings.ok && { settings: settings.value }),
      ...(profiles.ok && { profiles: profiles.value })
    })
    const state = get()
    // A conversation may have been opened while this loaded: its panes stay.
    if (state.paneIds.length === 0) set(panesFrom(defaultPaneModels(state.settings, state.profiles).map((model) => newPane(model))))
    const refs = new Set([...listedModels(get().profiles), ...get().paneIds.map((id) => get().panes[id]!.model)])
    void get().describeModels([...refs])
  },

  async reloadSettings() {
    const result = await client.invoke('settings.get', {})
    if (result.ok) get().applySettings(result.value)
  },

  applySettings(settings) {
    set({ settings })
  },

  async setSetting(key, value) {
    const result = await client.invoke('settings.set', { key, value } as Parameters<typeof client.invoke<'settings.set'>>[1])
    if (result.ok) set({ settings: result.value })
    else get().notify('error', `The setting was not saved: ${result.error.message}`)
  },

  async reloadProfiles() {
    const result = await client.invoke('profiles.list', {})
    if (!result.ok) return
    set({ profiles: result.value })
    void get().describeModels(listedModels(result.value))
  },

  async describeModels(refs) {
    const known = get().modelInfo
    const wanted = [...new Set(refs)].filter((ref) => ref.includes(':') && !(ref in known))
    if (wanted.length === 0) return
    const result = await client.invoke('models.describe', { models: wanted.slice(0, 256) })
    if (!result.ok) return
    set((state) => ({ modelInfo: { ...state.modelInfo, ...Object.fromEntries(result.value.map((model) => [model.ref, model])) } }))
  },

  showSettings(open) {
    set({ settingsOpen: open, ...(open && { paletteOpen: false }) })
  },

  setPaletteOpen(open) {
    set({ paletteOpen: open })
  },

  toggleSidebar() {
    set((state) => ({ sidebarOpen: !state.sidebarOpen }))
  },

  setLayout(layout) {
    set({ layout })
  },

  setSyncScroll(on) {
    set({ syncScroll: on })
  },

  notify(kind, text) {
    set({ notice: { kind, text } })
  },

  dismissNotice() {
    set({ notice: null })
  },

  bumpHistory() {
    set((state) => ({ historyRevision: state.historyRevision + 1 }))
  }
})
