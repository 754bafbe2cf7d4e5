import { type ContractClient, typedClient } from '../../shared/contract/client'
import type { Contract } from '../../shared/contract/define'
import { type ClientMessage, type ServerMessage, WireClient } from '../../shared/contract/wire'
import type { Dispatch } from './dispatcher'
import { type ServerConnection, serveWire } from './wire-server'

export interface MemoryConnection<C extends Contract> {
  client: ContractClient<C>
  /** Closes both ends: the server side's work is aborted, calls in flight fail as 'disconnected'. */
  close(): void
}

/**
 * A client and server joined in memory, for tests. Every message is structured-cloned and
 * delivered on a later task, as across a real process boundary, so a handler returning what
 * cannot be cloned, or a test relying on synchronous delivery, fails here too.
 */
export function connectInMemory<C extends Contract>(dispatch: Dispatch): MemoryConnection<C> {
  const client = new WireClient()
  const toServer = new Set<(data: unknown) => void>()
  const closeListeners = new Set<() => void>()
  let open = true

  const deliver = (listener: (data: unknown) => void, message: ClientMessage | ServerMessage): void => {
    const copy = structuredClone(message)
    setImmediate(() => {
      if (open) listener(copy)
    })
  }

  const server: ServerConnection = {
    send: (message) => deliver((data) => client.receive(data), message),
    onMessage: (listener) => void toServer.add(listener),
    onClose: (listener) => void closeListeners.add(listener)
  }
  serveWire(server, dispatch)
  client.attach((message) => {
    for (const listener of toServer) deliver(listener, message)
  })

  return {
    client: typedClient<C>(client),
    close: () => {
      if (!open) return
      open = false
      client.detach('the in-memory connection was closed')
      for (const listener of closeListeners) listener()
    }
  }
}
