import type { ConnectionState, TransportKind } from '../ipc'
import { juxtaActions, useJuxtaStore } from '../store'

const TRANSPORT_LABEL = { electron: 'Electron IPC (desktop app)', websocket: 'WebSocket (browser mode)' } as const

/** The bottom line: the version and how the window reaches main, notices, and the one alert when it cannot. */
export function StatusBar({ transport, connection }: { transport: TransportKind; connection: ConnectionState | 'no-token' }) {
  const info = useJuxtaStore((state) => state.appInfo)
  const initError = useJuxtaStore((state) => state.initError)
  const notice = useJuxtaStore((state) => state.notice)
  return (
    <footer className="status-bar">
      {initError ? (
        <p role="alert" className="status-error">
          {initError}
        </p>
      ) : info ? (
        <p role="status">
          Juxta {info.version}, connected through {TRANSPORT_LABEL[transport]}
          {connection === 'reconnecting' && ' — reconnecting…'}
        </p>
      ) : (
        <p className="muted">Connecting…</p>
      )}
      {info && info.notices.length > 0 && (
        <ul className="app-notices" aria-label="Notices">
          {info.notices.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      <div className="notice-slot" aria-live="polite">
        {notice && (
          <p className={notice.kind === 'error' ? 'notice notice-error' : 'notice'}>
            <span>{notice.text}</span>
            <button type="button" className="small" onClick={juxtaActions().dismissNotice} aria-label="Dismiss notice">
              ×
            </button>
          </p>
        )}
      </div>
    </footer>
  )
}
