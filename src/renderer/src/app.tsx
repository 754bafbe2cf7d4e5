import { useEffect, useState } from 'react'
import { CompareView } from './features/compare/compare-view'
import { HistorySidebar } from './features/history/history-sidebar'
import { CommandPalette } from './features/palette/command-palette'
import { SettingsView } from './features/settings/settings-view'
import { type ConnectionState, juxta } from './ipc'
import { juxtaActions, useJuxtaStore } from './store'
import { AppHeader } from './shell/app-header'
import { AppLayout } from './shell/app-layout'
import { useGlobalShortcuts } from './shell/shortcuts'
import { StatusBar } from './shell/status-bar'
import { useTheme } from './shell/theme'

let started = false

export function App() {
  const client = juxta()
  const [connection, setConnection] = useState<ConnectionState | 'no-token'>(client.connection())
  const settingsOpen = useJuxtaStore((state) => state.settingsOpen)
  const sidebarOpen = useJuxtaStore((state) => state.sidebarOpen)
  const paletteOpen = useJuxtaStore((state) => state.paletteOpen)
  const commands = useJuxtaStore((state) => state.commands)
  const conversationId = useJuxtaStore((state) => state.conversationId)
  const historyRevision = useJuxtaStore((state) => state.historyRevision)
  // Without a connection there is no history to list (and one alert, the status bar's, says why).
  const reachable = useJuxtaStore((state) => state.initError === null) && connection !== 'no-token'
  const actions = juxtaActions()

  useEffect(
    () =>
      client.onConnection((state) => {
        setConnection(state)
        // Main stops a run whose socket closed: its panes will hear nothing more.
        if (state === 'reconnecting') juxtaActions().connectionLost()
      }),
    [client]
  )
  useEffect(() => {
    if (started) return
    started = true
    void juxtaActions().init()
  }, [])
  useTheme()
  useGlobalShortcuts()

  return (
    <>
      <AppLayout
        sidebarOpen={sidebarOpen && reachable}
        header={<AppHeader />}
        sidebar={<HistorySidebar onOpen={(id) => void actions.openConversation(id)} activeId={conversationId} refreshKey={historyRevision} />}
        main={
          settingsOpen ? (
            <SettingsView
              onClose={() => actions.showSettings(false)}
              // The store follows every save at once, so however Settings is left (its Close,
              // the header toggle, Ctrl+N, opening a conversation) the window is up to date.
              onSettingsChange={actions.applySettings}
              onProfilesChange={() => void actions.reloadProfiles()}
            />
          ) : (
            <CompareView />
          )
        }
        footer={<StatusBar transport={client.transport} connection={connection} />}
      />
      <CommandPalette open={paletteOpen} onClose={() => actions.setPaletteOpen(false)} commands={commands} />
    </>
  )
}
