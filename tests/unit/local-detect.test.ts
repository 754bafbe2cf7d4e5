import { type AddressInfo, type Socket, createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { connectInMemory } from '../../src/main/ipc/memory-transport'
import { LOCAL_PROBE_TIMEOUT_MS, detectLocalServers } from '../../src/main/providers/local-servers'
import { type JuxtaContract, juxtaContract } from '../../src/shared/contract/juxta-contract'
import { LoopbackServer, sendJson } from '../support/loopback-server'
import { testServices } from '../support/main-services'

// local.detect against loopback servers that answer as Ollama (/api/tags) and LM Studio
// (/v1/models) do, on random ports; and against ports where nothing, or something silent, listens.

const servers: LoopbackServer[] = []
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function ollama(names: string[]): Promise<LoopbackServer> {
  const server = await LoopbackServer.start((request, response) => {
    if (request.path !== '/api/tags') return sendJson(response, 404, '404 page not found')
    sendJson(response, 200, {
      models: names.map((name) => ({ name, model: name, modified_at: '2026-01-01T00:00:00Z', size: 4_920_753_328, digest: 'abc', details: { family: 'llama' } }))
    })
  })
  servers.push(server)
  return server
}

async function lmStudio(ids: string[]): Promise<LoopbackServer> {
  const server = await LoopbackServer.start((request, response) => {
    if (request.path !== '/v1/models') return sendJson(response, 200, { error: 'Unexpected endpoint or method.' })
    sendJson(response, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })) })
  })
  servers.push(server)
  return server
}

const portOf = (server: LoopbackServer): number => Number(new URL(server.url).port)

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A port that accepts connections and never answers: the probe must give up on its own. */
async function silentPort(): Promise<number> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => void sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        // Connections the probe left open would hold close() back.
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  )
  return (server.address() as AddressInfo).port
}

describe('local.detect', () => {
  it('finds Ollama by /api/tags and LM Studio by /v1/models, with their models', async () => {
    const o = await ollama(['llama3.1:8b', 'qwen2.5:0.5b'])
    const l = await lmStudio(['qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5'])
    const found = await detectLocalServers({ ports: { ollama: portOf(o), lmstudio: portOf(l) } })
    expect(found).toEqual([
      { id: 'ollama', name: 'Ollama', baseURL: `${o.url}/v1`, running: true, models: ['llama3.1:8b', 'qwen2.5:0.5b'] },
      { id: 'lmstudio', name: 'LM Studio', baseURL: `${l.url}/v1`, running: true, models: ['qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5'] }
    ])
    expect(o.requests.map((request) => [request.method, request.path])).toEqual([['GET', '/api/tags']])
    expect(l.requests.map((request) => [request.method, request.path])).toEqual([['GET', '/v1/models']])
  })

  it('a closed port is not running, and says so at once', async () => {
    const started = performance.now()
    const found = await detectLocalServers({ ports: { ollama: await closedPort(), lmstudio: await closedPort() } })
    expect(found.map((server) => [server.id, server.running, server.models])).toEqual([
      ['ollama', false, []],
      ['lmstudio', false, []]
    ])
    expect(performance.now() - started).toBeLessThan(LOCAL_PROBE_TIMEOUT_MS)
  })

  it('a server that accepts and never answers is not running, within the timeout', async () => {
    const o = await ollama(['llama3.1:8b'])
    const started = performance.now()
    const found = await detectLocalServers({ ports: { ollama: portOf(o), lmstudio: await silentPort() } })
    const took = performance.now() - started
    expect(found.map((server) => server.running)).toEqual([true, false])
    expect(took).toBeGreaterThanOrEqual(LOCAL_PROBE_TIMEOUT_MS - 50)
    expect(took).toBeLessThan(LOCAL_PROBE_TIMEOUT_MS + 700)
  })

  it('a longer timeout than 800 ms is not taken', async () => {
    const started = performance.now()
    const found = await detectLocalServers({ ports: { ollama: await silentPort(), lmstudio: await silentPort() }, timeoutMs: 60_000 })
    expect(found.every((server) => !server.running)).toBe(true)
    expect(performance.now() - started).toBeLessThan(LOCAL_PROBE_TIMEOUT_MS + 700)
  })

  it('something else on the port (another API, an error, not JSON, a redirect) is not that server', async () => {
    const other = await LoopbackServer.start((request, response) => {
      if (request.path === '/api/tags') return sendJson(response, 200, { hello: 'world' })
      response.writeHead(302, { location: 'http://example.com/v1/models' })
      response.end()
    })
    servers.push(other)
    const broken = await LoopbackServer.start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"data": [')
    })
    servers.push(broken)
    expect((await detectLocalServers({ ports: { ollama: portOf(other), lmstudio: portOf(other) } })).map((server) => server.running)).toEqual([false, false])
    expect((await detectLocalServers({ ports: { ollama: portOf(broken), lmstudio: portOf(broken) } })).map((server) => server.running)).toEqual([false, false])
  })

  it('keeps only string ids, once each', async () => {
    const odd = await LoopbackServer.start((_request, response) =>
      sendJson(response, 200, { data: [{ id: 'a' }, { id: 'a' }, { id: 7 }, null, 'b', { id: '  ' }, { id: 'x'.repeat(500) }, { id: 'c' }] })
    )
    servers.push(odd)
    const [, lm] = await detectLocalServers({ ports: { ollama: await closedPort(), lmstudio: portOf(odd) } })
    expect(lm).toMatchObject({ running: true, models: ['a', 'c'] })
  })

  it('through the contract: the handler probes the ports it was given; input must be empty', async () => {
    const o = await ollama(['llama3.2:3b'])
    const { services, dispose } = await testServices()
    cleanups.push(dispose)
    const handlers = createHandlers(services, { localServers: { ports: { ollama: portOf(o), lmstudio: await closedPort() } } })
    const { client, close } = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, handlers))
    cleanups.push(close)

    const result = await client.invoke('local.detect', {})
    expect(result).toEqual({
      ok: true,
      value: [
        { id: 'ollama', name: 'Ollama', baseURL: `${o.url}/v1`, running: true, models: ['llama3.2:3b'] },
        { id: 'lmstudio', name: 'LM Studio', baseURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/), running: false, models: [] }
      ]
    })
    expect(await client.invoke('local.detect', { port: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await client.invoke('local.detect', null as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})
