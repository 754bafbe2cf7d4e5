import type { ServerResponse } from 'node:http'
import { type Socket, createServer } from 'node:net'
import { type Wire, sseOf } from './fault-wire'
import { LoopbackServer, type RecordedRequest, pause, startSse } from './loopback-server'

/**
 * Where a pane's profile points in the fault matrix: a loopback server that misbehaves on
 * purpose, a port nothing listens on, a host that does not exist, or a TCP server that does not
 * speak TLS. Each records what reached it, so a test can tell a retry from a single request.
 */
export interface Endpoint {
  baseURL: string
  /** HTTP requests (for the TLS server: connections) that reached it; null where nothing can. */
  readonly received: number | null
  /** When each request arrived, in ms since the epoch. */
  readonly arrivals: readonly number[]
  readonly requests: readonly RecordedRequest[]
  /** Resolves once the app has closed a connection before the response ended. */
  waitForHangUp(): Promise<void>
  close(): Promise<void>
}

/** What every fault server of a run shares. */
export interface RunContext {
  key: string
  /**
   * Resolves once the healthy panes' requests are in flight. Fault servers answer only then, so
   * every fault happens while the healthy panes are mid-answer.
   */
  healthyInFlight: Promise<void>
}

export type Behaviour = (request: RecordedRequest, response: ServerResponse, attempt: number) => void | Promise<void>

/** A loopback HTTP server that behaves as told; `attempt` counts its requests from 1. */
export async function loopbackEndpoint(wire: Wire, run: RunContext, behave: Behaviour): Promise<Endpoint> {
  const arrivals: number[] = []
  const server = await LoopbackServer.start(async (request, response) => {
    arrivals.push(Date.now())
    const attempt = arrivals.length
    await run.healthyInFlight
    await behave(request, response, attempt)
  })
  return {
    baseURL: wire.baseURL(server.url),
    get received() {
      return server.requests.length
    },
    arrivals,
    requests: server.requests,
    waitForHangUp: () => server.waitForClientDisconnect(10_000),
    close: () => server.close()
  }
}

/** Nothing can reach these: no request is ever received, no connection is left to close. */
function unreachable(baseURL: string): Endpoint {
  return {
    baseURL,
    received: null,
    arrivals: [],
    requests: [],
    waitForHangUp: () => Promise.reject(new Error('nothing listens at an unreachable endpoint')),
    close: async () => {}
  }
}

/** A loopback port that was bound and closed again: connections are refused at once. */
export async function closedPortEndpoint(wire: Wire): Promise<Endpoint> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return unreachable(wire.baseURL(`http://127.0.0.1:${port}`))
}

/** RFC 6761 reserves .invalid: the name never resolves, on any network. */
export const UNRESOLVABLE_HOST = 'juxta-fault.invalid'

export function unresolvableEndpoint(wire: Wire): Endpoint {
  return unreachable(wire.baseURL(`http://${UNRESOLVABLE_HOST}`))
}

/**
 * An https:// base URL whose server answers the TLS ClientHello with plain HTTP: a real
 * handshake failure, seen by the client as a wrong record version.
 */
export async function notTlsEndpoint(wire: Wire, run: RunContext): Promise<Endpoint> {
  const arrivals: number[] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    arrivals.push(Date.now())
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.once('data', () => {
      void run.healthyInFlight.then(() => socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\nThis port speaks plain HTTP.\n'))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    baseURL: wire.baseURL(`https://127.0.0.1:${port}`),
    get received() {
      return arrivals.length
    },
    arrivals,
    requests: [],
    waitForHangUp: () => Promise.reject(new Error('the TLS endpoint never gets as far as a response')),
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** What a healthy server sent; read once the run has ended. */
export interface HealthyAnswer {
  /** Exactly the answer text it streamed. */
  text: string
  /** The output tokens its usage event reported. */
  outputTokens: number
  /** Text events it had streamed when the last faulty pane ended; 0 if that came first. */
  eventsBeforeFaultsEnded: number
  /** False when it gave up waiting for the faulty panes to end. */
  sawFaultsEnd: boolean
}

export interface HealthyServer {
  endpoint: Endpoint
  /** Resolves when its request has arrived. */
  arrived: Promise<void>
  sent: HealthyAnswer
}

/** How often a healthy server sends a sentence while it waits: far inside any idle timeout. */
const HEALTHY_EVENT_EVERY_MS = 50
/** A healthy server stops waiting for the faults after this long, and says so. */
const HEALTHY_PATIENCE_MS = 60_000

/**
 * A server that answers well and keeps answering, a sentence at a time, until every faulty pane
 * of the run has ended (`faultsEnded`), then finishes. So it is mid-answer for the whole of every
 * fault, and its text is whatever it sent, which it records byte for byte.
 */
export async function healthyServer(wire: Wire, faultsEnded: Promise<void>): Promise<HealthyServer> {
  let arrive!: () => void
  const arrived = new Promise<void>((resolve) => (arrive = resolve))
  let ended = false
  void faultsEnded.then(() => (ended = true))
  const sent: HealthyAnswer = { text: '', outputTokens: 0, eventsBeforeFaultsEnded: 0, sawFaultsEnd: false }
  const endpoint = await loopbackEndpoint(wire, { key: '', healthyInFlight: Promise.resolve() }, async (_request, response) => {
    arrive()
    startSse(response)
    response.write(sseOf(wire.head()))
    const chunks: string[] = []
    const giveUpAt = Date.now() + HEALTHY_PATIENCE_MS
    while (!ended && Date.now() < giveUpAt) {
      chunks.push(`Satz ${chunks.length + 1}: grün ✓. `)
      response.write(wire.text(chunks.at(-1)!))
      await Promise.race([faultsEnded, pause(HEALTHY_EVENT_EVERY_MS)])
    }
    sent.eventsBeforeFaultsEnded = chunks.length
    sent.sawFaultsEnd = ended
    chunks.push('Ende.')
    response.write(wire.text('Ende.'))
    sent.text = chunks.join('')
    sent.outputTokens = chunks.length
    response.end(sseOf(wire.tail(chunks.length)))
  })
  return { endpoint, arrived, sent }
}
