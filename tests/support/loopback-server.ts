import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A real HTTP server on 127.0.0.1 at a random port, standing in for a vendor API. Tests give
 * it a handler that answers in the vendor's exact wire format; it records every request and
 * notices when a client hangs up before the answer is complete.
 */

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  rawBody: string
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: any
  /** The client's port: the same for two requests when the client reused its connection. */
  remotePort: number | undefined
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>

export class LoopbackServer {
  readonly requests: RecordedRequest[] = []
  /** Requests whose client closed the connection before the response ended. */
  clientDisconnects = 0
  private disconnectWaiters: Array<() => void> = []

  private readonly server: Server
  private url_ = ''

  private constructor(handler: Handler) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8')
        let body: unknown
        try {
          body = rawBody ? JSON.parse(rawBody) : undefined
        } catch {
          body = undefined
        }
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          rawBody,
          body,
          remotePort: req.socket.remotePort
        }
        this.requests.push(recorded)
        res.on('close', () => {
          if (!res.writableFinished) this.noteDisconnect()
        })
        Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(599)
          res.end(String(error))
        })
      })
    })
  }

  /** Base URL, e.g. http://127.0.0.1:41234 */
  get url(): string {
    return this.url_
  }

  static async start(handler: Handler): Promise<LoopbackServer> {
    const instance = new LoopbackServer(handler)
    await new Promise<void>((resolve) => instance.server.listen(0, '127.0.0.1', resolve))
    const { port } = instance.server.address() as AddressInfo
    instance.url_ = `http://127.0.0.1:${port}`
    return instance
  }

  /** Resolves once a client has hung up mid-response (or at once if one already has). */
  waitForClientDisconnect(timeoutMs = 5_000): Promise<void> {
    if (this.clientDisconnects > 0) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the client never closed the connection')), timeoutMs)
      this.disconnectWaiters.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private noteDisconnect(): void {
    this.clientDisconnects++
    for (const wake of this.disconnectWaiters.splice(0)) wake()
  }
}

/** One server-sent event, framed as vendors frame them. */
export function sseEvent(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data)
  return `${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`
}

export interface WriteOptions {
  /** Largest piece written at once; pieces are cut at arbitrary byte offsets, even inside a UTF-8 character. */
  maxPieceBytes?: number
  /** Pause between pieces so each arrives as its own TCP read. */
  pauseMs?: number
  /** Seed for the piece sizes, so a failure can be replayed. */
  seed?: number
  /** Stop after this many bytes and destroy the socket: a connection cut mid-stream. */
  cutAfterBytes?: number
  /** Leave the response open after writing, as a stalled server would. */
  leaveOpen?: boolean
}

export function startSse(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers
  })
  response.flushHeaders()
}

/** Writes `payload` in pieces of random size, as a real network would deliver it. */
export async function writeInPieces(response: ServerResponse, payload: string, options: WriteOptions = {}): Promise<void> {
  const bytes = Buffer.from(payload, 'utf8')
  const maxPiece = options.maxPieceBytes ?? 7
  const random = seededRandom(options.seed ?? 1)
  const end = options.cutAfterBytes !== undefined ? Math.min(options.cutAfterBytes, bytes.length) : bytes.length
  let offset = 0
  while (offset < end) {
    const size = Math.min(end - offset, 1 + Math.floor(random() * maxPiece))
    response.write(bytes.subarray(offset, offset + size))
    offset += size
    await pause(options.pauseMs ?? 1)
  }
  if (options.cutAfterBytes !== undefined) {
    response.socket?.destroy()
    return
  }
  if (!options.leaveOpen) response.end()
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(typeof body === 'string' ? body : JSON.stringify(body))
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
