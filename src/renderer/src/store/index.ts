import { useStore } from 'zustand'
import { juxta } from '../ipc'
import { copyText, downloadText } from '../shell/clipboard'
import { createJuxtaStore } from './juxta-store'
import type { JuxtaState } from './types'

export type { Command, JuxtaState, Layout, Notice } from './types'
export type { PaneAnswer, PaneState, PaneTurn } from './pane-state'
export { selectRunning } from './run-slice'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
/** "⌘" on macOS, "Ctrl" elsewhere: how shortcuts are written in the window. */
export const MOD_KEY = isMac ? '⌘' : 'Ctrl'

/** The window's store (made on first use, with the window's client). */
let store: ReturnType<typeof createJuxtaStore> | undefined
export function juxtaStore(): ReturnType<typeof createJuxtaStore> {
  return (store ??= createJuxtaStore({ client: juxta(), download: downloadText, copy: copyText, modKey: MOD_KEY }))
}

/**
 * The store as a hook: `useJuxtaStore((state) => state.panes[id])`. Select the smallest piece
 * you need; a component re-renders only when what its selector returns changes.
 */
export function useJuxtaStore<T>(selector: (state: JuxtaState) => T): T {
  return useStore(juxtaStore(), selector)
}

/**
 * The store's actions, for event handlers: they read the current state themselves, so calling
 * them needs no subscription (and causes no re-render).
 */
export function juxtaActions(): JuxtaState {
  return juxtaStore().getState()
}
