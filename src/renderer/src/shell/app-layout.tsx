import type { ReactNode } from 'react'

/**
 * The window's frame: the toolbar across the top, the history sidebar on the left (hidden on
 * request), the main view, and a status bar at the bottom.
 */
export function AppLayout({ header, sidebar, main, footer, sidebarOpen }: { header: ReactNode; sidebar: ReactNode; main: ReactNode; footer: ReactNode; sidebarOpen: boolean }) {
  return (
    <div className={sidebarOpen ? 'app-shell' : 'app-shell no-sidebar'}>
      {header}
      {sidebarOpen && <div className="app-sidebar">{sidebar}</div>}
      <div className="app-main">{main}</div>
      {footer}
    </div>
  )
}
