import { failure } from '../../shared/contract/result'
import type { ServerMessage } from '../../shared/contract/wire'
import type { Dispatch } from './dispatcher'

/**
 * One connection of a message transport, seen from main: the WebSocket of browser mode or
 * the in-memory pair of the tests. Messages arrive decoded but unchecked.
 */
export interface ServerConnection {
  send(message: ServerMessage): void
  onMessage(listener: (data: unknown) => void): void
  onClose(listener: () => void): void
}

export interface ServeOptions {
  /** Calls one connection may have running at once; more are refused, not queued. */
  maxInFlight?: number
}

const MAX_ROUTE_NAME = 200

/**
 * Answers a connection's calls through the dispatcher. Events of its calls go back on the same
 * connection, and stop once it closes; work it started sees its signal abort.
 */
export function serveWire(connection: ServerConnection, dispatch: Dispatch, options: ServeOptions = {}): void {
  const maxInFlight = options.maxInFlight ?? 64
  const gone = new AbortController()
  let inFlight = 0

  const send = (message: ServerMessage): void => {
    if (gone.signal.aborted) return
    try {
      connection.send(message)
    } catch {
      // The transport could not encode it (a value JSON cannot hold); the caller must still get an answer.
      if (message.type !== 'result') return
      try {
        connection.send({ type: 'result', id: message.id, result: failure('failed', 'the answer could not be sent') })
      } catch {
        // The connection itself is failing; its close follows and ends the caller's work.
      }
    }
  }
  const caller = { emit: (event: string, payload: unknown) => send({ type: 'event', event, payload }), signal: gone.signal }

  connection.onClose(() => gone.abort())
  connection.onMessage((data) => {
    const message = data as { type?: unknown; id?: unknown; route?: unknown; input?: unknown } | null
    if (typeof message !== 'object' || message === null || !Number.isSafeInteger(message.id)) return
    const id = message.id as number
    if (message.type !== 'invoke' || typeof message.route !== 'string' || message.route.length > MAX_ROUTE_NAME) {
      send({ type: 'result', id, result: failure('invalid_input', 'not a call this server understands') })
      return
    }
    if (inFlight >= maxInFlight) {
      send({ type: 'result', id, result: failure('unavailable', 'too many requests at once; try again') })
      return
    }
    inFlight++
    void dispatch(message.route, message.input, caller).then((result) => {
      inFlight--
      send({ type: 'result', id, result })
    })
  })
}
