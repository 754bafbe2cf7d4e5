import { afterEach, describe, expect, it } from 'vitest'
import { toAnthropicRequest } from '../../src/main/providers/anthropic/anthropic-messages'
import { type AnthropicCounter, createAnthropicCounter, toCountTokensBody } from '../../src/main/tokens/anthropic-count'
import { estimateChatTokens } from '../../src/main/tokens/chat-tokens'
import type { GenerationRequest } from '../../src/shared/generation'
import type { ProviderProfile } from '../../src/shared/profiles'
import { type AnthropicErrorStatus, WIRE_MODEL, sendAnthropicError } from '../support/anthropic-wire'
import { type Handler, LoopbackServer, sendJson } from '../support/loopback-server'

const KEY = 'sk-ant-api03-Jx7Qp9Vt4-TESTONLY'
const API_VERSION = '2026-10-21'

const servers: LoopbackServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await LoopbackServer.start(handler)
  servers.push(server)
  return server
}

/** POST /v1/messages/count_tokens as Anthropic answers it. */
function countTokensEndpoint(inputTokens: number): Handler {
  return (request, response) => {
    if (request.method !== 'POST' || request.path !== '/v1/messages/count_tokens') {
      sendAnthropicError(response, 404, { message: `no route ${request.method} ${request.path}` })
      return
    }
    sendJson(response, 200, { input_tokens: inputTokens })
  }
}

function profileFor(server: LoopbackServer): ProviderProfile {
  return {
    id: 'anthropic',
    kind: 'anthropic',
    baseURL: server.url,
    models: [{ id: WIRE_MODEL, maxOutputTokens: 2048 }]
  }
}

function makeCounter(debounceMs = 30): AnthropicCounter {
  return createAnthropicCounter({ approximate: (request) => estimateChatTokens(request), debounceMs })
}

const request: GenerationRequest = {
  model: WIRE_MODEL,
  system: 'Be brief.',
  messages: [
    { role: 'system', content: 'Answer in German.' },
    { role: 'user', content: 'What is the weather in Berlin?' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: { city: 'Berlin' } }] },
    { role: 'tool', toolCallId: 'toolu_01', content: '18°C, cloudy' }
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    }
  ],
  temperature: 0.3,
  maxTokens: 512,
  stop: ['END'],
  thinkingBudget: undefined
}

describe('Anthropic count_tokens', () => {
  it('posts the body that would be sent, minus what count_tokens refuses, and returns the exact count', async () => {
    const server = await serve(countTokensEndpoint(1234))
    const profile = profileFor(server)
    const estimate = await makeCounter().count(request, { profile, apiKey: KEY })
    expect(estimate).toEqual({ inputTokens: 1234, exact: true, method: 'count_tokens' })

    expect(server.requests).toHaveLength(1)
    const [sent] = server.requests
    expect(sent!.method).toBe('POST')
    expect(sent!.path).toBe('/v1/messages/count_tokens')
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(sent!.headers['anthropic-version']).toBe(API_VERSION)
    expect(sent!.headers['content-type']).toContain('application/json')
    expect(sent!.body).toEqual({
      model: WIRE_MODEL,
      system: 'Be brief.\n\nAnswer in German.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is the weather in Berlin?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Berlin' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '18°C, cloudy' }] }
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city.',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
        }
      ]
    })
    // The same builder as the provider's, so the count is of what would be sent.
    expect(sent!.body).toEqual(JSON.parse(JSON.stringify(toCountTokensBody(toAnthropicRequest(request, profile)))))
  })

  it('sends thinking, which changes the count', async () => {
    const server = await serve(countTokensEndpoint(99))
    await makeCounter().count({ ...request, thinkingBudget: 2048 }, { profile: profileFor(server), apiKey: KEY })
    expect(server.requests[0]!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 })
    expect(server.requests[0]!.body).not.toHaveProperty('max_tokens')
  })

  it('answers a repeated body from its cache without a second request', async () => {
    const server = await serve(countTokensEndpoint(42))
    const profile = profileFor(server)
    const counter = makeCounter()
    expect((await counter.count(request, { profile, apiKey: KEY })).inputTokens).toBe(42)
    // temperature and max_tokens are not part of what is counted: still a hit.
    expect(await counter.count({ ...request, temperature: 1, maxTokens: 9 }, { profile, apiKey: KEY })).toEqual({
      inputTokens: 42,
      exact: true,
      method: 'count_tokens'
    })
    expect(server.requests).toHaveLength(1)
    const changed: GenerationRequest = { ...request, messages: [...request.messages, { role: 'user', content: 'And tomorrow?' }] }
    await counter.count(changed, { profile, apiKey: KEY })
    expect(server.requests).toHaveLength(2)
  })

  it('closes the connection when cancelled, and resolves to nothing', async () => {
    let received!: () => void
    const arrived = new Promise<void>((resolve) => (received = resolve))
    const server = await serve(() => received()) // never answers
    const controller = new AbortController()
    const pending = makeCounter().count(request, { profile: profileFor(server), apiKey: KEY, signal: controller.signal })
    await arrived
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await server.waitForClientDisconnect()
  })

  it('debounces a pane: only the last of quick successive calls reaches the server', async () => {
    const server = await serve(countTokensEndpoint(7))
    const profile = profileFor(server)
    const counter = makeCounter(50)
    const typed = ['W', 'We', 'Wea', 'Weat'].map((text) =>
      counter.count({ model: WIRE_MODEL, messages: [{ role: 'user', content: text }] }, { profile, apiKey: KEY, debounceKey: 'pane-1' })
    )
    const results = await Promise.allSettled(typed)
    expect(results.slice(0, 3).map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'AbortError' })
    expect(results[3]).toEqual({ status: 'fulfilled', value: { inputTokens: 7, exact: true, method: 'count_tokens' } })
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]!.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Weat' }] }])
  })

  it('supersedes a count already in flight for the same pane, closing its connection', async () => {
    let calls = 0
    const server = await serve((recorded, response) => {
      calls++
      // The first request hangs; the second is answered.
      if (calls > 1) countTokensEndpoint(5)(recorded, response)
    })
    const profile = profileFor(server)
    const counter = makeCounter(1)
    const first = counter.count(
      { model: WIRE_MODEL, messages: [{ role: 'user', content: 'first' }] },
      { profile, apiKey: KEY, debounceKey: 'pane' }
    )
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const second = counter.count(
      { model: WIRE_MODEL, messages: [{ role: 'user', content: 'second' }] },
      { profile, apiKey: KEY, debounceKey: 'pane' }
    )
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    await server.waitForClientDisconnect()
    expect(await second).toMatchObject({ inputTokens: 5, exact: true })
  })

  it.each([401, 403, 429, 500, 529] as AnthropicErrorStatus[])(
    'falls back to the local approximation on HTTP %i, with the reason and never the key',
    async (status) => {
      const server = await serve((_recorded, response) => {
        // A server that echoes the key back must not get it into our messages.
        sendAnthropicError(response, status, { message: `rejected key ${KEY}` })
      })
      const estimate = await makeCounter().count(request, { profile: profileFor(server), apiKey: KEY })
      const local = await estimateChatTokens(request)
      expect(estimate).toMatchObject({ inputTokens: local.inputTokens, exact: false, method: 'approximation' })
      expect(estimate.reason).toContain('count_tokens failed')
      expect(estimate.reason).toContain(`HTTP ${status}`)
      expect(estimate.reason).toContain('counted locally instead')
      expect(JSON.stringify(estimate)).not.toContain(KEY)
      expect(JSON.stringify(estimate)).not.toContain(KEY.slice(10, 30))
      // No retries of our own or the SDK's: one request per failure.
      expect(server.requests).toHaveLength(1)
    }
  )

  it('does not remember a passing failure (HTTP 500): the next count asks again', async () => {
    let fail = true
    const server = await serve((recorded, response) => {
      if (fail) sendAnthropicError(response, 500)
      else countTokensEndpoint(77)(recorded, response)
    })
    const profile = profileFor(server)
    const counter = makeCounter()
    expect((await counter.count(request, { profile, apiKey: KEY })).exact).toBe(false)
    fail = false
    expect(await counter.count(request, { profile, apiKey: KEY })).toMatchObject({ inputTokens: 77, exact: true })
  })

  it('remembers a lasting refusal (no such endpoint) for a few minutes, per key, instead of waiting for it at every pause', async () => {
    const server = await serve((_recorded, response) => sendAnthropicError(response, 404, { message: 'Not Found' }))
    const profile = profileFor(server)
    let clock = 1_000_000
    const counter = createAnthropicCounter({ approximate: (asked) => estimateChatTokens(asked), debounceMs: 30, now: () => clock })
    const other: GenerationRequest = { model: WIRE_MODEL, messages: [{ role: 'user', content: 'another prompt' }] }
    expect(await counter.count(request, { profile, apiKey: KEY })).toMatchObject({ exact: false, reason: expect.stringContaining('HTTP 404') })
    const remembered = await counter.count(other, { profile, apiKey: KEY })
    expect(remembered).toMatchObject({ exact: false, method: 'approximation', reason: expect.stringContaining('asked again in a few minutes') })
    expect(remembered.inputTokens).toBe((await estimateChatTokens(other)).inputTokens)
    expect(server.requests).toHaveLength(1)
    // Another key is asked at once; and the first, once the time has passed.
    await counter.count(other, { profile, apiKey: `${KEY}-new` })
    expect(server.requests).toHaveLength(2)
    clock += 5 * 60_000 + 1
    await counter.count(other, { profile, apiKey: KEY })
    expect(server.requests).toHaveLength(3)
  })

  it('falls back on an answer without input_tokens', async () => {
    const server = await serve((_recorded, response) => sendJson(response, 200, { tokens: 3 }))
    const estimate = await makeCounter().count(request, { profile: profileFor(server), apiKey: KEY })
    expect(estimate).toMatchObject({ exact: false, method: 'approximation', reason: expect.stringContaining('input_tokens') })
  })

  it('falls back when the connection fails', async () => {
    const server = await serve((_recorded, response) => {
      response.socket?.destroy()
    })
    const estimate = await makeCounter().count(request, { profile: profileFor(server), apiKey: KEY })
    expect(estimate).toMatchObject({ exact: false, method: 'approximation', reason: expect.stringContaining('count_tokens failed') })
  })

  it('sends nothing without a key', async () => {
    const server = await serve(countTokensEndpoint(1))
    const estimate = await makeCounter().count(request, { profile: profileFor(server) })
    expect(estimate).toMatchObject({ exact: false, method: 'approximation', reason: expect.stringContaining('no API key') })
    expect(server.requests).toHaveLength(0)
  })

  it('falls back when the request cannot be built, e.g. an image without data or URL', async () => {
    const server = await serve(countTokensEndpoint(1))
    const broken: GenerationRequest = { model: WIRE_MODEL, messages: [{ role: 'user', content: [{ type: 'image' }] }] }
    const estimate = await makeCounter().count(broken, { profile: profileFor(server), apiKey: KEY })
    expect(estimate).toMatchObject({ exact: false, method: 'approximation', reason: expect.stringContaining('image') })
    expect(server.requests).toHaveLength(0)
  })
})
