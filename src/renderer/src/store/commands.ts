import { selectRunning } from './run-slice'
import type { GetState } from './slice'
import type { Command } from './types'

/**
 * What the command palette offers, each with the shortcut that does the same. Built from the
 * store's actions; "Focus pane N" for each pane there is (the first nine have shortcuts).
 */
export function buildCommands(get: GetState, modKey: string): Command[] {
  const state = get()
  const paneCount = state.paneIds.length
  const commands: Command[] = [
    { id: 'send', title: 'Send prompt', shortcut: `${modKey}+Enter`, section: 'Comparison', run: () => void get().send() },
    { id: 'stop-all', title: 'Stop all answers', shortcut: 'Escape', section: 'Comparison', run: () => get().stopAll() },
    { id: 'new-comparison', title: 'New comparison', shortcut: `${modKey}+N`, section: 'Comparison', run: () => get().newComparison() },
    { id: 'focus-prompt', title: 'Focus the prompt', section: 'Comparison', run: () => get().focusComposer() },
    { id: 'diff', title: 'Compare two answers word by word', section: 'Comparison', run: () => get().openDiff() },
    { id: 'copy-all', title: 'Copy all answers as Markdown', section: 'Comparison', run: () => void get().copyAll() },
    { id: 'export-markdown', title: 'Export the conversation as Markdown', section: 'Comparison', run: () => void get().exportMarkdown() },
    { id: 'add-pane', title: 'Add a pane', section: 'Panes', run: () => get().addPane() },
    ...Array.from({ length: paneCount }, (_, index): Command => ({
      id: `focus-pane-${index + 1}`,
      title: `Focus pane ${index + 1}`,
      ...(index < 9 && { shortcut: `${modKey}+${index + 1}` }),
      section: 'Panes',
      run: () => get().focusPane(index + 1)
    })),
    { id: 'layout-columns', title: 'Layout: columns', section: 'View', run: () => get().setLayout('columns') },
    { id: 'layout-grid', title: 'Layout: grid', section: 'View', run: () => get().setLayout('grid') },
    { id: 'sync-scroll', title: 'Toggle synchronised scrolling', section: 'View', run: () => get().setSyncScroll(!get().syncScroll) },
    { id: 'toggle-history', title: 'Show or hide history', section: 'View', run: () => get().toggleSidebar() },
    { id: 'theme-system', title: 'Theme: follow the system', section: 'View', run: () => void get().setSetting('theme', 'system') },
    { id: 'theme-light', title: 'Theme: light', section: 'View', run: () => void get().setSetting('theme', 'light') },
    { id: 'theme-dark', title: 'Theme: dark', section: 'View', run: () => void get().setSetting('theme', 'dark') },
    { id: 'settings', title: 'Open settings', shortcut: `${modKey}+,`, section: 'App', run: () => get().showSettings(true) },
    { id: 'palette', title: 'Command palette', shortcut: `${modKey}+K`, section: 'App', run: () => get().setPaletteOpen(true) }
  ]
  return selectRunning(state) ? commands : commands.filter((command) => command.id !== 'stop-all')
}
