import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { type IncomingHttpHeaders, request } from 'node:http'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { z } from 'zod'
import { type BrowserHost, startBrowserHost } from '../../src/main/host/browser-host'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { defineContract, event, route } from '../../src/shared/contract/define'
import { juxtaContract } from '../../src/shared/contract/juxta-contract'
import type { ServerMessage } from '../../src/shared/contract/wire'
import { TEST_VERSION, testServices } from '../support/main-services'

// The real HTTP + WebSocket server on 127.0.0.1, port 0, with a renderer folder of its own.

const contract = defineContract({
  routes: {
    ping: route(z.strictObject({ times: z.number().int().min(0).max(5) })).returns<number>(),
    ...juxtaContract.routes
  },
  events: { ...juxtaContract.events, pong: event<{ n: number }>() }
})

let dir: string
let host: BrowserHost
let dispose: () => Promise<void>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'juxta-host-'))
  const renderer = join(dir, 'renderer')
  await mkdir(join(renderer, 'assets', 'fonts'), { recursive: true })
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Juxta</title><script type="module" src="./assets/app.js"></script>')
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log("juxta")')
  await writeFile(join(renderer, 'assets', 'app.css'), 'body{}')
  await writeFile(join(renderer, 'assets', 'fonts', 'a.woff2'), 'font')
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer')
  await symlink(join(dir, 'secret.txt'), join(renderer, 'assets', 'link.txt'))

  const made = await testServices()
  dispose = made.dispose
  const juxtaHandlers = createHandlers(made.services)
  const dispatch = createDispatcher(contract, {
    ...juxtaHandlers,
    ping: ({ times }, { emit }) => {
      for (let n = 1; n <= times; n++) emit('pong', { n })
      return times
    }
  })
  host = await startBrowserHost({ rendererDir: renderer, dispatch, port: 0 })
})

afterAll(async () => {
  await host?.close()
  await dispose?.()
  await rm(dir, { recursive: true, force: true })
})

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** A raw request, so the test controls the path and the Host and Origin headers exactly. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function own(): string {
  return `http://127.0.0.1:${host.port}`
}

/** Opens a WebSocket; resolves with it once open, or with the HTTP status of the refusal. */
function socket(options: { token?: string | null; origin?: string | null; host?: string; path?: string } = {}): Promise<WebSocket | number> {
  const token = options.token === undefined ? host.token : options.token
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`
  const origin = options.origin === undefined ? own() : options.origin
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${options.path ?? '/ws'}${query}`, {
    ...(origin !== null && { origin }),
    headers: { host: options.host ?? `127.0.0.1:${host.port}` }
  })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('error', reject)
  })
}

function messages(ws: WebSocket): ServerMessage[] {
  const received: ServerMessage[] = []
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as ServerMessage))
  return received
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('browser host: the page', () => {
  it('listens on 127.0.0.1 only, and prints a page URL carrying a 256-bit token in the fragment', () => {
    expect(host.address.address).toBe('127.0.0.1')
    expect(host.port).toBeGreaterThan(0)
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`)
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32)
  })

  it('is not reachable on another interface of this machine', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)
    if (!external) return
    const refused = await new Promise<string>((resolve) => {
      const req = request({ host: external.address, port: host.port, path: '/', timeout: 2_000 }, () => resolve('answered'))
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
      req.on('timeout', () => req.destroy())
      req.end()
    })
    expect(refused).not.toBe('answered')
  })

  it('serves index.html and assets with their types and a strict CSP naming its own WebSocket', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<title>Juxta</title>')
    const csp = page.headers['content-security-policy']!
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`)
    expect(csp).not.toContain('unsafe')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['referrer-policy']).toBe('no-referrer')

    const script = await get('/assets/app.js', { origin: own() })
    expect(script).toMatchObject({ status: 200, body: 'console.log("juxta")' })
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    expect((await get('/assets/fonts/a.woff2')).headers['content-type']).toBe('font/woff2')
    expect(await get('/index.html', {}, 'HEAD')).toMatchObject({ status: 200, body: '' })
    expect((await get('/index.html', {}, 'POST')).status).toBe(405)
    expect((await get('/nothing.js')).status).toBe(404)
    // Every answer carries the CSP, refusals included.
    expect((await get('/nothing.js')).headers['content-security-policy']).toBe(csp)
  })

  it('refuses path traversal, encoded or not, directories (no listing) and symlinks out of the folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '//secret.txt',
      '/%00',
      '/%E0%A4%A',
      '/assets/',
      '/assets',
      '/assets/fonts/',
      '/assets/link.txt'
    ]) {
      const answer = await get(path)
      expect([400, 404], path).toContain(answer.status)
      expect(answer.body, path).not.toContain('outside the renderer')
      expect(answer.body, path).not.toContain('app.js')
    }
  })

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin on HTTP', async () => {
    expect((await get('/', { host: `evil.example:${host.port}` })).status).toBe(403)
    expect((await get('/', { host: '127.0.0.1:1' })).status).toBe(403)
    expect((await get('/', { host: `localhost:${host.port}` })).status).toBe(200)
    expect((await get('/assets/app.js', { origin: 'http://evil.example' })).status).toBe(403)
    expect((await get('/assets/app.js', { origin: 'null' })).status).toBe(403)
    expect((await get('/assets/app.js', { origin: `http://localhost:${host.port}` })).status).toBe(200)
  })

  it('refuses a missing or wrong token on /ws over plain HTTP, and says WebSocket only with the right one', async () => {
    expect((await get('/ws')).status).toBe(403)
    expect((await get('/ws?token=wrong')).status).toBe(403)
    expect((await get(`/ws?token=${host.token}x`)).status).toBe(403)
    expect((await get(`/ws?token=${host.token}`)).status).toBe(426)
    expect((await get(`/ws?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(403)
    expect((await get(`/ws?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403)
  })
})

describe('browser host: the WebSocket', () => {
  it('with the token and its own Origin: round-trips routes, and events come to this socket only', async () => {
    const ws = (await socket()) as WebSocket
    const other = (await socket({ origin: `http://localhost:${host.port}`, host: `localhost:${host.port}` })) as WebSocket
    const received = messages(ws)
    const receivedByOther = messages(other)

    ws.send(JSON.stringify({ type: 'invoke', id: 1, route: 'ping', input: { times: 2 } }))
    ws.send(JSON.stringify({ type: 'invoke', id: 2, route: 'app.info', input: {} }))
    ws.send(JSON.stringify({ type: 'invoke', id: 3, route: 'history.get', input: { id: -1 } }))
    await until(() => received.filter((message) => message.type === 'result').length === 3)

    expect(received.filter((message) => message.type === 'event')).toEqual([
      { type: 'event', event: 'pong', payload: { n: 1 } },
      { type: 'event', event: 'pong', payload: { n: 2 } }
    ])
    const results = Object.fromEntries(received.flatMap((message) => (message.type === 'result' ? [[message.id, message.result]] : [])))
    expect(results[1]).toEqual({ ok: true, value: 2 })
    expect(results[2]).toMatchObject({ ok: true, value: { version: TEST_VERSION } })
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(receivedByOther).toEqual([])
    ws.close()
    other.close()
  })

  it('refuses a wrong token, a missing token, a foreign or missing Origin, a foreign Host and another path', async () => {
    expect(await socket({ token: 'wrong' })).toBe(403)
    // One character off (a different one whatever the token ends with).
    expect(await socket({ token: `${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}` })).toBe(403)
    expect(await socket({ token: null })).toBe(403)
    expect(await socket({ token: '' })).toBe(403)
    expect(await socket({ origin: 'http://evil.example' })).toBe(403)
    expect(await socket({ origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403)
    expect(await socket({ origin: null })).toBe(403)
    expect(await socket({ host: `evil.example:${host.port}` })).toBe(403)
    expect(await socket({ host: `evil.example:${host.port}`, origin: `http://evil.example:${host.port}` })).toBe(403)
    expect(await socket({ path: '/other' })).toBe(404)
  })

  it('closes a socket that sends something other than JSON text; the server keeps serving', async () => {
    const binary = (await socket()) as WebSocket
    const closedBinary = new Promise<number>((resolve) => binary.once('close', resolve))
    binary.send(Buffer.from([1, 2, 3]))
    expect(await closedBinary).toBe(1003)

    const garbled = (await socket()) as WebSocket
    const closedGarbled = new Promise<number>((resolve) => garbled.once('close', resolve))
    garbled.send('{not json')
    expect(await closedGarbled).toBe(1007)

    const fine = (await socket()) as WebSocket
    const received = messages(fine)
    fine.send(JSON.stringify({ type: 'invoke', id: 7, route: 'nope', input: {} }))
    fine.send(JSON.stringify({ type: 'invoke', id: 8, route: 'ping', input: JSON.parse('{"times":1,"__proto__":{"x":1}}') }))
    fine.send(JSON.stringify({ type: 'nonsense', id: 9 }))
    await until(() => received.filter((message) => message.type === 'result').length === 3)
    // Answers come as each call finishes, not in order.
    expect(received.sort((a, b) => (a.type === 'result' && b.type === 'result' ? a.id - b.id : 0))).toEqual([
      { type: 'result', id: 7, result: { ok: false, error: { code: 'unknown_route', message: 'no route "nope"' } } },
      { type: 'result', id: 8, result: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid_input' }) }) },
      { type: 'result', id: 9, result: { ok: false, error: { code: 'invalid_input', message: 'not a call this server understands' } } }
    ])
    fine.close()
  })
})
