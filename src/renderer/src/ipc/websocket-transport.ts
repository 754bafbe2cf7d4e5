import { type ClientMessage, WireClient } from '../../../shared/contract/wire'

export type ConnectionState = 'connecting' | 'open' | 'reconnecting'

export interface WebSocketTransport {
  client: WireClient
  state(): ConnectionState
  onState(listener: (state: ConnectionState) => void): () => void
}

const FIRST_RETRY_MS = 250
const LONGEST_RETRY_MS = 10_000

/**
 * The contract over a WebSocket that comes back when it drops: retries with exponential
 * backoff and jitter (so many tabs do not hammer a restarting server in step). Calls made
 * while it is down wait for it; calls in flight when it dropped fail as 'disconnected'.
 */
export function connectWebSocket(url: string): WebSocketTransport {
  const client = new WireClient()
  const listeners = new Set<(state: ConnectionState) => void>()
  let state: ConnectionState = 'connecting'
  let failures = 0

  const setState = (next: ConnectionState): void => {
    state = next
    for (const listener of listeners) listener(next)
  }

  const connect = (): void => {
    const socket = new WebSocket(url)
    socket.addEventListener('open', () => {
      failures = 0
      setState('open')
      client.attach((message: ClientMessage) => socket.send(JSON.stringify(message)))
    })
    socket.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return
      try {
        client.receive(JSON.parse(event.data))
      } catch {
        // Not JSON: not from our server; ignore it.
      }
    })
    socket.addEventListener('close', () => {
      if (client.connected) client.detach()
      setState('reconnecting')
      const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** failures++)
      setTimeout(connect, delay * (0.5 + Math.random() / 2))
    })
  }
  connect()

  return {
    client,
    state: () => state,
    onState: (listener) => {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    }
  }
}
