import { afterEach, describe, expect, it } from 'vitest'
import { OpenAIProvider } from '../../src/main/providers/openai/openai-provider'
import type { ProviderOptions } from '../../src/main/providers/provider'
import { ProviderError } from '../../src/main/providers/provider-error'
import { estimateChatTokens, estimateTextTokens } from '../../src/main/tokens/chat-tokens'
import type { GenerationRequest } from '../../src/shared/generation'
import type { ProviderProfile } from '../../src/shared/profiles'
import type { StreamPart } from '../../src/shared/stream-parts'
import { collect, finishOf, only, textOf } from '../support/stream-parts'
import { type Handler, LoopbackServer, sendJson, startSse, writeInPieces } from '../support/loopback-server'
import { ChatStream, OPENAI_ERRORS, type OpenAIErrorBody, usage } from '../support/openai-wire'

const API_KEY = 'sk-test-Zq8v3Kp1Lm5Nx7Rt2Wy4'
const GREETING = 'Grüße 👋🏽 日本語'

let server: LoopbackServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(handler: Handler): Promise<LoopbackServer> {
  server = await LoopbackServer.start(handler)
  return server
}

function profileFor(target: LoopbackServer, overrides: Partial<ProviderProfile> = {}): ProviderProfile {
  return {
    id: 'openai-test',
    kind: 'openai',
    baseURL: `${target.url}/v1`,
    headers: { 'X-Juxta-Team': 'bench' },
    models: [],
    ...overrides
  }
}

function providerFor(target: LoopbackServer, options: Partial<ProviderOptions> = {}): OpenAIProvider {
  return new OpenAIProvider({
    profile: profileFor(target),
    apiKey: API_KEY,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options
  })
}

function ask(text: string, overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], ...overrides }
}

/** Answers every request with the same SSE body, split into pieces at arbitrary bytes. */
function streaming(body: string, pieceBytes = 64, seed = 1): Handler {
  return async (_request, response) => {
    startSse(response)
    await writeInPieces(response, body, { maxPieceBytes: pieceBytes, seed })
  }
}

function failing(status: number, body: OpenAIErrorBody, headers: Record<string, string> = {}): Handler {
  return (_request, response) => sendJson(response, status, body, headers)
}

const greetingStream = (): string =>
  new ChatStream()
    .role()
    .text('Grü', 'ße 👋', '🏽 日本', '語')
    .finish('stop')
    .usage(usage(21, 9))
    .toSse()

describe('OpenAIProvider: streaming text', () => {
  it('reassembles multi-byte text split at arbitrary byte offsets and sends the expected request', async () => {
    const target = await serve(streaming(greetingStream(), 3))
    const provider = providerFor(target)

    const result = await provider.generate(
      ask('Greet me', {
        system: 'Be brief.',
        messages: [
          { role: 'system', content: 'Answer in German.' },
          { role: 'user', content: 'Greet me' }
        ],
        maxTokens: 100,
        temperature: 0.3,
        topP: 0.9,
        stop: ['END']
      })
    )

    expect(result).toEqual({
      text: GREETING,
      reasoning: '',
      reasoningSignature: null,
      toolCalls: [],
      usage: {
        inputTokens: 21,
        outputTokens: 9,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        estimated: false
      },
      finishReason: 'stop',
      rawFinishReason: 'stop',
      responseId: 'chatcmpl-BxJ8mQ2v7kX0fT3rLpN9sYwZ1aE4c',
      model: 'gpt-4o-mini-2024-07-18'
    })

    expect(target.requests).toHaveLength(1)
    const [request] = target.requests
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/v1/chat/completions')
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(request.headers['x-juxta-team']).toBe('bench')
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.\n\nAnswer in German.' },
        { role: 'user', content: 'Greet me' }
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END']
    })
  })

  it.each([1, 2, 3, 4])('streams metadata, deltas, usage and one finish in order (split seed %i)', async (seed) => {
    const target = await serve(streaming(greetingStream(), 4, seed))
    const parts = await collect(providerFor(target).stream(ask('Greet me')))

    expect(textOf(parts)).toBe(GREETING)
    expect(parts[0]).toEqual({
      type: 'response-metadata',
      id: 'chatcmpl-BxJ8mQ2v7kX0fT3rLpN9sYwZ1aE4c',
      model: 'gpt-4o-mini-2024-07-18'
    })
    expect(parts.map((part) => part.type)).toEqual([
      'response-metadata',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-delta',
      'usage',
      'finish'
    ])
    const reported = { inputTokens: 21, outputTokens: 9, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false }
    expect(only(parts, 'usage')[0].usage).toEqual(reported)
    expect(finishOf(parts)).toEqual({ type: 'finish', finishReason: 'stop', rawFinishReason: 'stop', usage: reported })
  })

  it('maps the other finish reasons and shows a refusal as text', async () => {
    const body = new ChatStream().role().delta({ refusal: "I can't help with that." }).finish('content_filter').toSse()
    const target = await serve(streaming(body))
    const result = await providerFor(target).generate(ask('Something forbidden'))

    expect(result.text).toBe("I can't help with that.")
    expect(result.finishReason).toBe('content-filter')
    expect(result.rawFinishReason).toBe('content_filter')

    const truncated = new ChatStream().role().text('Once upon').finish('length').toSse()
    const second = await serve(streaming(truncated))
    const cut = await providerFor(second).generate(ask('Tell a story', { maxTokens: 2 }))
    expect(cut).toMatchObject({ text: 'Once upon', finishReason: 'length', rawFinishReason: 'length' })
  })

  it('estimates usage when the server ignores include_usage', async () => {
    const body = new ChatStream({ includeUsage: false }).role().text('Hello there, ', 'how can I help?').finish('stop').toSse()
    const target = await serve(streaming(body))
    const request = ask('Say hello to the whole team, please.')

    const result = await providerFor(target).generate(request)

    expect(result.text).toBe('Hello there, how can I help?')
    const expectedInput = (await estimateChatTokens(request)).inputTokens
    const expectedOutput = await estimateTextTokens('gpt-4o-mini', 'Hello there, how can I help?')
    expect(expectedInput).toBeGreaterThan(5)
    expect(expectedOutput).toBeGreaterThan(3)
    expect(result.usage).toEqual({
      inputTokens: expectedInput,
      outputTokens: expectedOutput,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: true
    })
  })
})

describe('OpenAIProvider: tools and conversation', () => {
  const weatherTools: GenerationRequest['tools'] = [
    {
      name: 'get_weather',
      description: 'Current weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    },
    {
      name: 'get_time',
      parameters: { type: 'object', properties: { tz: { type: 'string' } } }
    }
  ]

  it('assembles parallel tool calls from interleaved argument fragments', async () => {
    const body = new ChatStream()
      .toolCallStart(0, 'call_weather_01', 'get_weather')
      .toolCallStart(1, 'call_time_02', 'get_time')
      .toolArguments(0, '{"ci')
      .toolArguments(1, '{"tz"')
      .toolArguments(0, 'ty": "Zü')
      .toolArguments(1, ': "Europe/')
      .toolArguments(0, 'rich"}')
      .toolArguments(1, 'Zurich"}')
      .finish('tool_calls')
      .usage(usage(80, 42))
      .toSse()
    const target = await serve(streaming(body, 6))

    const result = await providerFor(target).generate(ask('Weather and time in Zürich?', { tools: weatherTools }))

    expect(result.toolCalls).toEqual([
      { id: 'call_weather_01', name: 'get_weather', arguments: { city: 'Zürich' } },
      { id: 'call_time_02', name: 'get_time', arguments: { tz: 'Europe/Zurich' } }
    ])
    expect(result.text).toBe('')
    expect(result.finishReason).toBe('tool-calls')
    expect(result.rawFinishReason).toBe('tool_calls')
    expect(result.usage).toMatchObject({ inputTokens: 80, outputTokens: 42, estimated: false })
    expect(target.requests[0].body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
        }
      },
      {
        type: 'function',
        function: { name: 'get_time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } }
      }
    ])
  })

  it('gives a call with no arguments an empty object', async () => {
    const body = new ChatStream().toolCallStart(0, 'call_now', 'get_time').finish('tool_calls').toSse()
    const target = await serve(streaming(body))
    const result = await providerFor(target).generate(ask('What time is it?', { tools: weatherTools }))
    expect(result.toolCalls).toEqual([{ id: 'call_now', name: 'get_time', arguments: {} }])
  })

  it('reports tool arguments that are not JSON instead of dropping the call', async () => {
    const body = new ChatStream()
      .toolCallStart(0, 'call_bad', 'get_weather')
      .toolArguments(0, '{"city": "Zür')
      .finish('tool_calls')
      .toSse()
    const target = await serve(streaming(body))
    const parts = await collect(providerFor(target).stream(ask('Weather?', { tools: weatherTools })))

    expect(only(parts, 'tool-call')).toEqual([])
    const [error] = only(parts, 'error')
    expect(error.error.kind).toBe('server')
    expect(error.error.message).toContain('the model returned arguments for tool "get_weather" that are not a JSON object')
    expect(error.error.message).toContain('get_weather')
    expect(error.error.retryable).toBe(false)
    expect(finishOf(parts).finishReason).toBe('error')
    expect(target.requests).toHaveLength(1)
  })

  it('drops a call whose arguments max_tokens cut short, ending with finish "length" and no error', async () => {
    const body = new ChatStream()
      .toolCallStart(0, 'call_ok', 'get_weather')
      .toolArguments(0, '{"city": "Oslo"}')
      .toolCallStart(1, 'call_cut', 'get_weather')
      .toolArguments(1, '{"city": "Zür')
      .finish('length')
      .toSse()
    const target = await serve(streaming(body))
    const parts = await collect(providerFor(target).stream(ask('Weather?', { tools: weatherTools })))

    expect(only(parts, 'error')).toEqual([])
    expect(only(parts, 'tool-call').map((part) => part.toolCall.id)).toEqual(['call_ok'])
    expect(finishOf(parts)).toMatchObject({ finishReason: 'length', rawFinishReason: 'length' })
  })

  it('sends earlier tool calls, tool results and images in the Chat Completions shape', async () => {
    const target = await serve(streaming(new ChatStream().role().text('Sunny.').finish('stop').toSse()))
    await providerFor(target).generate({
      model: 'gpt-4o-mini',
      tools: weatherTools,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where is this, and what is the weather?' },
            { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
            { type: 'image', url: 'https://example.com/zurich.jpg' }
          ]
        },
        {
          role: 'assistant',
          content: '',
          reasoning: 'The picture shows Zürich.',
          toolCalls: [{ id: 'call_weather_01', name: 'get_weather', arguments: { city: 'Zürich' } }]
        },
        { role: 'tool', toolCallId: 'call_weather_01', toolName: 'get_weather', content: '{"sky":"clear"}' }
      ]
    })

    expect(target.requests[0].body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Where is this, and what is the weather?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/zurich.jpg' } }
        ]
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_weather_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Zürich"}' } }
        ]
      },
      { role: 'tool', tool_call_id: 'call_weather_01', content: '{"sky":"clear"}' }
    ])
  })

  it('merges request extras into the body last', async () => {
    const target = await serve(streaming(new ChatStream().role().text('ok').finish('stop').toSse()))
    await providerFor(target).generate(ask('Hi', { temperature: 1, extras: { temperature: 0, seed: 7, user: 'juxta' } }))
    expect(target.requests[0].body).toMatchObject({ temperature: 0, seed: 7, user: 'juxta', stream: true })
  })
})

describe('OpenAIProvider: reasoning models', () => {
  it('sends max_completion_tokens and reasoning_effort, no sampling, and reads reasoning_content', async () => {
    const body = new ChatStream({ model: 'o4-mini-2025-04-16' })
      .role()
      .reasoning('reasoning_content', 'Two plus ', 'two is four.')
      .text('4')
      .finish('stop')
      .usage(
        usage(1200, 800, {
          prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 640, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 }
        })
      )
      .toSse()
    const target = await serve(streaming(body))

    const result = await providerFor(target).generate(
      ask('What is 2+2?', { model: 'o4-mini', maxTokens: 2000, temperature: 0.7, topP: 0.5, reasoningEffort: 'high' })
    )

    expect(result.reasoning).toBe('Two plus two is four.')
    expect(result.text).toBe('4')
    expect(result.usage).toEqual({
      inputTokens: 1200,
      outputTokens: 800,
      cachedInputTokens: 1024,
      cacheWriteTokens: 0,
      reasoningTokens: 640,
      estimated: false
    })
    const sent = target.requests[0].body
    expect(sent.max_completion_tokens).toBe(2000)
    expect(sent.reasoning_effort).toBe('high')
    expect(sent).not.toHaveProperty('max_tokens')
    expect(sent).not.toHaveProperty('temperature')
    expect(sent).not.toHaveProperty('top_p')
  })

  it("reads OpenRouter's reasoning field, cost and cache writes for an openai/ prefixed model", async () => {
    const body = new ChatStream({ model: 'openai/gpt-5-mini' })
      .role()
      .reasoning('reasoning', 'Thinking', ' hard')
      .text('Done.')
      .finish('stop')
      .usage(
        usage(500, 300, {
          prompt_tokens_details: { cached_tokens: 256, cache_write_tokens: 128 },
          completion_tokens_details: { reasoning_tokens: 200 },
          cost: 0.00123
        })
      )
      .toSse()
    const target = await serve(streaming(body))

    const result = await providerFor(target).generate(ask('Think', { model: 'openai/gpt-5-mini', maxTokens: 900, temperature: 1 }))

    expect(result.reasoning).toBe('Thinking hard')
    expect(result.text).toBe('Done.')
    expect(result.usage).toEqual({
      inputTokens: 500,
      outputTokens: 300,
      cachedInputTokens: 256,
      cacheWriteTokens: 128,
      reasoningTokens: 200,
      estimated: false,
      reportedCostUsd: 0.00123
    })
    expect(target.requests[0].body).toMatchObject({ model: 'openai/gpt-5-mini', max_completion_tokens: 900 })
    expect(target.requests[0].body).not.toHaveProperty('temperature')
    expect(target.requests[0].body).not.toHaveProperty('reasoning_effort')
  })

  it("reads DeepSeek's reasoning_content and prompt_cache_hit_tokens", async () => {
    const body = new ChatStream({ model: 'deepseek-reasoner' })
      .role()
      .reasoning('reasoning_content', 'Hmm, ', 'a greeting.')
      .text('Hallo!')
      .finish('stop')
      .usage({
        prompt_tokens: 300,
        completion_tokens: 120,
        total_tokens: 420,
        prompt_cache_hit_tokens: 256,
        prompt_cache_miss_tokens: 44,
        completion_tokens_details: { reasoning_tokens: 90 }
      })
      .toSse()
    const target = await serve(streaming(body))

    const result = await providerFor(target).generate(ask('Hi', { model: 'deepseek-reasoner' }))

    expect(result).toMatchObject({ reasoning: 'Hmm, a greeting.', text: 'Hallo!' })
    expect(result.usage).toEqual({
      inputTokens: 300,
      outputTokens: 120,
      cachedInputTokens: 256,
      cacheWriteTokens: 0,
      reasoningTokens: 90,
      estimated: false
    })
  })

  it("follows the profile's reasoning flag for models it cannot recognise by id", async () => {
    const target = await serve(streaming(new ChatStream().role().text('ok').finish('stop').toSse()))
    const provider = new OpenAIProvider({
      profile: profileFor(target, {
        models: [
          { id: 'local-thinker', reasoning: true },
          { id: 'o3-mini', reasoning: false }
        ]
      }),
      apiKey: API_KEY
    })

    await provider.generate(ask('Hi', { model: 'local-thinker', maxTokens: 50, temperature: 0.2, reasoningEffort: 'low' }))
    await provider.generate(ask('Hi', { model: 'o3-mini', maxTokens: 50, temperature: 0.2, reasoningEffort: 'low' }))

    expect(target.requests[0].body).toMatchObject({ max_completion_tokens: 50, reasoning_effort: 'low' })
    expect(target.requests[0].body).not.toHaveProperty('temperature')
    expect(target.requests[1].body).toMatchObject({ max_tokens: 50, temperature: 0.2 })
    expect(target.requests[1].body).not.toHaveProperty('reasoning_effort')
  })
})

describe('OpenAIProvider: HTTP errors', () => {
  it('refuses a 400 without retrying', async () => {
    const target = await serve(failing(400, OPENAI_ERRORS.badRequest()))
    const parts = await collect(providerFor(target).stream(ask('Hi', { temperature: 7 })))

    expect(only(parts, 'retry')).toEqual([])
    expect(only(parts, 'error')[0].error).toEqual({
      kind: 'bad_request',
      provider: 'openai-test',
      status: 400,
      retryable: false,
      message: "The request was refused (HTTP 400): Invalid value for 'temperature': expected a number between 0 and 2, but got 7 instead."
    })
    expect(finishOf(parts).finishReason).toBe('error')
    expect(target.requests).toHaveLength(1)
  })

  it('reports a rejected key as auth without ever repeating the key', async () => {
    const target = await serve(failing(401, OPENAI_ERRORS.invalidApiKey(API_KEY)))
    const error = await providerFor(target)
      .generate(ask('Hi'))
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ProviderError)
    const failure = error as ProviderError
    expect(failure.kind).toBe('auth')
    expect(failure.status).toBe(401)
    expect(failure.retryable).toBe(false)
    expect(failure.message).toContain('Incorrect API key provided')
    expect(failure.message).not.toContain(API_KEY)
    expect(failure.message).not.toContain('Zq8v3Kp1')
    expect(JSON.stringify(failure.toInfo())).not.toContain('Zq8v3Kp1')
    expect(target.requests).toHaveLength(1)
  })

  it.each([
    { status: 403, body: OPENAI_ERRORS.unsupportedCountry(), kind: 'permission', detail: 'Country, region, or territory not supported' },
    { status: 404, body: OPENAI_ERRORS.modelNotFound('gpt-9'), kind: 'not_found', detail: 'The model `gpt-9` does not exist' },
    { status: 400, body: OPENAI_ERRORS.contextLengthExceeded(), kind: 'context_length', detail: 'maximum context length is 128000 tokens' },
    { status: 413, body: OPENAI_ERRORS.contextLengthExceeded(), kind: 'context_length', detail: 'maximum context length is 128000 tokens' },
    {
      status: 400,
      body: { error: { message: 'Input is too large for this model.', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
      kind: 'context_length',
      detail: 'Input is too large for this model.'
    }
  ])('maps HTTP $status ($body.error.code) to $kind, not retried', async ({ status, body, kind, detail }) => {
    const target = await serve(failing(status, body))
    const parts = await collect(providerFor(target).stream(ask('Hi', { model: 'gpt-9' })))

    const [error] = only(parts, 'error')
    expect(error.error).toMatchObject({ kind, status, retryable: false })
    expect(error.error.message).toContain(detail)
    expect(only(parts, 'retry')).toEqual([])
    expect(target.requests).toHaveLength(1)
  })

  it('waits as long as retry-after asks on a 429, then succeeds', async () => {
    let calls = 0
    const target = await serve(async (request, response) => {
      calls++
      if (calls === 1) return failing(429, OPENAI_ERRORS.rateLimited(), { 'retry-after': '2' })(request, response)
      await streaming(greetingStream())(request, response)
    })
    const slept: number[] = []
    const provider = providerFor(target, { sleep: async (ms) => void slept.push(ms) })

    const parts = await collect(provider.stream(ask('Greet me')))

    const [retry] = only(parts, 'retry')
    expect(retry).toMatchObject({ attempt: 1, maxAttempts: 3, delayMs: 2000 })
    expect(retry.error).toMatchObject({ kind: 'rate_limit', status: 429, retryable: true, retryAfterMs: 2000 })
    expect(slept).toEqual([2000])
    expect(only(parts, 'error')).toEqual([])
    expect(textOf(parts)).toBe(GREETING)
    expect(finishOf(parts).finishReason).toBe('stop')
    expect(target.requests).toHaveLength(2)
  })

  it('does not retry a 429 for a spent quota', async () => {
    const target = await serve(failing(429, OPENAI_ERRORS.insufficientQuota()))
    const parts = await collect(providerFor(target).stream(ask('Hi')))

    expect(only(parts, 'retry')).toEqual([])
    expect(only(parts, 'error')[0].error).toMatchObject({ kind: 'rate_limit', status: 429, retryable: false })
    expect(only(parts, 'error')[0].error.message).toContain('You exceeded your current quota')
    expect(target.requests).toHaveLength(1)
  })

  it.each([
    { status: 500, body: OPENAI_ERRORS.serverError() },
    { status: 503, body: OPENAI_ERRORS.overloaded() }
  ])('retries HTTP $status up to maxAttempts, then reports a server error', async ({ status, body }) => {
    const target = await serve(failing(status, body))
    const parts = await collect(providerFor(target).stream(ask('Hi')))

    const retries = only(parts, 'retry')
    expect(retries.map((retry) => retry.attempt)).toEqual([1, 2])
    for (const retry of retries) expect(retry.delayMs).toBeLessThanOrEqual(5)
    const [error] = only(parts, 'error')
    expect(error.error).toMatchObject({ kind: 'server', status, retryable: true })
    expect(error.error.message).toContain(body.error.message)
    expect(finishOf(parts).finishReason).toBe('error')
    expect(target.requests).toHaveLength(3)
  })
})

describe('OpenAIProvider: broken streams', () => {
  it('keeps the text before an error chunk in the stream', async () => {
    const body = new ChatStream().role().text('Partial ', 'answer').error(OPENAI_ERRORS.serverError()).toSse({ done: false })
    const target = await serve(streaming(body))
    const parts = await collect(providerFor(target).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Partial answer')
    const [error] = only(parts, 'error')
    expect(error.error.kind).toBe('server')
    expect(error.error.message).toContain('The server had an error while processing your request')
    expect(finishOf(parts).finishReason).toBe('error')
    expect(target.requests).toHaveLength(1)
  })

  it('keeps the text before a chunk that is not JSON', async () => {
    const body = new ChatStream()
      .role()
      .text('Before ')
      .rawData('{"id":"chatcmpl-x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"bro')
      .text('after')
      .finish('stop')
      .toSse()
    const target = await serve(streaming(body))
    const parts = await collect(providerFor(target).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Before ')
    expect(only(parts, 'error')[0].error).toMatchObject({ kind: 'server', message: 'The server failed: the server sent a malformed stream event' })
    expect(finishOf(parts).finishReason).toBe('error')
  })

  it('reports a connection cut mid-stream as a network error and keeps the partial text', async () => {
    const head = new ChatStream().role().text('Grüße ', '👋🏽').toSse({ done: false })
    const tail = new ChatStream().text(' und mehr').finish('stop').usage(usage(10, 6)).toSse()
    const target = await serve(async (_request, response) => {
      startSse(response)
      await writeInPieces(response, head + tail, { maxPieceBytes: 9, cutAfterBytes: Buffer.byteLength(head) + 40 })
    })
    const parts = await collect(providerFor(target).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Grüße 👋🏽')
    const [error] = only(parts, 'error')
    expect(error.error).toMatchObject({ kind: 'network', retryable: true })
    // fetch reports the cut as TypeError("terminated") caused by the socket's own error.
    expect(error.error.message).toBe('Network error: the connection closed mid-answer (other side closed)')
    expect(only(parts, 'retry')).toEqual([])
    const finish = finishOf(parts)
    expect(finish.finishReason).toBe('error')
    expect(finish.usage.estimated).toBe(true)
    expect(finish.usage.outputTokens).toBeGreaterThan(0)
    expect(target.requests).toHaveLength(1)
  })

  it('treats a stream that ends cleanly but without a finish reason as incomplete', async () => {
    const body = new ChatStream().role().text('Half an ans').toSse({ done: false })
    const target = await serve(streaming(body))
    const parts = await collect(providerFor(target).stream(ask('Hi')))

    expect(textOf(parts)).toBe('Half an ans')
    expect(only(parts, 'error')[0].error).toMatchObject({
      kind: 'network',
      message: 'Network error: the stream ended before the answer was complete'
    })
    expect(finishOf(parts).finishReason).toBe('error')
  })
})

describe('OpenAIProvider: stalls and cancellation', () => {
  it('times out a stream that goes quiet, keeps the text and closes the connection', async () => {
    const target = await serve(async (_request, response) => {
      startSse(response)
      await writeInPieces(response, new ChatStream().role().text('Still ', 'thinking').toSse({ done: false }), { leaveOpen: true })
    })
    const provider = providerFor(target, { timeouts: { idleMs: 200 } })

    const started = Date.now()
    const parts = await collect(provider.stream(ask('Hi')))
    const elapsed = Date.now() - started

    expect(textOf(parts)).toBe('Still thinking')
    expect(only(parts, 'error')[0].error).toMatchObject({
      kind: 'timeout',
      message: 'Timed out: the stream stalled for 200 ms'
    })
    expect(finishOf(parts).finishReason).toBe('error')
    expect(elapsed).toBeLessThan(1000)
    await target.waitForClientDisconnect(1000)
    expect(target.requests).toHaveLength(1)
  })

  it('times out a server that sends headers but no event', async () => {
    const target = await serve((_request, response) => startSse(response))
    const provider = providerFor(target, { timeouts: { firstEventMs: 200 }, retry: { maxAttempts: 1 } })

    const started = Date.now()
    const parts = await collect(provider.stream(ask('Hi')))

    expect(Date.now() - started).toBeLessThan(1000)
    expect(only(parts, 'error')[0].error).toMatchObject({ kind: 'timeout', message: 'Timed out: no response within 200 ms' })
    expect(finishOf(parts)).toMatchObject({ finishReason: 'error', usage: { inputTokens: 0, outputTokens: 0, estimated: true } })
    await target.waitForClientDisconnect(1000)
  })

  it('cancels mid-stream without an error and closes the connection', async () => {
    const target = await serve(async (_request, response) => {
      startSse(response)
      await writeInPieces(response, new ChatStream().role().text('Hel', 'lo').toSse({ done: false }), { leaveOpen: true })
    })
    const controller = new AbortController()
    const parts: StreamPart[] = []
    for await (const part of providerFor(target).stream(ask('Hi'), controller.signal)) {
      parts.push(part)
      if (textOf(parts) === 'Hello') controller.abort()
    }

    expect(textOf(parts)).toBe('Hello')
    expect(only(parts, 'error')).toEqual([])
    expect(finishOf(parts).finishReason).toBe('cancelled')
    await target.waitForClientDisconnect(1000)
  })

  it('makes generate throw a cancelled error', async () => {
    const target = await serve(async (_request, response) => {
      startSse(response)
      await writeInPieces(response, new ChatStream().role().text('Hel').toSse({ done: false }), { leaveOpen: true })
    })
    const controller = new AbortController()
    const pending = providerFor(target).generate(ask('Hi'), controller.signal)
    await new Promise((resolve) => setTimeout(resolve, 100))
    controller.abort()

    await expect(pending).rejects.toMatchObject({ name: 'ProviderError', kind: 'cancelled' })
    await target.waitForClientDisconnect(1000)
  })
})

describe('OpenAIProvider: models and configuration', () => {
  it('lists models from GET /models', async () => {
    const target = await serve((_request, response) =>
      sendJson(response, 200, {
        object: 'list',
        data: [
          { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
          { id: 'llama3.2:3b', object: 'model', created: 0, owned_by: 'library' }
        ]
      })
    )

    const models = await providerFor(target).listModels()

    expect(models).toEqual([
      { id: 'gpt-4o-mini', ownedBy: 'system', createdAt: '2024-07-16T23:32:21.000Z' },
      { id: 'llama3.2:3b', ownedBy: 'library' }
    ])
    expect(target.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' })
    expect(target.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(target.requests[0].headers['x-juxta-team']).toBe('bench')
  })

  it('throws a redacted ProviderError when listing models fails', async () => {
    const target = await serve(failing(401, OPENAI_ERRORS.invalidApiKey(API_KEY)))
    const error = await providerFor(target)
      .listModels()
      .catch((caught: unknown) => caught)

    expect(error).toMatchObject({ name: 'ProviderError', kind: 'auth', status: 401 })
    expect((error as Error).message).not.toContain('Zq8v3Kp1')
  })

  it('sends a placeholder key to a local server without one', async () => {
    const target = await serve(streaming(new ChatStream().role().text('hi').finish('stop').toSse()))
    const provider = new OpenAIProvider({ profile: profileFor(target, { local: true }) })

    expect(provider.validateConfig()).toEqual([])
    expect((await provider.generate(ask('Hi', { model: 'llama3.2:3b' }))).text).toBe('hi')
    expect(target.requests[0].headers.authorization).toBe('Bearer not-needed')
  })

  it('flags a base URL that includes the endpoint path, and a missing key', () => {
    const provider = new OpenAIProvider({
      profile: { id: 'p', kind: 'openai', baseURL: 'https://api.example.com/v1/chat/completions', models: [] }
    })
    expect(provider.validateConfig().map((issue) => issue.field)).toEqual(['apiKey', 'baseURL'])
  })
})
