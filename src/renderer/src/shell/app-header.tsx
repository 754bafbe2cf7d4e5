import { MAX_PANES } from '../../../shared/conversation-thread'
import { MOD_KEY, juxtaActions, selectRunning, useJuxtaStore } from '../store'

/** The toolbar: what applies to the whole comparison. Every button has a name, and a shortcut where there is one. */
export function AppHeader() {
  const layout = useJuxtaStore((state) => state.layout)
  const syncScroll = useJuxtaStore((state) => state.syncScroll)
  const sidebarOpen = useJuxtaStore((state) => state.sidebarOpen)
  const settingsOpen = useJuxtaStore((state) => state.settingsOpen)
  const running = useJuxtaStore(selectRunning)
  const paneCount = useJuxtaStore((state) => state.paneIds.length)
  const title = useJuxtaStore((state) => state.conversationTitle)
  const saved = useJuxtaStore((state) => state.conversationId !== null)
  const actions = juxtaActions()

  return (
    <header className="app-header">
      <h1>Juxta</h1>
      <p className="conversation-title" title={title ?? undefined}>
        {title ?? 'New comparison'}
      </p>
      <nav className="toolbar" aria-label="Toolbar">
        <button type="button" onClick={actions.toggleSidebar} aria-pressed={sidebarOpen}>
          History
        </button>
        <button type="button" onClick={actions.newComparison} aria-keyshortcuts={`${MOD_KEY === '⌘' ? 'Meta' : 'Control'}+N`} title={`${MOD_KEY}+N`}>
          New comparison
        </button>
        <button type="button" onClick={() => actions.addPane()} disabled={paneCount >= MAX_PANES || settingsOpen}>
          Add pane
        </button>
        <div className="segmented" role="group" aria-label="Layout">
          <button type="button" aria-pressed={layout === 'columns'} onClick={() => actions.setLayout('columns')}>
            Columns
          </button>
          <button type="button" aria-pressed={layout === 'grid'} onClick={() => actions.setLayout('grid')}>
            Grid
          </button>
        </div>
        <button type="button" aria-pressed={syncScroll} onClick={() => actions.setSyncScroll(!syncScroll)}>
          Sync scroll
        </button>
        <button type="button" onClick={() => actions.openDiff()} disabled={paneCount < 2 || settingsOpen}>
          Diff
        </button>
        <button type="button" onClick={() => void actions.copyAll()} disabled={settingsOpen}>
          Copy all
        </button>
        <button type="button" onClick={() => void actions.exportMarkdown()} disabled={!saved || running}>
          Export
        </button>
        <button type="button" onClick={() => actions.setPaletteOpen(true)} title={`${MOD_KEY}+K`}>
          Commands
        </button>
        <button type="button" aria-pressed={settingsOpen} onClick={() => actions.showSettings(!settingsOpen)}>
          Settings
        </button>
      </nav>
    </header>
  )
}
