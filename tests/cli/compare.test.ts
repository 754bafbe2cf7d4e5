import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../src/shared/compare'
import {
  blockStop,
  inputJsonDelta,
  messageDelta,
  messageStart,
  messageStop,
  textBlockStart,
  textDelta,
  thinkingBlockStart,
  thinkingDelta,
  toolUseBlockStart
} from '../support/anthropic-wire'
import { LoopbackServer, pause, sendJson, startSse } from '../support/loopback-server'
import { ChatStream, OPENAI_ERRORS, usage } from '../support/openai-wire'
import { open } from '../support/store'
import { runJuxtaCompare, runJuxtaModels } from './run-cli'

const OA_KEY = 'sk-test-CliCompareabcdef'
const AN_KEY = 'sk-ant-api03-CliCompare-TESTONLY'
const PROMPT = 'Say hello.'

let openai: LoopbackServer
let anthropic: LoopbackServer
let dir: string
let configFile: string
let env: NodeJS.ProcessEnv
/** Called by the "hang" endpoint once its first text is out: the test's Ctrl-C. */
let onHang: () => void = () => {}

beforeAll(async () => {
  openai = await LoopbackServer.start(async (request, response) => {
    if (request.path.startsWith('/bad/')) return sendJson(response, 401, OPENAI_ERRORS.invalidApiKey(OA_KEY))
    startSse(response)
    if (request.path.startsWith('/hang/')) {
      response.write(new ChatStream().role().text('Hanging ').toSse({ done: false }))
      onHang()
      return
    }
    // Two pieces some time apart, so the answer has a measurable generation phase.
    response.write(new ChatStream().role().text('Hello ').toSse({ done: false }))
    await pause(40)
    response.end(
      new ChatStream()
        .text('from OpenAI.')
        .finish('stop')
        .usage(usage(1000, 20, { prompt_tokens_details: { cached_tokens: 400, audio_tokens: 0 } }))
        .toSse()
    )
  })
  anthropic = await LoopbackServer.start(async (_request, response) => {
    startSse(response)
    response.write(
      [
        messageStart({ input_tokens: 100, cache_creation_input_tokens: 1000, cache_read_input_tokens: 0 }),
        thinkingBlockStart(0),
        thinkingDelta(0, 'Hmm.'),
        blockStop(0),
        textBlockStart(1),
        textDelta(1, 'Hello ')
      ].join('')
    )
    await pause(40)
    response.end(
      [
        textDelta(1, 'from Anthropic.'),
        blockStop(1),
        toolUseBlockStart(2, 'toolu_01CliTest', 'wave'),
        inputJsonDelta(2, '{"times": 2}'),
        blockStop(2),
        messageDelta('tool_use', { output_tokens: 40 }),
        messageStop()
      ].join('')
    )
  })
  dir = await mkdtemp(join(tmpdir(), 'juxta-compare-cli-'))
  configFile = join(dir, 'profiles.json')
  await writeFile(
    configFile,
    JSON.stringify({
      profiles: [
        { id: 'oa', kind: 'openai', baseURL: `${openai.url}/v1`, apiKeyEnv: 'TEST_OA_KEY', models: [{ id: 'gpt-4o-mini' }] },
        { id: 'an', kind: 'anthropic', baseURL: anthropic.url, apiKeyEnv: 'TEST_AN_KEY', models: [{ id: 'claude-haiku-4-5' }] },
        {
          id: 'bad',
          kind: 'openai',
          baseURL: `${openai.url}/bad/v1`,
          apiKeyEnv: 'TEST_OA_KEY',
          models: [{ id: 'broken', contextWindow: 8000, maxOutputTokens: 1000, size: 'small', price: { input: 1, output: 2 } }]
        },
        { id: 'hang', kind: 'openai', baseURL: `${openai.url}/hang/v1`, apiKeyEnv: 'TEST_OA_KEY', models: [] },
        { id: 'local', kind: 'openai', baseURL: `${openai.url}/local/v1`, local: true, models: [{ id: 'llama3.1:8b' }] }
      ],
      defaults: { panes: ['oa:gpt-4o-mini', 'an:claude-haiku-4-5'] }
    })
  )
})

beforeEach(async () => {
  // A fresh data directory per test: what one run saves must not show up in another's history.
  env = { JUXTA_DATA_DIR: await mkdtemp(join(dir, 'data-')), TEST_OA_KEY: OA_KEY, TEST_AN_KEY: AN_KEY }
  onHang = () => {}
})

afterAll(async () => {
  await openai.close()
  await anthropic.close()
  await rm(dir, { recursive: true, force: true })
})

const SUMMARY_KEYS = ['model', 'status', 'text', 'reasoning', 'toolCalls', 'usage', 'costUsd', 'ttftMs', 'tokensPerSecond', 'finishReason', 'error']
const USAGE_KEYS = ['inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'reasoningTokens', 'estimated']

function lines(stdout: string): any[] {
  expect(stdout.endsWith('\n')).toBe(true)
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))
}

function savedConversations(dataDir: string): ReturnType<ReturnType<typeof open>['store']['getConversation']>[] {
  const { store } = open({ dataDir })
  return store.listConversations().map((summary) => store.getConversation(summary.id))
}

describe('juxta compare --json', () => {
  it('prints the events as NDJSON, then one summary line in the documented shape, and saves the run', async () => {
    const run = await runJuxtaCompare(['--config', configFile, '--json', '--model', 'oa:gpt-4o-mini', '--model', 'an:claude-haiku-4-5', PROMPT], env)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const all = lines(run.stdout)
    const summary = all.at(-1)
    const events = all.slice(0, -1) as RunEvent[]
    expect(all.filter((line) => line.type === 'summary')).toHaveLength(1)

    // Events: each pane started, streamed, finished, every one tagged with the run and pane.
    const runId = events[0]!.runId
    for (const event of events) expect(event).toMatchObject({ runId, paneId: expect.stringMatching(/^[12]$/) })
    for (const paneId of ['1', '2']) {
      const mine = events.filter((event) => event.paneId === paneId)
      expect(mine[0]!.type).toBe('pane-started')
      expect(mine.at(-1)!.type).toBe('pane-finished')
      expect(mine.some((event) => event.type === 'status' && event.status === 'streaming')).toBe(true)
    }
    const textOf = (paneId: string): string =>
      events.flatMap((event) => (event.paneId === paneId && event.type === 'text-delta' ? [event.text] : [])).join('')
    expect(textOf('1')).toBe('Hello from OpenAI.')
    expect(textOf('2')).toBe('Hello from Anthropic.')

    expect(Object.keys(summary)).toEqual(['type', 'panes'])
    for (const pane of summary.panes) {
      expect(Object.keys(pane)).toEqual(SUMMARY_KEYS)
      expect(Object.keys(pane.usage)).toEqual(USAGE_KEYS)
    }
    expect(summary).toEqual({
      type: 'summary',
      panes: [
        {
          model: 'oa:gpt-4o-mini',
          status: 'done',
          text: 'Hello from OpenAI.',
          reasoning: '',
          toolCalls: [],
          usage: { inputTokens: 1000, outputTokens: 20, cachedInputTokens: 400, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false },
          // 600 input at $0.15/M, 400 cached at $0.075/M, 20 output at $0.60/M.
          costUsd: expect.closeTo(0.000132, 12),
          ttftMs: expect.any(Number),
          tokensPerSecond: expect.any(Number),
          finishReason: 'stop',
          error: null
        },
        {
          model: 'an:claude-haiku-4-5',
          status: 'done',
          text: 'Hello from Anthropic.',
          reasoning: 'Hmm.',
          toolCalls: [{ id: 'toolu_01CliTest', name: 'wave', arguments: { times: 2 } }],
          usage: { inputTokens: 1100, outputTokens: 40, cachedInputTokens: 0, cacheWriteTokens: 1000, reasoningTokens: 0, estimated: false },
          // 100 input at $1/M, 1000 cache writes at $1.25/M, 40 output at $5/M.
          costUsd: expect.closeTo(0.00155, 12),
          ttftMs: expect.any(Number),
          tokensPerSecond: expect.any(Number),
          finishReason: 'tool-calls',
          error: null
        }
      ]
    })
    // The generation phase spans the servers' 40 ms pause.
    for (const pane of summary.panes) expect(pane.tokensPerSecond).toBeGreaterThan(0)

    const [saved] = savedConversations(env['JUXTA_DATA_DIR']!)
    expect(saved).toMatchObject({ title: PROMPT, turns: [{ prompt: PROMPT }] })
    expect(saved!.panes.map((pane) => `${pane.profileId}:${pane.modelId}`)).toEqual(['oa:gpt-4o-mini', 'an:claude-haiku-4-5'])
    expect(saved!.turns[0]!.responses.map((response) => [response.status, response.text])).toEqual([
      ['done', 'Hello from OpenAI.'],
      ['done', 'Hello from Anthropic.']
    ])
  })

  it('follows the limits saved in Settings, as the app does: one request at a time to an endpoint queues the second pane', async () => {
    const { store } = open({ dataDir: env['JUXTA_DATA_DIR']! })
    store.profiles.save({ id: 'oa', kind: 'openai', baseURL: `${openai.url}/v1`, apiKeyEnv: 'TEST_OA_KEY', models: [{ id: 'gpt-4o-mini' }] })
    store.settings.set('concurrencyPerEndpoint', 1)
    store.close()
    const run = await runJuxtaCompare(['--json', '--no-save', '--model', 'oa:gpt-4o-mini', '--model', 'oa:gpt-4o-mini', 'Say hi'], env)
    expect(run.code).toBe(0)
    const queued = lines(run.stdout).filter((event) => event.type === 'status' && event.status === 'queued')
    expect(queued.map((event) => event.paneId)).toEqual(['2'])
  })

  it('exits 1 when a pane fails, still reporting every pane, and never prints the key', async () => {
    const run = await runJuxtaCompare(['--config', configFile, '--json', '--model', 'oa:gpt-4o-mini', '--model', 'bad:broken', PROMPT], env)
    expect(run.code).toBe(1)
    const summary = lines(run.stdout).at(-1)
    expect(summary.panes.map((pane: { status: string }) => pane.status)).toEqual(['done', 'error'])
    expect(summary.panes[1]).toMatchObject({
      model: 'bad:broken',
      text: '',
      finishReason: 'error',
      ttftMs: null,
      tokensPerSecond: null,
      costUsd: 0,
      error: { kind: 'auth', message: expect.stringContaining('HTTP 401') }
    })
    expect(Object.keys(summary.panes[1].error)).toEqual(['kind', 'message'])
    expect(run.stdout + run.stderr).not.toContain(OA_KEY)
  })

  it('stops every pane on Ctrl-C and still prints the summary', async () => {
    let interrupt: () => void = () => {}
    onHang = () => setTimeout(() => interrupt(), 50)
    const run = await runJuxtaCompare(['--config', configFile, '--json', '--model', 'hang:gpt-4o-mini', '--model', 'hang:gpt-4o-mini', PROMPT], env, {
      onInterrupt: (stop) => {
        interrupt = stop
        return () => {}
      }
    })
    expect(run.code).toBe(1)
    const summary = lines(run.stdout).at(-1)
    expect(summary.panes).toMatchObject([
      { status: 'stopped', text: 'Hanging ', finishReason: 'cancelled', error: null },
      { status: 'stopped', text: 'Hanging ', finishReason: 'cancelled', error: null }
    ])
  })

  it("listens to the process's SIGINT by default, only while it runs", async () => {
    const before = process.listenerCount('SIGINT')
    let during = -1
    onHang = () =>
      setTimeout(() => {
        during = process.listenerCount('SIGINT')
        // What a Ctrl-C does, without sending this test process a real signal.
        const handler = process.listeners('SIGINT').at(-1) as (signal: NodeJS.Signals) => void
        handler('SIGINT')
      }, 50)
    const run = await runJuxtaCompare(['--config', configFile, '--json', '--model', 'hang:gpt-4o-mini', PROMPT], env)
    expect(during).toBe(before + 1)
    expect(process.listenerCount('SIGINT')).toBe(before)
    expect(run.code).toBe(1)
    expect(lines(run.stdout).at(-1).panes[0]).toMatchObject({ status: 'stopped', text: 'Hanging ' })
  })
})

describe('juxta compare', () => {
  it.each([
    [[PROMPT], /name at least one model|--model/],
    [['--model', 'oa:gpt-4o-mini'], /give the prompt/],
    [['--model', 'oa:gpt-4o-mini', '--temperature', 'hot', PROMPT], /--temperature must be a number from 0 to 2/],
    [['--model', 'oa:gpt-4o-mini', '--temperature', '3', PROMPT], /--temperature must be a number from 0 to 2/],
    [['--model', 'oa:gpt-4o-mini', '--max-tokens', '0', PROMPT], /--max-tokens must be a whole number/],
    [['--model', 'nope:gpt-4o-mini', PROMPT], /no profile "nope"/],
    [['--model', 'gpt-4o-mini', PROMPT], /PROFILE:MODEL/],
    [['--model', 'oa:gpt-4o-mini', '--bogus', PROMPT], /bogus/],
    [['--model', 'oa:gpt-4o-mini', ' '], /prompt is empty/]
  ])('exits 2 for bad arguments: %j', async (args, message) => {
    const requests = openai.requests.length
    const withConfig = args[0] === PROMPT ? ['--config', join(dir, 'no-defaults.json'), ...args] : ['--config', configFile, ...args]
    if (args[0] === PROMPT) await writeFile(join(dir, 'no-defaults.json'), JSON.stringify({ profiles: [] }))
    const run = await runJuxtaCompare(withConfig, env)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toContain('Usage: juxta compare')
    expect(run.stdout).toBe('')
    expect(openai.requests.length).toBe(requests)
  })

  it('exits 2 for a broken profiles file, naming it', async () => {
    const broken = join(dir, 'broken.json')
    await writeFile(broken, '{"profiles": [{"id": "x", "kind": "smoke-signals"}]}')
    const run = await runJuxtaCompare(['--config', broken, '--model', 'x:y', PROMPT], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/bad profiles file .*broken\.json/)
  })

  it('--no-save leaves history empty; by default the run is saved', async () => {
    const unsaved = await runJuxtaCompare(['--config', configFile, '--json', '--no-save', '--model', 'oa:gpt-4o-mini', PROMPT], env)
    expect(unsaved.code).toBe(0)
    expect(savedConversations(env['JUXTA_DATA_DIR']!)).toEqual([])

    const saved = await runJuxtaCompare(['--config', configFile, '--json', PROMPT], env)
    expect(saved.code).toBe(0)
    const conversations = savedConversations(env['JUXTA_DATA_DIR']!)
    expect(conversations).toHaveLength(1)
    // Without --model: the profiles file's default panes.
    expect(conversations[0]!.panes.map((pane) => `${pane.profileId}:${pane.modelId}`)).toEqual(['oa:gpt-4o-mini', 'an:claude-haiku-4-5'])
  })

  it('shows the answers streaming with their labels, then the summary table', async () => {
    const run = await runJuxtaCompare(
      ['--config', configFile, '--model', 'oa:gpt-4o-mini', '--model', 'oa:gpt-4o-mini', '--model', 'an:claude-haiku-4-5', '--model', 'bad:broken', PROMPT],
      env
    )
    expect(run.code).toBe(1)
    const out = run.stdout
    // Labels padded to the widest; the same model twice is numbered.
    expect(out).toContain('oa:gpt-4o-mini #1   │ Hello from OpenAI.\noa:gpt-4o-mini #1   │ · done\n')
    expect(out).toContain('oa:gpt-4o-mini #2   │ Hello from OpenAI.\n')
    // A pane's text comes before its status lines, even when the text had no newline yet.
    expect(out).toContain('an:claude-haiku-4-5 │ Hello from Anthropic.\nan:claude-haiku-4-5 │ · tool call wave {"times":2}\n')
    expect(out).toMatch(/bad:broken {10}│ · error: The API key was rejected \(HTTP 401\)/)
    const table = out.slice(out.indexOf('\nmodel'))
    expect(table).toMatch(/^\nmodel +status +TTFT +tok\/s +tokens in +tokens out +cost +finish\n/)
    expect(table).toMatch(/oa:gpt-4o-mini #1 +done +\d+\.\d\d s +[\d.]+ +1,000 +20 +\$0\.0001 +stop\n/)
    expect(table).toMatch(/an:claude-haiku-4-5 +done .* +1,100 +40 +\$0\.0015 +tool-calls\n/)
    expect(table).toMatch(/bad:broken +error +— +— +0 +0 +\$0 +error\n/)
    expect(table).toMatch(/total: \$0\.0018\n/)
    expect(out).toMatch(/saved as conversation \d+/)
  })

  it('prints a single answer as it comes, like a chat', async () => {
    const run = await runJuxtaCompare(['--config', configFile, '--no-save', '--model', 'oa:gpt-4o-mini', PROMPT], env)
    expect(run.code).toBe(0)
    expect(run.stdout.startsWith('Hello from OpenAI.\n\nmodel')).toBe(true)
    expect(run.stdout).not.toContain('saved as')
  })

  it('reads the prompt from standard input with "-"', async () => {
    const before = openai.requests.length
    const run = await runJuxtaCompare(['--config', configFile, '--json', '--no-save', '--model', 'oa:gpt-4o-mini', '-'], env, { stdin: 'From stdin.' })
    expect(run.code).toBe(0)
    expect(openai.requests.slice(before)[0]!.body.messages).toEqual([{ role: 'user', content: 'From stdin.' }])
  })
})

describe('juxta models', () => {
  it('lists the configured model instances with catalog limits and prices, one JSON line each', async () => {
    const run = await runJuxtaModels(['--config', configFile, '--json'], env)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const models = lines(run.stdout)
    expect(models.map((model) => model.model)).toEqual(['oa:gpt-4o-mini', 'an:claude-haiku-4-5', 'bad:broken', 'local:llama3.1:8b'])
    expect(models[0]).toMatchObject({
      type: 'model',
      profileId: 'oa',
      modelId: 'gpt-4o-mini',
      kind: 'openai',
      contextWindow: 128000,
      maxOutputTokens: 16384,
      price: { input: 0.15, output: 0.6, cachedInput: 0.075 },
      priceSource: { kind: 'catalog', dataset: expect.stringMatching(/^@pydantic\/genai-prices@/) },
      size: 'small',
      deprecated: false,
      local: false,
      default: true
    })
    expect(models[1]).toMatchObject({ kind: 'anthropic', price: { cacheWrite: 1.25 }, default: true })
    expect(models[2]).toMatchObject({
      contextWindow: 8000,
      maxOutputTokens: 1000,
      size: 'small',
      price: { input: 1, output: 2 },
      priceSource: { kind: 'user' },
      default: false
    })
    expect(models[3]).toMatchObject({ local: true, priceSource: { kind: 'local' }, price: { input: 0, output: 0 } })
  })

  it('prints a table for people, and says when there is nothing to list', async () => {
    const table = await runJuxtaModels(['--config', configFile], env)
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^model +name +context +max output +input +output +cached in +cache write +price +size/)
    expect(table.stdout).toMatch(/oa:gpt-4o-mini .* 128,000 +16,384 +\$0\.15 +\$0\.6 +\$0\.075 +— +catalog +small +default\n/)
    const empty = join(dir, 'empty.json')
    await writeFile(empty, JSON.stringify({ profiles: [{ id: 'oa', kind: 'openai' }] }))
    const none = await runJuxtaModels(['--config', empty], env)
    expect(none.stdout).toMatch(/No models configured/)
    const bad = await runJuxtaModels(['--config', configFile, 'extra'], env)
    expect(bad.code).toBe(2)
  })
})
