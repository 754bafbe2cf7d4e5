import { type JuxtaClient, createJuxtaClient } from './juxta-client'

export type { JuxtaClient, TransportKind } from './juxta-client'
export type { ConnectionState } from './websocket-transport'

let client: JuxtaClient | undefined

/** The window's client, made on first use (in browser mode that opens the WebSocket). */
export function juxta(): JuxtaClient {
  return (client ??= createJuxtaClient())
}
