import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { textStream } from '../support/anthropic-wire'
import { LoopbackServer, pause, startSse } from '../support/loopback-server'
import { ChatStream, usage } from '../support/openai-wire'
import type { StreamPart } from '../../src/shared/stream-parts'
import { createDefaultRegistry } from '../../src/main/providers/default-registry'
import type { ProviderKind } from '../../src/shared/profiles'

/** A loopback port with nothing listening on it: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe.each<ProviderKind>(['openai', 'anthropic'])('%s provider, server not running', (kind) => {
  it('retries a refused connection, then reports a network error that names the cause', async () => {
    const port = await closedPort()
    const provider = createDefaultRegistry().create({
      profile: { id: 'down', kind, baseURL: `http://127.0.0.1:${port}/v1`, models: [] },
      apiKey: 'sk-test-unused-0123456789',
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }
    })
    const parts: StreamPart[] = []
    for await (const part of provider.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })) parts.push(part)

    expect(parts.map((part) => part.type)).toEqual(['retry', 'error', 'finish'])
    const error = parts.find((part) => part.type === 'error')!.error
    expect(error).toMatchObject({ kind: 'network', provider: 'down', retryable: true })
    expect(error.message).toContain('ECONNREFUSED')
    expect(error.message).not.toContain('sk-test-unused')
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'error', usage: { inputTokens: 0, estimated: true } })
  })
})

describe.each<ProviderKind>(['openai', 'anthropic'])('%s provider, a complete answer', (kind) => {
  it('leaves the connection open for the next request: the rest of the body is read, not cut off', async () => {
    // The answer's end marker first; the end of the body (OpenAI's [DONE]) a moment later.
    const server = await LoopbackServer.start(async (request, response) => {
      startSse(response)
      response.write(
        kind === 'openai'
          ? new ChatStream({ model: request.body.model }).role().text('Hi').finish('stop').usage(usage(3, 1)).toSse({ done: false })
          : textStream(['Hi'])
      )
      await pause(50)
      response.end(kind === 'openai' ? 'data: [DONE]\n\n' : '')
    })
    try {
      const provider = createDefaultRegistry().create({
        profile: { id: 'p', kind, baseURL: kind === 'openai' ? `${server.url}/v1` : server.url, models: [] },
        apiKey: 'test-keepalive-0123456789'
      })
      for (let turn = 0; turn < 6; turn++) {
        const result = await provider.generate({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
        expect(result.text).toBe('Hi')
      }
      // A request may start before the last one's socket is back in the pool, so a second
      // connection can open; a connection torn down after every answer would make six.
      expect(server.requests).toHaveLength(6)
      expect(new Set(server.requests.map((request) => request.remotePort)).size).toBeLessThanOrEqual(2)
    } finally {
      await server.close()
    }
  })
})
