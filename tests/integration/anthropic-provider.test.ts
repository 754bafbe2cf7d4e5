import { afterEach, describe, expect, it, vi } from 'vitest'
import { AnthropicProvider } from '../../src/main/providers/anthropic/anthropic-provider'
import type { ProviderOptions } from '../../src/main/providers/provider'
import { ProviderError } from '../../src/main/providers/provider-error'
import type { GenerationRequest } from '../../src/shared/generation'
import type { ProviderProfile } from '../../src/shared/profiles'
import type { StreamPart } from '../../src/shared/stream-parts'
import {
  ANTHROPIC_ERRORS,
  WIRE_MESSAGE_ID,
  WIRE_MODEL,
  blockStop,
  inputJsonDelta,
  messageDelta,
  messageStart,
  messageStop,
  modelsPage,
  ping,
  sendAnthropicError,
  signatureDelta,
  streamError,
  textBlockStart,
  textDelta,
  textStream,
  textStreamHead,
  textStreamTail,
  thinkingBlockStart,
  thinkingDelta,
  toolUseBlockStart
} from '../support/anthropic-wire'
import { collect, errorOf, finishOf, only, textOf } from '../support/stream-parts'
import { type Handler, LoopbackServer, sendJson, startSse, writeInPieces } from '../support/loopback-server'

const KEY = 'sk-ant-api03-Jx7Qp9Vt4-TESTONLY'
// The API version @anthropic-ai/sdk 1.x speaks; an SDK upgrade that changes it deserves a look.
const API_VERSION = '2026-10-21'
const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 }

const servers: LoopbackServer[] = []

afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await LoopbackServer.start(handler)
  servers.push(server)
  return server
}

/** Answers every request with the same SSE payload, cut into small pieces at arbitrary bytes. */
function serveStream(payload: string, options: Parameters<typeof writeInPieces>[2] = {}): Promise<LoopbackServer> {
  return serve(async (_request, response) => {
    startSse(response)
    await writeInPieces(response, payload, { maxPieceBytes: 5, ...options })
  })
}

function makeProvider(
  server: LoopbackServer,
  options: Omit<Partial<ProviderOptions>, 'profile'> & { profile?: Partial<ProviderProfile> } = {}
): AnthropicProvider {
  const { profile, ...rest } = options
  return new AnthropicProvider({
    apiKey: KEY,
    retry: FAST_RETRIES,
    ...rest,
    profile: { id: 'anthropic-test', kind: 'anthropic', baseURL: server.url, models: [], ...profile }
  })
}

function ask(text: string, extra: Partial<GenerationRequest> = {}): GenerationRequest {
  return { model: WIRE_MODEL, messages: [{ role: 'user', content: text }], ...extra }
}

describe('AnthropicProvider streaming text', () => {
  const TEXT = 'Grüße 👋🏽 日本語'
  const CHUNKS = ['Grü', 'ße 👋', '🏽 日', '本語']

  it('generates multi-byte text split at arbitrary bytes, and sends the request in Anthropic’s shape', async () => {
    const server = await serveStream(textStream(CHUNKS), { maxPieceBytes: 3, seed: 7 })
    const provider = makeProvider(server, {
      profile: { headers: { 'x-juxta-trace': 'pane-1' }, models: [{ id: WIRE_MODEL, maxOutputTokens: 1024 }] }
    })

    const result = await provider.generate(
      ask('Say hello', {
        system: 'Be brief.',
        messages: [
          { role: 'system', content: 'Answer in German.' },
          { role: 'user', content: 'Say hello' }
        ],
        temperature: 0.3,
        topP: 0.9,
        stop: ['END']
      })
    )

    expect(result).toEqual({
      text: TEXT,
      reasoning: '',
      reasoningSignature: null,
      toolCalls: [],
      usage: { inputTokens: 25, outputTokens: 15, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false },
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      responseId: WIRE_MESSAGE_ID,
      model: WIRE_MODEL
    })
    expect(server.requests).toHaveLength(1)
    const [sent] = server.requests
    expect(sent.method).toBe('POST')
    expect(sent.path).toBe('/v1/messages')
    // SDK 1.x sends the key as a bearer token, not as x-api-key.
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(sent.headers['x-api-key']).toBeUndefined()
    expect(sent.headers['anthropic-version']).toBe(API_VERSION)
    expect(sent.headers['x-juxta-trace']).toBe('pane-1')
    expect(sent.body).toEqual({
      model: WIRE_MODEL,
      max_tokens: 1024,
      stream: true,
      system: 'Be brief.\n\nAnswer in German.',
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }]
    })
  })

  it('streams metadata, text, usage and one finish, in that order', async () => {
    const server = await serveStream(textStream(CHUNKS), { maxPieceBytes: 2, seed: 3 })

    const parts = await collect(makeProvider(server).stream(ask('Say hello')))

    expect(parts[0]).toEqual({ type: 'response-metadata', id: WIRE_MESSAGE_ID, model: WIRE_MODEL })
    expect(textOf(parts)).toBe(TEXT)
    expect(parts.slice(-2).map((part) => part.type)).toEqual(['usage', 'finish'])
    expect(finishOf(parts)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 25, outputTokens: 15, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false }
    })
    expect(only(parts, 'error')).toEqual([])
    // Without a model config or request limit, max_tokens falls back to the default.
    expect(server.requests[0].body.max_tokens).toBe(4096)
  })

  it.each([
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other']
  ])('maps stop_reason %s to finish reason %s', async (stopReason, finishReason) => {
    const server = await serveStream(textStreamHead(['Hi']) + textStreamTail(stopReason))

    const result = await makeProvider(server).generate(ask('Hi'))

    expect(result.finishReason).toBe(finishReason)
    expect(result.rawFinishReason).toBe(stopReason)
  })
})

describe('AnthropicProvider tool use', () => {
  const TOOLS = [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] }
    },
    { name: 'get_time', parameters: { type: 'object' as const, properties: { timezone: { type: 'string' } } } }
  ]

  it('parses two parallel tool calls from input_json_delta fragments, in order', async () => {
    const server = await serveStream(
      [
        messageStart(),
        textBlockStart(0),
        textDelta(0, 'Let me check.'),
        blockStop(0),
        toolUseBlockStart(1, 'toolu_01A', 'get_weather'),
        inputJsonDelta(1, ''),
        inputJsonDelta(1, '{"city": "Pa'),
        ping(),
        inputJsonDelta(1, 'ris", "unit": "cel'),
        inputJsonDelta(1, 'sius"}'),
        blockStop(1),
        toolUseBlockStart(2, 'toolu_01B', 'get_time'),
        inputJsonDelta(2, '{"timezone":'),
        inputJsonDelta(2, ' "Europe/Paris"}'),
        blockStop(2),
        toolUseBlockStart(3, 'toolu_01C', 'get_time'),
        blockStop(3),
        messageDelta('tool_use', { output_tokens: 89 }),
        messageStop()
      ].join('')
    )

    const parts = await collect(makeProvider(server).stream(ask('Weather and time in Paris?', { tools: TOOLS })))

    expect(textOf(parts)).toBe('Let me check.')
    expect(only(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
      { id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
      { id: 'toolu_01B', name: 'get_time', arguments: { timezone: 'Europe/Paris' } },
      // A call without input fragments has an empty input.
      { id: 'toolu_01C', name: 'get_time', arguments: {} }
    ])
    expect(finishOf(parts)).toMatchObject({ finishReason: 'tool-calls', rawFinishReason: 'tool_use' })
    expect(server.requests[0].body.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Current weather for a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
      },
      { name: 'get_time', input_schema: { type: 'object', properties: { timezone: { type: 'string' } } } }
    ])
  })

  it('sends tool calls, tool results, signed thinking and images back in Anthropic’s shape', async () => {
    const server = await serveStream(textStream(['It is 18 °C.']))

    await makeProvider(server).generate({
      model: WIRE_MODEL,
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'Hi' },
        // Unsigned reasoning cannot be verified by Anthropic, so it is dropped.
        { role: 'assistant', content: 'Hello!', reasoning: 'They greeted me.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where is this, and what is the weather and time there?' },
            { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
            { type: 'image', url: 'https://example.com/street.jpg' }
          ]
        },
        {
          role: 'assistant',
          content: 'Let me check.',
          reasoning: 'It is Paris.',
          reasoningSignature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h',
          toolCalls: [
            { id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Paris' } },
            { id: 'toolu_01B', name: 'get_time', arguments: { timezone: 'Europe/Paris' } }
          ]
        },
        { role: 'tool', toolCallId: 'toolu_01A', toolName: 'get_weather', content: '18 °C, sunny' },
        { role: 'tool', toolCallId: 'toolu_01B', toolName: 'get_time', content: 'clock unavailable', isError: true }
      ]
    })

    expect(server.requests[0].body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Where is this, and what is the weather and time there?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/street.jpg' } }
        ]
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'It is Paris.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h' },
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'get_time', input: { timezone: 'Europe/Paris' } }
        ]
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18 °C, sunny' },
          { type: 'tool_result', tool_use_id: 'toolu_01B', content: 'clock unavailable', is_error: true }
        ]
      }
    ])
  })

  it('fails clearly, keeping the text, when a tool input is not valid JSON', async () => {
    const server = await serveStream(
      [
        messageStart(),
        textBlockStart(0),
        textDelta(0, 'Checking.'),
        blockStop(0),
        toolUseBlockStart(1, 'toolu_01A', 'get_weather'),
        inputJsonDelta(1, '{"city": "Par'),
        blockStop(1),
        messageDelta('tool_use'),
        messageStop()
      ].join('')
    )

    const parts = await collect(makeProvider(server).stream(ask('Weather?', { tools: TOOLS })))

    expect(textOf(parts)).toBe('Checking.')
    expect(only(parts, 'tool-call')).toEqual([])
    expect(errorOf(parts)).toMatchObject({ kind: 'server', retryable: false })
    expect(errorOf(parts).message).toContain('the model returned arguments for tool "get_weather" that are not a JSON object')
    expect(finishOf(parts).finishReason).toBe('error')
  })

  it('ends with finish "length", not an error, when max_tokens cuts a tool input short', async () => {
    const server = await serveStream(
      [
        messageStart(),
        toolUseBlockStart(0, 'toolu_01A', 'get_weather'),
        inputJsonDelta(0, '{"city": "Par'),
        blockStop(0),
        messageDelta('max_tokens'),
        messageStop()
      ].join('')
    )

    const parts = await collect(makeProvider(server).stream(ask('Weather?', { tools: TOOLS })))

    expect(only(parts, 'error')).toEqual([])
    expect(only(parts, 'tool-call')).toEqual([])
    expect(finishOf(parts)).toMatchObject({ finishReason: 'length', rawFinishReason: 'max_tokens' })
  })
})

describe('AnthropicProvider extended thinking and usage', () => {
  it('streams thinking and signature deltas before the text, sending a budget and no temperature', async () => {
    const server = await serveStream(
      [
        messageStart(),
        thinkingBlockStart(0),
        thinkingDelta(0, 'Two plus two'),
        ping(),
        thinkingDelta(0, ' is four.'),
        signatureDelta(0, 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGiEA'),
        blockStop(0),
        textBlockStart(1),
        textDelta(1, '4'),
        blockStop(1),
        messageDelta('end_turn', { output_tokens: 120, output_tokens_details: { thinking_tokens: 100 } }),
        messageStop()
      ].join('')
    )

    const result = await makeProvider(server).generate(ask('2+2?', { thinkingBudget: 2048, temperature: 0.7 }))

    expect(result.reasoning).toBe('Two plus two is four.')
    expect(result.reasoningSignature).toBe('EqQBCgIYAhIM1gbcDa9GJwZA2b3hGiEA')
    expect(result.text).toBe('4')
    expect(result.usage).toMatchObject({ outputTokens: 120, reasoningTokens: 100, estimated: false })
    const body = server.requests[0].body
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 })
    expect('temperature' in body).toBe(false)
    // max_tokens includes the thinking, so the default leaves room for an answer beyond the budget.
    expect(body.max_tokens).toBe(2048 + 4096)
  })

  it('counts cache reads and writes as input, as our Usage defines it', async () => {
    const server = await serveStream(
      textStreamHead(['Cached.'], { input_tokens: 12, cache_read_input_tokens: 2000, cache_creation_input_tokens: 300 }) +
        textStreamTail('end_turn', { output_tokens: 42 })
    )

    const result = await makeProvider(server).generate(ask('Again?'))

    expect(result.usage).toEqual({
      inputTokens: 12 + 2000 + 300,
      outputTokens: 42,
      cachedInputTokens: 2000,
      cacheWriteTokens: 300,
      reasoningTokens: 0,
      estimated: false
    })
  })

  it('prefers the input and cache figures of message_delta over those of message_start', async () => {
    const server = await serveStream(
      textStreamHead(['Cached.'], { input_tokens: 12, cache_read_input_tokens: 2000, cache_creation_input_tokens: 0 }) +
        textStreamTail('end_turn', {
          input_tokens: 14,
          cache_read_input_tokens: null,
          cache_creation_input_tokens: 310,
          output_tokens: 42
        })
    )

    const result = await makeProvider(server).generate(ask('Again?'))

    expect(result.usage).toMatchObject({ inputTokens: 14 + 2000 + 310, cachedInputTokens: 2000, cacheWriteTokens: 310 })
  })
})

describe('AnthropicProvider HTTP errors', () => {
  it.each([
    [400, 'bad_request', false, 1],
    [403, 'permission', false, 1],
    [404, 'not_found', false, 1],
    [413, 'context_length', false, 1],
    // Retryable: sent again until maxAttempts (3 by default) is spent.
    [500, 'server', true, 3]
  ] as const)('maps HTTP %i to %s (retryable: %s, %i request(s))', async (status, kind, retryable, requestCount) => {
    const server = await serve((_request, response) => sendAnthropicError(response, status))

    const error = await makeProvider(server)
      .generate(ask('Hi'))
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ kind, status, retryable })
    expect((error as ProviderError).message).toContain(ANTHROPIC_ERRORS[status].message)
    expect(server.requests).toHaveLength(requestCount)
  })

  it('never repeats an API key the server echoes in a 401', async () => {
    const server = await serve((_request, response) =>
      sendAnthropicError(response, 401, { message: `invalid x-api-key: ${KEY}` })
    )

    const parts = await collect(makeProvider(server).stream(ask('Hi')))

    const error = errorOf(parts)
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false })
    expect(error.message).toContain('invalid x-api-key')
    expect(JSON.stringify(parts)).not.toContain(KEY)
    expect(JSON.stringify(parts)).not.toContain('Jx7Qp9Vt4')
    expect(server.requests).toHaveLength(1)
  })

  it('waits as a 429 asks, then succeeds', async () => {
    const server = await serve(async (_request, response) => {
      if (server.requests.length === 1) {
        sendAnthropicError(response, 429, { headers: { 'retry-after': '0' } })
        return
      }
      startSse(response)
      await writeInPieces(response, textStream(['Ok']))
    })

    const parts = await collect(makeProvider(server).stream(ask('Hi')))

    const retries = only(parts, 'retry')
    expect(retries).toHaveLength(1)
    expect(retries[0]).toMatchObject({ attempt: 1, maxAttempts: 3, delayMs: 0 })
    expect(retries[0].error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 0 })
    expect(textOf(parts)).toBe('Ok')
    expect(only(parts, 'error')).toEqual([])
    expect(finishOf(parts).finishReason).toBe('stop')
    expect(server.requests).toHaveLength(2)
  })

  it('retries a 529 up to maxAttempts, then reports overloaded', async () => {
    const server = await serve((_request, response) => sendAnthropicError(response, 529))

    const parts = await collect(makeProvider(server, { retry: { ...FAST_RETRIES, maxAttempts: 3 } }).stream(ask('Hi')))

    expect(only(parts, 'retry').map((part) => [part.attempt, part.error.kind])).toEqual([
      [1, 'overloaded'],
      [2, 'overloaded']
    ])
    expect(errorOf(parts)).toMatchObject({ kind: 'overloaded', status: 529, retryable: true })
    expect(errorOf(parts).message).toContain('Overloaded')
    expect(finishOf(parts).finishReason).toBe('error')
    expect(server.requests).toHaveLength(3)
  })
})

describe('AnthropicProvider broken streams', () => {
  it('reports an in-stream overloaded error after text without retrying, keeping the text', async () => {
    const server = await serveStream(textStreamHead(['Partial ', 'answer']) + streamError())

    const parts = await collect(makeProvider(server).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Partial answer')
    expect(errorOf(parts)).toMatchObject({ kind: 'overloaded', retryable: true })
    expect(errorOf(parts).message).toContain('Overloaded')
    expect(only(parts, 'retry')).toEqual([])
    expect(finishOf(parts).finishReason).toBe('error')
    expect(server.requests).toHaveLength(1)
  })

  it('retries an in-stream error that came before any output', async () => {
    const server = await serve(async (_request, response) => {
      startSse(response)
      const payload = server.requests.length === 1 ? messageStart() + ping() + streamError() : textStream(['Fine.'])
      await writeInPieces(response, payload)
    })

    const parts = await collect(makeProvider(server).stream(ask('Hi')))

    expect(only(parts, 'retry').map((part) => part.error.kind)).toEqual(['overloaded'])
    expect(textOf(parts)).toBe('Fine.')
    expect(finishOf(parts).finishReason).toBe('stop')
    expect(server.requests).toHaveLength(2)
  })

  it('reports a malformed event, keeping the text before it and printing nothing', async () => {
    const console = ['log', 'info', 'warn', 'error', 'debug'].map((method) =>
      vi.spyOn(globalThis.console, method as 'log')
    )
    const broken = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_d\n\n'
    const server = await serveStream(textStreamHead(['Before ', 'the break']) + broken + textStreamTail())

    const parts = await collect(makeProvider(server).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Before the break')
    expect(errorOf(parts)).toMatchObject({ kind: 'server' })
    expect(errorOf(parts).message).toContain('malformed stream event')
    expect(finishOf(parts).finishReason).toBe('error')
    expect(server.requests).toHaveLength(1)
    for (const spy of console) expect(spy).not.toHaveBeenCalled()
  })

  it('reports a connection cut mid-stream as a network error, keeping the text', async () => {
    const head = textStreamHead(['Hello', ' there'])
    const server = await serveStream(head + textDelta(0, ' friend') + textStreamTail(), {
      cutAfterBytes: Buffer.byteLength(head) + 20
    })

    const parts = await collect(makeProvider(server).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Hello there')
    expect(errorOf(parts)).toMatchObject({ kind: 'network', retryable: true })
    expect(finishOf(parts).finishReason).toBe('error')
    expect(server.requests).toHaveLength(1)
  })

  it('treats a stream that ends cleanly before message_stop as incomplete', async () => {
    const server = await serveStream(textStreamHead(['Cut ', 'short']) + blockStop(0))

    const parts = await collect(makeProvider(server).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Cut short')
    expect(errorOf(parts)).toMatchObject({ kind: 'network' })
    expect(errorOf(parts).message).toContain('the stream ended before the answer was complete')
    expect(finishOf(parts).finishReason).toBe('error')
  })
})

describe('AnthropicProvider stalls and cancellation', () => {
  it('times out a stream that stalls mid-answer, keeping the text and closing the connection', async () => {
    // Large pieces, so that only the deliberate silence can exceed the short idle limit.
    const server = await serveStream(textStreamHead(['Still ', 'thinking']), { leaveOpen: true, maxPieceBytes: 64 })

    const parts = await collect(makeProvider(server, { timeouts: { idleMs: 200 } }).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Still thinking')
    expect(errorOf(parts)).toMatchObject({ kind: 'timeout' })
    expect(errorOf(parts).message).toContain('the stream stalled for')
    expect(finishOf(parts).finishReason).toBe('error')
    await server.waitForClientDisconnect()
  })

  it('times out a response that sends no event at all', async () => {
    const server = await serve((_request, response) => startSse(response))

    const parts = await collect(
      makeProvider(server, { timeouts: { firstEventMs: 200 }, retry: { maxAttempts: 1 } }).stream(ask('Hi'))
    )

    expect(errorOf(parts)).toMatchObject({ kind: 'timeout' })
    expect(errorOf(parts).message).toContain('no response within')
    expect(finishOf(parts).finishReason).toBe('error')
    await server.waitForClientDisconnect()
  })

  it('cancels mid-stream: finish "cancelled", no error, connection closed', async () => {
    const server = await serveStream(textStreamHead(['First']), { leaveOpen: true })
    const controller = new AbortController()
    const parts: StreamPart[] = []

    for await (const part of makeProvider(server).stream(ask('Hi'), controller.signal)) {
      parts.push(part)
      if (part.type === 'text-delta') controller.abort()
    }

    expect(textOf(parts)).toBe('First')
    expect(only(parts, 'error')).toEqual([])
    expect(finishOf(parts).finishReason).toBe('cancelled')
    await server.waitForClientDisconnect()
  })
})

describe('AnthropicProvider models and configuration', () => {
  it('lists models from GET /v1/models across pages', async () => {
    const server = await serve((request, response) => {
      const secondPage = request.path.includes('after_id=')
      const page = secondPage
        ? modelsPage([{ id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5', created_at: '2026-08-01T00:00:00Z' }])
        : modelsPage(
            [
              {
                id: 'claude-opus-5-5',
                display_name: 'Claude Opus 5.5',
                created_at: '2026-09-01T00:00:00Z',
                max_input_tokens: 1_000_000
              },
              { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5', created_at: '2026-09-02T00:00:00Z' }
            ],
            true
          )
      sendJson(response, 200, page)
    })

    const models = await makeProvider(server).listModels()

    expect(models).toEqual([
      { id: 'claude-opus-5-5', name: 'Claude Opus 5.5', createdAt: '2026-09-01T00:00:00Z', contextWindow: 1_000_000 },
      { id: 'claude-sonnet-5-5', name: 'Claude Sonnet 5.5', createdAt: '2026-09-02T00:00:00Z' },
      { id: 'claude-haiku-5-5', name: 'Claude Haiku 5.5', createdAt: '2026-08-01T00:00:00Z' }
    ])
    expect(server.requests.map((request) => [request.method, request.path])).toEqual([
      ['GET', '/v1/models'],
      ['GET', '/v1/models?after_id=claude-sonnet-5-5']
    ])
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`)
  })

  it('reports a failed model listing as a ProviderError', async () => {
    const server = await serve((_request, response) => sendAnthropicError(response, 401))

    const error = await makeProvider(server)
      .listModels()
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ kind: 'auth', status: 401 })
  })

  it('ignores the SDK’s environment variables: no other key, host, headers, credential profile or logging', async () => {
    const server = await serveStream(textStream(['Local.']))
    const console = ['log', 'info', 'warn', 'error', 'debug'].map((method) =>
      vi.spyOn(globalThis.console, method as 'log')
    )
    try {
      // Port 9 (discard) on loopback: were it used, the request would fail, never leave the machine.
      vi.stubEnv('ANTHROPIC_BASE_URL', 'http://127.0.0.1:9')
      vi.stubEnv('ANTHROPIC_CUSTOM_HEADERS', 'X-Api-Key: sk-ant-api03-FROM-CUSTOM-HEADERS\nx-claude-code-session: abc')
      vi.stubEnv('ANTHROPIC_LOG', 'debug')
      // With no key in the environment either, the SDK would fall back to this (missing) credential profile.
      vi.stubEnv('ANTHROPIC_PROFILE', 'juxta-test-profile-that-does-not-exist')
      vi.stubEnv('ANTHROPIC_API_KEY', '')
      vi.stubEnv('ANTHROPIC_AUTH_TOKEN', '')
      const local = makeProvider(server, { apiKey: undefined, profile: { local: true } })
      vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-api03-FROMVIRONMENT-0000')
      vi.stubEnv('ANTHROPIC_AUTH_TOKEN', 'sk-ant-oat01-FROMVIRONMENT-0000')
      const keyed = makeProvider(server, { profile: { headers: { 'x-claude-code-session': 'mine' } } })

      expect((await local.generate(ask('Hi'))).text).toBe('Local.')
      expect((await keyed.generate(ask('Hi'))).text).toBe('Local.')

      const [fromLocal, fromKeyed] = server.requests
      expect(fromLocal.headers.authorization).toBeUndefined()
      expect(fromLocal.headers['x-api-key']).toBeUndefined()
      expect(fromLocal.headers['x-claude-code-session']).toBeUndefined()
      expect(fromKeyed.headers.authorization).toBe(`Bearer ${KEY}`)
      expect(fromKeyed.headers['x-api-key']).toBeUndefined()
      // A profile header of the same name is still sent.
      expect(fromKeyed.headers['x-claude-code-session']).toBe('mine')
      for (const spy of console) expect(spy).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
