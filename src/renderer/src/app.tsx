import { useEffect, useState } from 'react'
import type { AppInfo } from '../../shared/contract/juxta-contract'
import { type ConnectionState, juxta } from './ipc'

type Loaded = { state: 'loading' } | { state: 'ready'; info: AppInfo } | { state: 'failed'; message: string }

const TRANSPORT_LABEL = { electron: 'Electron IPC (desktop app)', websocket: 'WebSocket (browser mode)' } as const

export function App() {
  const client = juxta()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [connection, setConnection] = useState<ConnectionState | 'no-token'>(client.connection())

  useEffect(() => client.onConnection(setConnection), [client])
  useEffect(() => {
    let current = true
    void client.invoke('app.info', {}).then((result) => {
      if (!current) return
      setLoaded(result.ok ? { state: 'ready', info: result.value } : { state: 'failed', message: result.error.message })
    })
    return () => {
      current = false
    }
  }, [client])

  return (
    <main className="app">
      <h1>Juxta</h1>
      <p>One prompt, many models, side by side.</p>
      {loaded.state === 'loading' && <p className="muted">Connecting…</p>}
      {loaded.state === 'ready' && (
        <p role="status">
          Juxta {loaded.info.version}, connected through {TRANSPORT_LABEL[client.transport]}
          {connection === 'reconnecting' && ' — reconnecting…'}
        </p>
      )}
      {loaded.state === 'failed' && <p role="alert">{loaded.message}</p>}
      {loaded.state === 'ready' && loaded.info.notices.length > 0 && (
        <ul className="notices">
          {loaded.info.notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      )}
    </main>
  )
}
