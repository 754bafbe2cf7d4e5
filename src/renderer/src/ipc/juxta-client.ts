import { type ContractClient, type RawClient, typedClient } from '../../../shared/contract/client'
import type { JuxtaContract } from '../../../shared/contract/juxta-contract'
import { failure } from '../../../shared/contract/result'
import { takeLaunchToken } from './launch-token'
import { type ConnectionState, connectWebSocket } from './websocket-transport'

export type TransportKind = 'electron' | 'websocket'

/** The one way the window reaches main: the same typed API over either transport. */
export interface JuxtaClient extends ContractClient<JuxtaContract> {
  transport: TransportKind
  /** 'no-token': browser mode opened without the address `juxta web` printed. */
  connection(): ConnectionState | 'no-token'
  onConnection(listener: (state: ConnectionState) => void): () => void
}

/** window.juxta in the desktop app (the preload's bridge); otherwise the WebSocket of browser mode. */
export function createJuxtaClient(): JuxtaClient {
  const bridge = window.juxta
  if (bridge) {
    return { ...bridge, transport: 'electron', connection: () => 'open', onConnection: () => () => {} }
  }
  const token = takeLaunchToken()
  if (!token) {
    const refuse: RawClient = {
      invoke: async () => failure('disconnected', 'This page needs the address `juxta web` printed (the part after # is its key). Open that address.'),
      on: () => () => {}
    }
    return { ...typedClient<JuxtaContract>(refuse), transport: 'websocket', connection: () => 'no-token', onConnection: () => () => {} }
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const socket = connectWebSocket(`${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`)
  const client = typedClient<JuxtaContract>(socket.client)
  return {
    // Bound: WireClient's methods use its private fields.
    invoke: client.invoke.bind(client),
    on: client.on.bind(client),
    transport: 'websocket',
    connection: socket.state,
    onConnection: socket.onState
  }
}
