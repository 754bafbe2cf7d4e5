import { WebSocket } from 'ws'
import { type ContractClient, typedClient } from '../../src/shared/contract/client'
import type { JuxtaContract } from '../../src/shared/contract/juxta-contract'
import type { Result } from '../../src/shared/contract/result'
import { WireClient } from '../../src/shared/contract/wire'

/**
 * What the browser-mode page does to reach main: a WebSocket to /ws with the launch token and
 * the page's own Origin, and the contract's wire client on top. Every frame the server sends
 * is kept, as the renderer would receive it, so a test can search all of it.
 */
export interface ContractSocket {
  client: ContractClient<JuxtaContract>
  /** Every message from the server, as the raw text that crossed the socket. */
  frames: string[]
  close(): Promise<void>
}

export async function connectContract(pageUrl: URL, token: string): Promise<ContractSocket> {
  const socket = new WebSocket(`ws://${pageUrl.host}/ws?token=${encodeURIComponent(token)}`, { origin: pageUrl.origin })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const wire = new WireClient()
  const frames: string[] = []
  socket.on('message', (data) => {
    const text = String(data)
    frames.push(text)
    wire.receive(JSON.parse(text))
  })
  socket.on('close', () => wire.detach())
  wire.attach((message) => socket.send(JSON.stringify(message)))
  return {
    client: typedClient<JuxtaContract>(wire),
    frames,
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return
      const closed = new Promise((resolve) => socket.once('close', resolve))
      socket.close()
      await closed
    }
  }
}

/** The value of a call that must succeed; its error, in full, otherwise. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.error)}`)
  return result.value
}
