import type { ServerResponse } from 'node:http'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalog } from '../../src/main/catalog'
import type { Catalog } from '../../src/main/catalog/types'
import { type CompareEngine, type CompareEngineOptions, CompareInputError, createCompareEngine, historyOfPane } from '../../src/main/compare'
import { createDefaultRegistry } from '../../src/main/providers/default-registry'
import { type PaneResult, type PaneStatusEvent, type RunEvent, nextHistory } from '../../src/shared/compare'
import type { ProviderProfile } from '../../src/shared/profiles'
import {
  blockStop,
  inputJsonDelta,
  messageDelta,
  messageStart,
  messageStop,
  sendAnthropicError,
  signatureDelta,
  textBlockStart,
  textDelta,
  textStreamHead,
  textStreamTail,
  thinkingBlockStart,
  thinkingDelta,
  toolUseBlockStart
} from '../support/anthropic-wire'
import { type Handler, LoopbackServer, type RecordedRequest, pause, sendJson, startSse, writeInPieces } from '../support/loopback-server'
import { ChatStream, OPENAI_ERRORS, usage } from '../support/openai-wire'
import { open } from '../support/store'
import { exportConversationJson, importConversationJson } from '../../src/main/store'

const KEYS: Record<string, string> = { oa: 'sk-test-oa-Zq8v3Kp1Lm5Nx7', an: 'sk-ant-test-Jx7Qw2Lp9Vt4', or: 'sk-or-test-Rb8Nc3Md6Kf1' }

let catalog: Catalog
const servers: LoopbackServer[] = []
const engines: CompareEngine[] = []

beforeAll(async () => {
  catalog = await loadCatalog()
})

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()))
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await LoopbackServer.start(handler)
  servers.push(server)
  return server
}

/** oa and or: OpenAI-style on one server; an: Anthropic-style on another. */
function profilesFor(openai: LoopbackServer | null, anthropic: LoopbackServer | null): ProviderProfile[] {
  const profiles: ProviderProfile[] = []
  if (openai) {
    profiles.push({ id: 'oa', kind: 'openai', baseURL: `${openai.url}/v1`, models: [] })
    // An OpenRouter-like profile on the same server, with the user's own price for its model.
    profiles.push({ id: 'or', kind: 'openai', baseURL: `${openai.url}/router/v1`, models: [{ id: 'house', price: { input: 2, output: 4 } }] })
  }
  if (anthropic) profiles.push({ id: 'an', kind: 'anthropic', baseURL: anthropic.url, models: [] })
  return profiles
}

function engineWith(profiles: ProviderProfile[], extra: Partial<CompareEngineOptions> = {}): CompareEngine {
  const engine = createCompareEngine({
    registry: createDefaultRegistry(),
    resolveProfile: (id) => profiles.find((profile) => profile.id === id),
    resolveKey: (profile) => KEYS[profile.id],
    catalog,
    providerOptions: { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    ...extra
  })
  engines.push(engine)
  return engine
}

function recorder(): { events: RunEvent[]; onEvent: (event: RunEvent) => void; of: (paneId: string) => RunEvent[] } {
  const events: RunEvent[] = []
  return { events, onEvent: (event) => events.push(event), of: (paneId) => events.filter((event) => event.paneId === paneId) }
}

function streamedText(events: RunEvent[], type: 'text-delta' | 'reasoning-delta' = 'text-delta'): string {
  return events.flatMap((event) => (event.type === type ? [event.text] : [])).join('')
}

function statuses(events: RunEvent[]): PaneStatusEvent[] {
  return events.filter((event): event is PaneStatusEvent => event.type === 'status')
}

function byPane(results: PaneResult[]): Record<string, PaneResult> {
  return Object.fromEntries(results.map((result) => [result.paneId, result]))
}

/** Which scenario a request is: the pane's system prompt says "scenario:NAME". */
function scenarioOf(request: RecordedRequest): string {
  const system: unknown = request.body?.system ?? request.body?.messages?.find((message: { role: string }) => message.role === 'system')?.content
  return typeof system === 'string' ? (/scenario:(\S+)/.exec(system)?.[1] ?? '') : ''
}

/** The last user message of a request, in either wire format. */
function lastUserText(request: RecordedRequest): string {
  const users = (request.body?.messages ?? []).filter((message: { role: string }) => message.role === 'user')
  const content = users.at(-1)?.content
  return typeof content === 'string' ? content : (content?.map((part: { text?: string }) => part.text ?? '').join('') ?? '')
}

/** A request's messages with Anthropic's content blocks read as plain text, to compare both wire formats alike. */
function plainMessages(request: RecordedRequest): Array<{ role: string; content: string }> {
  return request.body.messages.map((message: { role: string; content: unknown }) => ({
    role: message.role,
    content: typeof message.content === 'string' ? message.content : (message.content as Array<{ text?: string }>).map((block) => block.text ?? '').join('')
  }))
}

/** Holds every response until `count` requests have arrived: they can only all pass if they were all in flight at once. */
function gate(count: number, timeoutMs = 10_000): { arrive: () => Promise<boolean>; readonly arrived: number } {
  let arrived = 0
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return {
    get arrived() {
      return arrived
    },
    async arrive() {
      if (++arrived >= count) open()
      let timer: ReturnType<typeof setTimeout> | undefined
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))
      return Promise.race([opened.then(() => true as const), timedOut]).finally(() => clearTimeout(timer))
    }
  }
}

function answerOpenAI(response: ServerResponse, text: string, extra: { promptTokens?: number; completionTokens?: number } = {}): Promise<void> {
  startSse(response)
  const body = new ChatStream().role().text(text).finish('stop').usage(usage(extra.promptTokens ?? 10, extra.completionTokens ?? 5)).toSse()
  return writeInPieces(response, body, { maxPieceBytes: 64 })
}

function answerAnthropic(response: ServerResponse, text: string): Promise<void> {
  startSse(response)
  return writeInPieces(response, textStreamHead([text]) + textStreamTail(), { maxPieceBytes: 64 })
}

const TOOLS = [
  { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }
]

describe('compare engine: eight panes at once', () => {
  it('streams every pane together; failures, rate limits, slowness and a stop stay in their own pane', async () => {
    const together = gate(8)
    let inFlight = 0
    let maxInFlight = 0
    const track = async (response: ServerResponse): Promise<boolean> => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      response.on('close', () => inFlight--)
      const ok = await together.arrive()
      if (!ok) sendJson(response, 400, OPENAI_ERRORS.badRequest())
      return ok
    }
    let rateLimited = 0

    const openai = await serve(async (request, response) => {
      const scenario = scenarioOf(request)
      if (!(await track(response))) return
      startSse(response)
      switch (scenario) {
        case 'plain':
          return writeInPieces(
            response,
            new ChatStream()
              .role()
              .text('Alpha ', 'beta ', 'gamma.')
              .finish('stop')
              .usage(usage(1000, 200, { prompt_tokens_details: { cached_tokens: 400, audio_tokens: 0 } }))
              .toSse(),
            { maxPieceBytes: 40 }
          )
        case 'twin':
          return writeInPieces(response, new ChatStream().role().text('Twin ', 'answer.').finish('stop').usage(usage(50, 5)).toSse())
        case 'fail': {
          // Text, then the connection drops mid-answer.
          response.write(new ChatStream().role().text('Partial ', 'answer ').toSse({ done: false }))
          await pause(30)
          response.socket?.destroy()
          return
        }
        case 'cancel':
          // Some text, then silence: only a stop ends it.
          response.write(new ChatStream().role().text('Stop me ').toSse({ done: false }))
          return
        case 'router':
          return writeInPieces(response, new ChatStream().role().text('Routed.').finish('stop').usage(usage(100, 20, { cost: 0.0042 })).toSse())
      }
    })
    const anthropic = await serve(async (request, response) => {
      const scenario = scenarioOf(request)
      if (scenario === 'limited' && ++rateLimited === 1) {
        sendAnthropicError(response, 429, { headers: { 'retry-after-ms': '40' } })
        return
      }
      if (!(await track(response))) return
      startSse(response)
      switch (scenario) {
        case 'limited':
          return writeInPieces(response, textStreamHead(['Recovered.']) + textStreamTail())
        case 'slow': {
          const head = [
            messageStart({ input_tokens: 100, cache_creation_input_tokens: 200, cache_read_input_tokens: 300 }),
            thinkingBlockStart(0),
            thinkingDelta(0, 'Thinking it over.'),
            signatureDelta(0, 'sig-EqQKCkYIBRgCKkBz'),
            blockStop(0),
            textBlockStart(1)
          ].join('')
          response.write(head)
          for (const chunk of ['Slow ', 'and ', 'steady.']) {
            await pause(150)
            response.write(textDelta(1, chunk))
          }
          response.end([blockStop(1), messageDelta('end_turn', { output_tokens: 50 }), messageStop()].join(''))
          return
        }
        case 'tools':
          return writeInPieces(
            response,
            [
              messageStart(),
              textBlockStart(0),
              textDelta(0, 'Let me check.'),
              blockStop(0),
              toolUseBlockStart(1, 'toolu_01A09q90qw90lq917835lq9', 'get_weather'),
              inputJsonDelta(1, '{"city":'),
              inputJsonDelta(1, ' "Paris"}'),
              blockStop(1),
              messageDelta('tool_use', { output_tokens: 30 }),
              messageStop()
            ].join('')
          )
      }
    })

    const engine = engineWith(profilesFor(openai, anthropic))
    const record = recorder()
    let stopped = false
    const onEvent = (event: RunEvent): void => {
      record.onEvent(event)
      // Stop the "cancel" pane once its first text has arrived.
      if (event.paneId === 'cancel' && event.type === 'text-delta' && !stopped) {
        stopped = true
        expect(engine.stop(event.runId, 'cancel')).toBe(true)
      }
    }
    const scenario = (id: string, model: string, extra: object = {}): object => ({ id, model, systemPrompt: `scenario:${id}`, ...extra })
    const started = Date.now()
    const handle = await engine.start(
      {
        prompt: "What's the weather in Paris?",
        tools: TOOLS,
        save: false,
        panes: [
          scenario('plain', 'oa:gpt-4o-mini', { parameters: { temperature: 0.2 } }),
          scenario('twin', 'oa:gpt-4o-mini', { parameters: { temperature: 0.9, maxTokens: 300 } }),
          scenario('fail', 'oa:gpt-4o-mini'),
          scenario('limited', 'an:claude-haiku-4-5'),
          scenario('slow', 'an:claude-haiku-4-5', { parameters: { thinkingBudget: 2048 } }),
          scenario('cancel', 'oa:gpt-4o-mini'),
          scenario('tools', 'an:claude-haiku-4-5'),
          scenario('router', 'or:house')
        ]
      },
      onEvent
    )
    expect(handle.panes.map((pane) => pane.paneId)).toEqual(['plain', 'twin', 'fail', 'limited', 'slow', 'cancel', 'tools', 'router'])
    // start() resolves before the run's first event.
    expect(record.events).toEqual([])

    const summary = await engine.wait(handle.runId)
    expect(Date.now() - started).toBeLessThan(15_000)
    // All eight streaming requests were held until all eight had arrived.
    expect(together.arrived).toBe(8)
    expect(maxInFlight).toBe(8)

    const results = byPane(summary.panes)
    expect(summary.panes.map((pane) => pane.status)).toEqual(['done', 'done', 'error', 'done', 'done', 'stopped', 'done', 'done'])

    // Every pane's events: started first, finished last, text events adding up to the result's text.
    for (const pane of summary.panes) {
      const events = record.of(pane.paneId)
      expect(events[0]).toMatchObject({ type: 'pane-started', runId: handle.runId, attempt: 1, model: pane.model, responseId: pane.responseId })
      expect(events.at(-1)).toEqual({ type: 'pane-finished', runId: handle.runId, paneId: pane.paneId, result: pane })
      expect(events.filter((event) => event.type === 'pane-finished')).toHaveLength(1)
      expect(streamedText(events)).toBe(pane.text)
      expect(streamedText(events, 'reasoning-delta')).toBe(pane.reasoning)
      const seen = statuses(events).map((event) => event.status)
      expect(seen[0]).toBe('waiting')
      if (pane.text) expect(seen).toContain('streaming')
      expect(seen).not.toContain('queued')
    }

    expect(results.plain).toMatchObject({
      status: 'done',
      text: 'Alpha beta gamma.',
      finishReason: 'stop',
      usage: { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 200, estimated: false },
      servedModel: 'gpt-4o-mini-2024-07-18',
      error: null,
      message: { role: 'assistant', content: 'Alpha beta gamma.' }
    })
    // 600 uncached at $0.15/M, 400 cached at $0.075/M, 200 out at $0.60/M (the catalog's prices).
    expect(results.plain!.cost).toMatchObject({ reportedUsd: null, mismatch: false, priceSource: { kind: 'catalog' }, estimatedUsage: false })
    expect(results.plain!.cost.computedUsd).toBeCloseTo(0.00024, 12)
    expect(results.twin).toMatchObject({ status: 'done', text: 'Twin answer.', usage: { inputTokens: 50, outputTokens: 5 } })
    expect(results.twin!.cost.computedUsd).toBeCloseTo((50 * 0.15 + 5 * 0.6) / 1e6, 12)

    // The failure kept its text and says what happened.
    expect(results.fail).toMatchObject({
      status: 'error',
      text: 'Partial answer ',
      finishReason: 'error',
      error: { kind: 'network', provider: 'oa' },
      usage: { estimated: true },
      cost: { estimatedUsage: true },
      message: { role: 'assistant', content: 'Partial answer ' }
    })

    // Rate limited, told so with the wait, then answered.
    expect(results.limited).toMatchObject({ status: 'done', text: 'Recovered.', finishReason: 'stop', error: null })
    const limitedStatuses = statuses(record.of('limited'))
    expect(limitedStatuses.map((event) => event.status)).toEqual(['waiting', 'retrying', 'waiting', 'streaming'])
    expect(limitedStatuses[1]).toMatchObject({ retryInMs: 40, error: { kind: 'rate_limit', status: 429 }, retryAttempt: 1, maxAttempts: 3 })
    expect(anthropic.requests.filter((request) => scenarioOf(request) === 'limited')).toHaveLength(2)
    // TTFT counts from the resend, not from the rejected first request.
    expect(results.limited!.metrics.sentAt).toBe(limitedStatuses[2]!.at)

    // Slow: reasoning with its signature, cache reads and writes at their own prices, and real timings.
    const slow = results.slow!
    expect(slow).toMatchObject({
      status: 'done',
      text: 'Slow and steady.',
      reasoning: 'Thinking it over.',
      reasoningSignature: 'sig-EqQKCkYIBRgCKkBz',
      usage: { inputTokens: 600, cachedInputTokens: 300, cacheWriteTokens: 200, outputTokens: 50, estimated: false },
      message: { role: 'assistant', content: 'Slow and steady.', reasoning: 'Thinking it over.', reasoningSignature: 'sig-EqQKCkYIBRgCKkBz' }
    })
    // 100 plain input at $1/M, 300 cache reads at $0.10/M, 200 cache writes at $1.25/M, 50 out at $5/M.
    expect(slow.cost.computedUsd).toBeCloseTo(0.00063, 12)
    const { queuedAt, sentAt, firstTokenAt, lastTokenAt, ttftMs, tokensPerSecond } = slow.metrics
    expect(queuedAt).toBeLessThanOrEqual(sentAt!)
    expect(sentAt!).toBeLessThanOrEqual(firstTokenAt!)
    expect(ttftMs).toBe(firstTokenAt! - sentAt!)
    // Reasoning is the first output; the three text chunks come 150 ms apart after it.
    expect(lastTokenAt! - firstTokenAt!).toBeGreaterThanOrEqual(300)
    expect(tokensPerSecond).toBeCloseTo(50 / ((lastTokenAt! - firstTokenAt!) / 1000), 6)

    // Stopped mid-stream: text kept, connection closed, no error.
    expect(results.cancel).toMatchObject({ status: 'stopped', text: 'Stop me ', finishReason: 'cancelled', error: null })
    await openai.waitForClientDisconnect()

    expect(results.tools).toMatchObject({
      status: 'done',
      text: 'Let me check.',
      finishReason: 'tool-calls',
      rawFinishReason: 'tool_use',
      toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: { city: 'Paris' } }],
      message: { role: 'assistant', content: 'Let me check.', toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: { city: 'Paris' } }] }
    })
    expect(record.of('tools').filter((event) => event.type === 'tool-call')).toHaveLength(1)
    expect(results.tools!.cost.computedUsd).toBeCloseTo((25 * 1 + 30 * 5) / 1e6, 12)

    // The provider's own bill beside ours, and the gap flagged.
    expect(results.router!.cost).toEqual({ computedUsd: 0.00028, reportedUsd: 0.0042, mismatch: true, priceSource: { kind: 'user' }, estimatedUsage: false })

    // The same model twice, each with its own parameters, tools and system prompt.
    const sent = (name: string): any => [...openai.requests, ...anthropic.requests].find((request) => scenarioOf(request) === name)!.body
    expect(sent('plain')).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, tools: [{ type: 'function', function: { name: 'get_weather' } }] })
    expect(sent('twin')).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.9, max_tokens: 300 })
    expect(sent('slow')).toMatchObject({ model: 'claude-haiku-4-5', thinking: { type: 'enabled', budget_tokens: 2048 } })
    expect(openai.requests.find((request) => scenarioOf(request) === 'router')!.path).toBe('/router/v1/chat/completions')
    // Each profile's own key went to its own endpoint.
    expect(openai.requests.find((request) => scenarioOf(request) === 'plain')!.headers.authorization).toBe(`Bearer ${KEYS.oa}`)
    expect(openai.requests.find((request) => scenarioOf(request) === 'router')!.headers.authorization).toBe(`Bearer ${KEYS.or}`)
    expect(anthropic.requests[0]!.headers.authorization).toBe(`Bearer ${KEYS.an}`)
  })
})

describe('compare engine: coalescing', () => {
  const CHUNKS = Array.from({ length: 400 }, (_, index) => `w${index} `)
  const REASONING = Array.from({ length: 50 }, (_, index) => `r${index} `)

  const fastServer = (): Promise<LoopbackServer> =>
    serve(async (_request, response) => {
      startSse(response)
      const body = new ChatStream()
        .role()
        .reasoning('reasoning_content', ...REASONING)
        .text(...CHUNKS)
        .finish('stop')
        .usage(usage(10, 450))
        .toSse()
      await writeInPieces(response, body, { maxPieceBytes: 4096 })
    })

  it('merges deltas into far fewer events, in order, dropping nothing', async () => {
    const openai = await fastServer()
    const engine = engineWith(profilesFor(openai, null))
    const record = recorder()
    const handle = await engine.start({ prompt: 'Count', save: false, panes: [{ id: 'p', model: 'oa:gpt-4o-mini' }] }, record.onEvent)
    const [result] = (await engine.wait(handle.runId)).panes

    expect(result!.text).toBe(CHUNKS.join(''))
    expect(result!.reasoning).toBe(REASONING.join(''))
    expect(streamedText(record.events)).toBe(CHUNKS.join(''))
    expect(streamedText(record.events, 'reasoning-delta')).toBe(REASONING.join(''))
    const deltas = record.events.filter((event) => event.type === 'text-delta' || event.type === 'reasoning-delta')
    // 450 provider deltas became a handful of events.
    expect(deltas.length).toBeLessThan(45)
    // Reasoning came first; once text started, no reasoning event follows.
    const firstText = deltas.findIndex((event) => event.type === 'text-delta')
    expect(deltas.slice(firstText).every((event) => event.type === 'text-delta')).toBe(true)
    expect(deltas.slice(0, firstText).every((event) => event.type === 'reasoning-delta')).toBe(true)
    // Status 'streaming' precedes the first delta; the finish comes after the last.
    const types = record.events.map((event) => event.type)
    expect(types.indexOf('status', types.indexOf('pane-started'))).toBeLessThan(types.indexOf('reasoning-delta'))
    expect(types.at(-1)).toBe('pane-finished')
  })

  it('sends a pane sooner once its pending text passes the size bound', async () => {
    const openai = await fastServer()
    // A frame so long it never fires during the answer: only the size bound (and the finish) can flush.
    const engine = engineWith(profilesFor(openai, null), { coalesceMs: 60_000, maxPendingChars: 256 })
    const record = recorder()
    const handle = await engine.start({ prompt: 'Count', save: false, panes: [{ id: 'p', model: 'oa:gpt-4o-mini' }] }, record.onEvent)
    await engine.wait(handle.runId)
    const texts = record.events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : []))
    expect(texts.join('')).toBe(CHUNKS.join(''))
    expect(texts.length).toBeGreaterThanOrEqual(Math.floor(CHUNKS.join('').length / 300))
    // The first text may share its flush with the reasoning before it; the bound counts both.
    for (const text of texts.slice(1, -1)) expect(text.length).toBeGreaterThanOrEqual(256)
  })
})

describe('compare engine: per-endpoint concurrency', () => {
  it('queues panes over the limit instead of failing them, and never has more in flight', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const openai = await serve(async (request, response) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      response.on('close', () => inFlight--)
      await pause(80)
      await answerOpenAI(response, `Answer ${scenarioOf(request)}`)
    })
    const anthropic = await serve((_request, response) => answerAnthropic(response, 'Other endpoint.'))
    const engine = engineWith(profilesFor(openai, anthropic), { concurrency: { perEndpoint: 2 } })
    const record = recorder()
    const panes = ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => ({ id, model: 'oa:gpt-4o-mini', systemPrompt: `scenario:${id}` }))
    const handle = await engine.start(
      { prompt: 'Hi', save: false, panes: [...panes, { id: 'other', model: 'an:claude-haiku-4-5' }] },
      (event) => {
        record.onEvent(event)
        // A queued pane stopped before its turn leaves the line without sending anything.
        if (event.paneId === 'p5' && event.type === 'status' && event.status === 'queued') engine.stop(event.runId, 'p5')
      }
    )
    const results = byPane((await engine.wait(handle.runId)).panes)

    expect(maxInFlight).toBe(2)
    for (const id of ['p1', 'p2', 'p3', 'p4']) expect(results[id]).toMatchObject({ status: 'done', text: `Answer ${id}` })
    const queued = (id: string): boolean => statuses(record.of(id)).some((event) => event.status === 'queued')
    expect(['p1', 'p2', 'p3', 'p4', 'p5'].filter(queued)).toEqual(['p3', 'p4', 'p5'])
    // The queued panes were sent later: queued, then waiting.
    expect(statuses(record.of('p3')).map((event) => event.status)).toEqual(['queued', 'waiting', 'streaming'])
    expect(results.p5).toMatchObject({ status: 'stopped', finishReason: 'cancelled', usage: null, metrics: { sentAt: null } })
    expect(openai.requests.map(scenarioOf).sort()).toEqual(['p1', 'p2', 'p3', 'p4'])
    // Another endpoint has its own slots.
    expect(queued('other')).toBe(false)
    expect(results.other).toMatchObject({ status: 'done', text: 'Other endpoint.' })
  })
})

describe('compare engine: one pane at a time', () => {
  it('retries one pane, leaving the others and their saved answers alone', async () => {
    let flaky = 0
    const openai = await serve(async (request, response) => {
      if (scenarioOf(request) === 'flaky' && ++flaky === 1) return sendJson(response, 400, OPENAI_ERRORS.badRequest())
      await answerOpenAI(response, `Answer ${scenarioOf(request)} #${scenarioOf(request) === 'flaky' ? flaky : 1}`)
    })
    const { store } = open()
    const engine = engineWith(profilesFor(openai, null), { store })
    const record = recorder()
    const handle = await engine.start(
      {
        prompt: 'Hi',
        panes: [
          { id: 'steady', model: 'oa:gpt-4o-mini', systemPrompt: 'scenario:steady' },
          { id: 'flaky', model: 'oa:gpt-4o-mini', systemPrompt: 'scenario:flaky' }
        ]
      },
      record.onEvent
    )
    const first = byPane((await engine.wait(handle.runId)).panes)
    expect(first.flaky).toMatchObject({ status: 'error', attempt: 1, error: { kind: 'bad_request', status: 400 } })
    expect(first.steady).toMatchObject({ status: 'done', text: 'Answer steady #1' })

    const retried = await engine.retry(handle.runId, 'flaky')
    expect(retried.attempt).toBe(2)
    const second = byPane((await engine.wait(handle.runId)).panes)
    expect(second.flaky).toMatchObject({ status: 'done', attempt: 2, responseId: retried.responseId, text: 'Answer flaky #2', error: null })
    // The other pane was not touched: same answer, no new request, no new events.
    expect(second.steady).toEqual(first.steady)
    expect(openai.requests.filter((request) => scenarioOf(request) === 'steady')).toHaveLength(1)
    expect(record.of('steady').filter((event) => event.type === 'pane-started')).toHaveLength(1)
    expect(record.of('flaky').filter((event) => event.type === 'pane-started').map((event) => (event as { attempt: number }).attempt)).toEqual([1, 2])

    // In the store the new attempt replaced the failed one.
    const detail = store.getConversation(handle.conversationId!)!
    expect(detail.turns).toHaveLength(1)
    expect(detail.turns[0]!.responses.map((response) => [response.status, response.text])).toEqual([
      ['done', 'Answer steady #1'],
      ['done', 'Answer flaky #2']
    ])
    expect(store.responses.get(first.flaky!.storedResponseId!)).toBeNull()
    expect(detail.turns[0]!.responses[1]!.id).toBe(second.flaky!.storedResponseId)
  })

  it('stops one pane while the others keep streaming', async () => {
    let releaseHeld!: () => void
    const held = new Promise<void>((resolve) => (releaseHeld = resolve))
    const openai = await serve(async (request, response) => {
      startSse(response)
      response.write(new ChatStream().role().text(`${scenarioOf(request)} starts `).toSse({ done: false }))
      await held
      response.end(new ChatStream().text('and ends.').finish('stop').usage(usage(10, 6)).toSse())
    })
    const engine = engineWith(profilesFor(openai, null))
    const record = recorder()
    const started = new Set<string>()
    let bothStreaming!: () => void
    const streaming = new Promise<void>((resolve) => (bothStreaming = resolve))
    const handle = await engine.start(
      {
        prompt: 'Hi',
        save: false,
        panes: ['x', 'y', 'z'].map((id) => ({ id, model: 'oa:gpt-4o-mini', systemPrompt: `scenario:${id}` }))
      },
      (event) => {
        record.onEvent(event)
        if (event.type === 'text-delta') started.add(event.paneId)
        if (started.size === 3) bothStreaming()
      }
    )
    await streaming
    expect(engine.stop(handle.runId, 'y')).toBe(true)
    await openai.waitForClientDisconnect()
    expect(engine.stop(handle.runId, 'y')).toBe(false)
    // The stopped pane settles while the others are still held mid-answer.
    await expect.poll(() => record.of('y').some((event) => event.type === 'pane-finished')).toBe(true)
    expect(record.of('x').some((event) => event.type === 'pane-finished')).toBe(false)
    releaseHeld()
    const results = byPane((await engine.wait(handle.runId)).panes)
    expect(results.y).toMatchObject({ status: 'stopped', text: 'y starts ' })
    expect(results.x).toMatchObject({ status: 'done', text: 'x starts and ends.' })
    expect(results.z).toMatchObject({ status: 'done', text: 'z starts and ends.' })
  })

  it('retries a pane that is still streaming: the running attempt is stopped first', async () => {
    let requests = 0
    const openai = await serve(async (_request, response) => {
      const attempt = ++requests
      startSse(response)
      if (attempt === 1) {
        response.write(new ChatStream().role().text('Never finished ').toSse({ done: false }))
        return
      }
      await writeInPieces(response, new ChatStream().role().text('Second try.').finish('stop').usage(usage(10, 3)).toSse())
    })
    const { store } = open()
    const engine = engineWith(profilesFor(openai, null), { store })
    const record = recorder()
    let streaming!: () => void
    const firstText = new Promise<void>((resolve) => (streaming = resolve))
    const handle = await engine.start({ prompt: 'Hi', panes: [{ id: 'p', model: 'oa:gpt-4o-mini' }] }, (event) => {
      record.onEvent(event)
      if (event.type === 'text-delta') streaming()
    })
    await firstText
    const waiting = engine.wait(handle.runId)
    const retried = await engine.retry(handle.runId, 'p')
    const summary = await waiting
    // wait() called before the retry still waits for the new attempt.
    expect(summary.panes[0]).toMatchObject({ attempt: 2, responseId: retried.responseId, status: 'done', text: 'Second try.' })
    const finished = record.events.flatMap((event) => (event.type === 'pane-finished' ? [event.result] : []))
    expect(finished.map((result) => [result.attempt, result.status, result.text])).toEqual([
      [1, 'stopped', 'Never finished '],
      [2, 'done', 'Second try.']
    ])
    expect(store.getConversation(handle.conversationId!)!.turns[0]!.responses.map((response) => response.text)).toEqual(['Second try.'])
  })

  it('keeps running when an event listener throws, reporting it', async () => {
    const openai = await serve((_request, response) => answerOpenAI(response, 'Still here.'))
    const reported: string[] = []
    const engine = engineWith(profilesFor(openai, null), { onError: (_error, where) => reported.push(where) })
    const handle = await engine.start({ prompt: 'Hi', save: false, panes: [{ id: 'p', model: 'oa:gpt-4o-mini' }] }, () => {
      throw new Error('the window is gone')
    })
    const [result] = (await engine.wait(handle.runId)).panes
    expect(result).toMatchObject({ status: 'done', text: 'Still here.' })
    expect(reported.length).toBeGreaterThan(2)
    expect(new Set(reported)).toEqual(new Set(['listener']))
  })

  it('rejects runs of no pane or more than sixteen, naming the problem, and saves nothing', async () => {
    const { store } = open()
    const engine = engineWith(profilesFor(null, null), { store })
    const pane = (id: string): object => ({ id, model: 'oa:gpt-4o-mini' })
    await expect(engine.start({ prompt: 'Hi', panes: [] }, () => {})).rejects.toThrow(/at least one pane/)
    const seventeen = Array.from({ length: 17 }, (_, index) => pane(`p${index}`))
    const error = await engine.start({ prompt: 'Hi', panes: seventeen }, () => {}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CompareInputError)
    expect((error as Error).message).toMatch(/at most 16 panes/)
    await expect(engine.start({ prompt: 'Hi', panes: [pane('a'), pane('a')] }, () => {})).rejects.toThrow(/"a" is used by another pane/)
    await expect(engine.start({ prompt: 'Hi', panes: [{ id: 'a', model: 'nope:gpt' }] }, () => {})).rejects.toThrow(/no profile "nope"/)
    await expect(engine.start({ prompt: 'Hi', panes: [{ id: 'a', model: 'gpt-4o' }] }, () => {})).rejects.toThrow(/PROFILE:MODEL/)
    await expect(engine.start({ prompt: ' ', panes: [pane('a')] }, () => {})).rejects.toThrow(/prompt is empty/)
    expect(store.listConversations()).toEqual([])
  })

  it('fails a pane without a key at once, naming where to put one', async () => {
    const openai = await serve((_request, response) => answerOpenAI(response, 'unused'))
    const engine = engineWith([{ id: 'keyless', kind: 'openai', baseURL: `${openai.url}/v1`, apiKeyEnv: 'KEYLESS_KEY', models: [] }])
    const handle = await engine.start({ prompt: 'Hi', save: false, panes: [{ id: 'a', model: 'keyless:gpt-4o-mini' }] }, () => {})
    const [result] = (await engine.wait(handle.runId)).panes
    expect(result).toMatchObject({ status: 'error', finishReason: 'error', usage: null, error: { kind: 'auth', retryable: false } })
    expect(result!.error!.message).toMatch(/No API key for profile "keyless".*KEYLESS_KEY/)
    expect(openai.requests).toHaveLength(0)
  })
})

describe('compare engine: saving', () => {
  it('saves answers while they stream and in full at the finish', async () => {
    const chunks = ['One, ', 'two, ', 'three, ', 'four, ', 'five.']
    const openai = await serve(async (_request, response) => {
      startSse(response)
      response.write(new ChatStream().role().toSse({ done: false }))
      for (const chunk of chunks) {
        response.write(new ChatStream().text(chunk).toSse({ done: false }))
        await pause(100)
      }
      response.end(new ChatStream().finish('stop').usage(usage(12, 9)).toSse())
    })
    const { store } = open()
    const engine = engineWith(profilesFor(openai, null), { store, saveIntervalMs: 20 })
    const handle = await engine.start({ prompt: 'Count to five', panes: [{ id: 'p', model: 'oa:gpt-4o-mini', parameters: { temperature: 0.5 } }] }, () => {})
    expect(handle.conversationId).not.toBeNull()

    // Another connection reads the database file while the answer streams.
    const reader = new DatabaseSync(store.path!, { readOnly: true })
    const read = (): { status: string; text: string } | undefined =>
      reader.prepare('SELECT status, text FROM responses').get() as { status: string; text: string } | undefined
    let during: { status: string; text: string } | undefined
    for (let tries = 0; tries < 300 && !during; tries++) {
      const row = read()
      if (row?.status === 'streaming' && row.text.length > 0) during = row
      else await pause(10)
    }
    const [result] = (await engine.wait(handle.runId)).panes
    const after = read()
    reader.close()

    expect(during).toBeDefined()
    expect(during!.text.length).toBeLessThan(result!.text.length)
    expect(result!.text.startsWith(during!.text)).toBe(true)
    expect(after).toEqual({ status: 'done', text: 'One, two, three, four, five.' })

    const detail = store.getConversation(handle.conversationId!)!
    expect(detail.title).toBe('Count to five')
    expect(detail.panes).toMatchObject([{ id: handle.panes[0]!.storedPaneId, profileId: 'oa', modelId: 'gpt-4o-mini', parameters: { temperature: 0.5 } }])
    const saved = detail.turns[0]!.responses[0]!
    expect(saved.id).toBe(result!.storedResponseId)
    expect(saved).toMatchObject({ status: 'done', finishReason: 'stop', usage: result!.usage, error: null })
    // The saved figures are the ones the UI was given.
    expect(saved.timings).toEqual(result!.metrics)
    expect(saved.cost).toEqual({ computedUsd: result!.cost.computedUsd, reportedUsd: null })
    expect(saved.cost.computedUsd).toBeCloseTo((12 * 0.15 + 9 * 0.6) / 1e6, 12)
  })

  it('saves nothing for save: false', async () => {
    const openai = await serve((_request, response) => answerOpenAI(response, 'Not kept.'))
    const { store } = open()
    const engine = engineWith(profilesFor(openai, null), { store })
    const handle = await engine.start({ prompt: 'Hi', save: false, panes: [{ id: 'p', model: 'oa:gpt-4o-mini' }] }, () => {})
    const [result] = (await engine.wait(handle.runId)).panes
    expect(result).toMatchObject({ status: 'done', text: 'Not kept.', storedResponseId: null, storedPaneId: null })
    expect(handle.conversationId).toBeNull()
    expect(store.listConversations()).toEqual([])
  })
})

describe('compare engine: conversations', () => {
  /** Both wire formats answer with what they were asked and how much history came with it. */
  async function echoServers(): Promise<{ openai: LoopbackServer; anthropic: LoopbackServer }> {
    const describeRequest = (request: RecordedRequest, who: string): string =>
      `${who} on "${lastUserText(request)}" after ${request.body.messages.length} messages`
    const openai = await serve((request, response) => answerOpenAI(response, describeRequest(request, 'A')))
    const anthropic = await serve((request, response) => answerAnthropic(response, describeRequest(request, 'B')))
    return { openai, anthropic }
  }

  it('continues a chat: the second turn is sent the first, and both are saved in one conversation', async () => {
    const { openai, anthropic } = await echoServers()
    const { store } = open()
    const engine = engineWith(profilesFor(openai, anthropic), { store })

    const first = await engine.start({ prompt: 'Name a colour.', system: 'Be brief.', panes: [{ id: 'chat', model: 'oa:gpt-4o-mini' }] }, () => {})
    const [answer] = (await engine.wait(first.runId)).panes
    expect(answer!.text).toBe('A on "Name a colour." after 2 messages')

    const second = await engine.start(
      {
        prompt: 'Another one.',
        system: 'Be brief.',
        conversationId: first.conversationId!,
        panes: [{ id: 'chat', model: 'oa:gpt-4o-mini', storedPaneId: first.panes[0]!.storedPaneId!, history: nextHistory([], 'Name a colour.', answer!) }]
      },
      () => {}
    )
    const [reply] = (await engine.wait(second.runId)).panes
    expect(reply!.text).toBe('A on "Another one." after 4 messages')
    expect(openai.requests[1]!.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Name a colour.' },
      { role: 'assistant', content: answer!.text },
      { role: 'user', content: 'Another one.' }
    ])

    expect(second.conversationId).toBe(first.conversationId)
    expect(second.panes[0]!.storedPaneId).toBe(first.panes[0]!.storedPaneId)
    const detail = store.getConversation(first.conversationId!)!
    expect(detail.panes).toHaveLength(1)
    expect(detail.turns.map((turn) => [turn.prompt, turn.responses.map((response) => response.text)])).toEqual([
      ['Name a colour.', [answer!.text]],
      ['Another one.', [reply!.text]]
    ])
    // The saved conversation rebuilds the pane's history for a third turn.
    expect(historyOfPane(detail, first.panes[0]!.storedPaneId!)).toEqual([...nextHistory([], 'Name a colour.', answer!), { role: 'user', content: 'Another one.' }, reply!.message])
  })

  it("switches a pane's model mid-conversation, keeping its history and the old model's answers", async () => {
    const { openai, anthropic } = await echoServers()
    const { store } = open()
    const engine = engineWith(profilesFor(openai, anthropic), { store })
    const first = await engine.start({ prompt: 'Name a colour.', panes: [{ id: 'chat', model: 'oa:gpt-4o-mini' }] }, () => {})
    const [answer] = (await engine.wait(first.runId)).panes

    const second = await engine.start(
      {
        prompt: 'Another one.',
        conversationId: first.conversationId!,
        panes: [{ id: 'chat', model: 'an:claude-haiku-4-5', storedPaneId: first.panes[0]!.storedPaneId!, history: nextHistory([], 'Name a colour.', answer!) }]
      },
      () => {}
    )
    const [reply] = (await engine.wait(second.runId)).panes
    expect(reply).toMatchObject({ status: 'done', model: 'an:claude-haiku-4-5', text: 'B on "Another one." after 3 messages' })
    expect(plainMessages(anthropic.requests[0]!)).toEqual([
      { role: 'user', content: 'Name a colour.' },
      { role: 'assistant', content: answer!.text },
      { role: 'user', content: 'Another one.' }
    ])

    // A new column for the new model; the first answer stays with the model that wrote it.
    const detail = store.getConversation(first.conversationId!)!
    expect(detail.panes.map((pane) => `${pane.profileId}:${pane.modelId}`)).toEqual(['oa:gpt-4o-mini', 'an:claude-haiku-4-5'])
    expect(second.panes[0]!.storedPaneId).toBe(detail.panes[1]!.id)
    expect(detail.turns[0]!.responses.map((response) => [response.paneId, response.text])).toEqual([[detail.panes[0]!.id, answer!.text]])
    expect(detail.turns[1]!.responses.map((response) => [response.paneId, response.text])).toEqual([[detail.panes[1]!.id, reply!.text]])
    // The new column continues the old one, so the chat opened again later keeps the whole thread.
    expect(detail.panes[1]!.continuesPaneId).toBe(detail.panes[0]!.id)
    expect(historyOfPane(detail, detail.panes[1]!.id)).toEqual([
      { role: 'user', content: 'Name a colour.' },
      answer!.message,
      { role: 'user', content: 'Another one.' },
      reply!.message
    ])
    // …and an export carries the link into an import.
    const imported = store.getConversation(importConversationJson(store, exportConversationJson(store, first.conversationId!)!))!
    expect(historyOfPane(imported, imported.panes[1]!.id)).toEqual(historyOfPane(detail, detail.panes[1]!.id))
  })

  it("continueWith makes one pane's answer every pane's history", async () => {
    const { openai, anthropic } = await echoServers()
    const { store } = open()
    const engine = engineWith(profilesFor(openai, anthropic), { store })
    const first = await engine.start(
      {
        prompt: 'Name a colour.',
        panes: [
          { id: 'a', model: 'oa:gpt-4o-mini', history: [{ role: 'user', content: 'Earlier, only A saw this.' }, { role: 'assistant', content: 'Noted.' }] },
          { id: 'b', model: 'an:claude-haiku-4-5' }
        ]
      },
      () => {}
    )
    const results = byPane((await engine.wait(first.runId)).panes)
    const thread = engine.continueWith(results.b!.responseId)
    expect(thread).toEqual({
      history: [
        { role: 'user', content: 'Name a colour.' },
        { role: 'assistant', content: 'B on "Name a colour." after 1 messages' }
      ],
      continuedFromResponseId: results.b!.storedResponseId
    })
    // The same thread from the store, as after a restart.
    expect(engine.continueWith({ conversationId: first.conversationId!, responseId: results.b!.storedResponseId! })).toEqual(thread)

    const second = await engine.start(
      {
        prompt: 'Another one.',
        conversationId: first.conversationId!,
        thread,
        panes: first.panes.map((pane) => ({ id: pane.paneId, model: pane.model, storedPaneId: pane.storedPaneId! }))
      },
      () => {}
    )
    const replies = byPane((await engine.wait(second.runId)).panes)
    expect(replies.a!.text).toBe('A on "Another one." after 3 messages')
    expect(replies.b!.text).toBe('B on "Another one." after 3 messages')
    for (const request of [openai.requests[1]!, anthropic.requests[1]!]) {
      expect(plainMessages(request)).toEqual([...thread.history, { role: 'user', content: 'Another one.' }])
      expect(request.rawBody).not.toContain('Earlier, only A saw this.')
      expect(request.rawBody).not.toContain(results.a!.text)
    }

    const detail = store.getConversation(first.conversationId!)!
    expect(detail.turns[1]).toMatchObject({ history: thread.history, continuedFromResponseId: results.b!.storedResponseId })
    expect(historyOfPane(detail, first.panes[0]!.storedPaneId!)).toEqual([...thread.history, { role: 'user', content: 'Another one.' }, replies.a!.message])
    expect(() => engine.continueWith('no-such-answer')).toThrow(/no answer/)
  })
})
