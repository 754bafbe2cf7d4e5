import { useEffect } from 'react'
import { juxtaStore, selectRunning } from '../store'

/**
 * The window's keyboard shortcuts, wherever focus is: Ctrl/⌘+Enter sends, Escape or Ctrl+.
 * stops every answer, Ctrl/⌘+N starts a new comparison, Ctrl/⌘+1…9 focuses a pane, Ctrl/⌘+K
 * opens the command palette, Ctrl/⌘+, the settings. (In a browser tab, the browser keeps Ctrl+N
 * and Ctrl+1…9 for itself; the desktop app and the palette have them.)
 */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return
      const store = juxtaStore().getState()
      const mod = event.ctrlKey || event.metaKey
      const act = (action: () => void): void => {
        event.preventDefault()
        action()
      }
      if (mod && !event.altKey && (event.key === 'k' || event.key === 'K')) return act(() => store.setPaletteOpen(!store.paletteOpen))
      if (store.paletteOpen) return // the palette's own keys
      if (mod && event.key === 'Enter') return act(() => void store.send())
      if ((event.key === 'Escape' && !mod) || (event.ctrlKey && event.key === '.')) {
        if (store.confirm && event.key === 'Escape') return act(() => store.cancelSend())
        if (selectRunning(store) || store.sending) act(() => store.stopAll())
        return
      }
      if (mod && !event.shiftKey && !event.altKey && (event.key === 'n' || event.key === 'N')) return act(() => store.newComparison())
      if (mod && !event.shiftKey && !event.altKey && event.key === ',') return act(() => store.showSettings(true))
      if (mod && !event.shiftKey && !event.altKey && /^[1-9]$/.test(event.key)) {
        const n = Number(event.key)
        if (n <= store.paneIds.length) act(() => store.focusPane(n))
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
