import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
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
