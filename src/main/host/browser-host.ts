import { randomBytes } from 'node:crypto'
import { realpath } from 'node:fs/promises'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import type { Dispatch } from '../ipc/dispatcher'
import { type ServerConnection, serveWire } from '../ipc/wire-server'
import { hostAllowed, originAllowed, ownOrigins, tokenMatches } from './request-checks'
import { resolveStaticFile, sendFile } from './static-files'

export interface BrowserHostOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string
  dispatch: Dispatch
  /** 0 (the default) takes any free port. */
  port?: number
  /** The launch token; random by default (tests may fix it). */
  token?: string
  maxConnections?: number
}

export interface BrowserHost {
  /** The page with its token: http://127.0.0.1:PORT/#token=TOKEN. The fragment never reaches a server or a log. */
  url: string
  origin: string
  port: number
  address: AddressInfo
  token: string
  close(): Promise<void>
}

export const WEBSOCKET_PATH = '/ws'
/** A prompt of 2 MB characters is up to 6 MB of UTF-8, an import up to 48 MB: room for both, and no more. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024

/**
 * Browser mode: the built renderer and the contract over a WebSocket, on 127.0.0.1 only.
 * The page is public (it holds no data); the WebSocket, which reaches the services, needs the
 * launch token, an Origin of this server, and a Host of this server — so neither another web
 * page (Origin), nor a page on a rebinding domain (Host), nor a local process without the token
 * can use it.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const root = await realpath(options.rendererDir)
  const maxConnections = options.maxConnections ?? 32
  const sockets = new Set<WebSocket>()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false })
  let port = 0

  const server: Server = createServer((request, response) => {
    void handleRequest(request, response).catch(() => {
      if (!response.headersSent) refuse(response, 500, 'server error')
      else response.destroy()
    })
  })

  const handleRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(securityHeaders(port))) response.setHeader(name, value)
    if (!hostAllowed(request, port)) return refuse(response, 403, 'unknown host')
    if (!originAllowed(request, port, false)) return refuse(response, 403, 'foreign origin')
    const url = requestTarget(request)
    if (!url) return refuse(response, 400, 'bad request')
    if (url.pathname === WEBSOCKET_PATH) {
      if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(response, 403, 'missing or wrong token')
      return refuse(response, 426, 'WebSocket only', { Upgrade: 'websocket' })
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'method not allowed', { Allow: 'GET, HEAD' })
    const file = await resolveStaticFile(root, url.pathname)
    if (!file) return refuse(response, 404, 'not found')
    await sendFile(response, file, request.method === 'HEAD')
  }

  /** Why a WebSocket upgrade is refused, as an HTTP status line and a reason; null to accept it. */
  const upgradeRefusal = (request: IncomingMessage): [status: string, reason: string] | null => {
    if (!hostAllowed(request, port)) return ['403 Forbidden', 'unknown host']
    // Browsers always send Origin on a WebSocket handshake: one without it is not the page.
    if (!originAllowed(request, port, true)) return ['403 Forbidden', 'foreign or missing origin']
    const url = requestTarget(request)
    if (url?.pathname !== WEBSOCKET_PATH) return ['404 Not Found', 'not found']
    if (!tokenMatches(url.searchParams.get('token'), token)) return ['403 Forbidden', 'missing or wrong token']
    if (sockets.size >= maxConnections) return ['503 Service Unavailable', 'too many connections']
    return null
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const refusal = upgradeRefusal(request)
    if (refusal) {
      const [status, reason] = refusal
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`)
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      serveWire(socketConnection(ws), options.dispatch)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // Loopback only, never all interfaces: nothing else on the network may reach the services.
    server.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  port = address.port
  const origin = ownOrigins(port)[0]!

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    address,
    token,
    close: async () => {
      for (const ws of sockets) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/**
 * The path and query of a request. Only a path is accepted ("origin-form"): resolving the raw
 * target against a base URL would read "//other/x" as another host and "http://…" as a proxy request.
 */
function requestTarget(request: IncomingMessage): URL | null {
  const target = request.url ?? ''
  if (!target.startsWith('/') || !URL.canParse(`http://127.0.0.1${target}`)) return null
  return new URL(`http://127.0.0.1${target}`)
}

/** A WebSocket as the wire server sees it: JSON text messages; anything else ends the connection. */
function socketConnection(ws: WebSocket): ServerConnection {
  return {
    send: (message) => ws.send(JSON.stringify(message)),
    onMessage: (listener) =>
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'text messages only')
        let decoded: unknown
        try {
          decoded = JSON.parse(String(data))
        } catch {
          return ws.close(1007, 'not JSON')
        }
        listener(decoded)
      }),
    onClose: (listener) => ws.on('close', listener)
  }
}

/**
 * Sent with every answer. The header CSP names this server's own WebSocket exactly; the page's
 * meta CSP (which must also allow Electron's file:// page) is looser, and both apply.
 */
export function securityHeaders(port: number): Record<string, string> {
  const ws = ownOrigins(port)
    .map((origin) => origin.replace(/^http:/, 'ws:'))
    .join(' ')
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${ws}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'"
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin'
  }
}

function refuse(response: ServerResponse, status: number, reason: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(`${reason}\n`)
}
