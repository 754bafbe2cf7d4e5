import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { estimateChatTokens } from '../../src/main/tokens/chat-tokens'
import { createTokenEstimator } from '../../src/main/tokens/token-estimator'
import { LoopbackServer, sendJson } from '../support/loopback-server'
import { runJuxta } from './run-cli'

const ANTHROPIC_KEY = 'sk-ant-api03-CliTbcdef-TESTONLY'
const PROMPT = 'Summarise the plot of Hamlet in three sentences.'

let anthropic: LoopbackServer
let configFile: string
let dataDir: string
const estimator = createTokenEstimator({ debounceMs: 0 })

beforeAll(async () => {
  // Anthropic's count_tokens endpoint, answering 42 for whatever it is asked.
  anthropic = await LoopbackServer.start((request, response) => {
    if (request.path === '/v1/messages/count_tokens') sendJson(response, 200, { input_tokens: 42 })
    else sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: 'no route' } })
  })
  const dir = await mkdtemp(join(tmpdir(), 'juxta-cli-'))
  dataDir = join(dir, 'data')
  configFile = join(dir, 'profiles.json')
  await writeFile(
    configFile,
    JSON.stringify({
      profiles: [
        { id: 'oa', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'TEST_OPENAI_KEY', models: [] },
        {
          id: 'mine',
          kind: 'openai',
          baseURL: 'http://127.0.0.1:9/v1',
          models: [{ id: 'house-model', contextWindow: 8000, maxOutputTokens: 1000, price: { input: 1, output: 2 } }]
        },
        { id: 'an', kind: 'anthropic', baseURL: anthropic.url, apiKeyEnv: 'TEST_ANTHROPIC_KEY', models: [] },
        { id: 'ollama', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', local: true, models: [] }
      ],
      defaults: { panes: ['oa:gpt-4o-mini', 'mine:house-model'] }
    })
  )
})

afterAll(async () => {
  await anthropic.close()
  await estimator.close()
})

describe('juxta estimate', () => {
  it('prints one JSON line in the documented shape, with exact OpenAI counts and catalog prices', async () => {
    const run = await runJuxta(
      ['estimate', '--config', configFile, '--json', '--model', 'oa:gpt-4o-mini', '--model', 'mine:house-model', PROMPT],
      estimator,
      { JUXTA_DATA_DIR: dataDir }
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout.endsWith('\n')).toBe(true)
    expect(run.stdout.trim().split('\n')).toHaveLength(1)
    const estimate = JSON.parse(run.stdout)
    const expectedTokens = (await estimateChatTokens({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] })).inputTokens

    const [catalogPane, userPane] = estimate.panes
    expect(catalogPane).toMatchObject({
      model: 'oa:gpt-4o-mini',
      inputTokens: expectedTokens,
      exact: true,
      inputCostUsd: Math.round(expectedTokens * 0.15 * 1e5) / 1e11,
      maxOutputTokens: 16384,
      contextWindow: 128000,
      fits: true,
      priceSource: { kind: 'catalog', dataset: expect.stringMatching(/^@pydantic\/genai-prices@/), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }
    })
    expect(catalogPane.maxOutputCostUsd).toBeCloseTo((16384 * 0.6) / 1e6, 12)
    // A model only the profile knows: its price and limits are the user's.
    expect(userPane).toMatchObject({
      model: 'mine:house-model',
      exact: false,
      method: 'approximation',
      maxOutputTokens: 1000,
      maxOutputCostUsd: 0.002,
      contextWindow: 8000,
      fits: true,
      priceSource: { kind: 'user' }
    })
    expect(estimate.totalUsd.min).toBeCloseTo(catalogPane.inputCostUsd + userPane.inputCostUsd, 12)
    expect(estimate.totalUsd.max).toBeCloseTo(
      catalogPane.inputCostUsd + catalogPane.maxOutputCostUsd + userPane.inputCostUsd + userPane.maxOutputCostUsd,
      12
    )
  })

  it('counts Anthropic prompts exactly through count_tokens when a key is set, approximately without', async () => {
    const withKey = await runJuxta(
      ['estimate', '--config', configFile, '--json', '--model', 'an:claude-haiku-4-5', PROMPT],
      estimator,
      { TEST_ANTHROPIC_KEY: ANTHROPIC_KEY }
    )
    expect(JSON.parse(withKey.stdout).panes[0]).toMatchObject({ inputTokens: 42, exact: true, method: 'count_tokens' })
    const counted = anthropic.requests.filter((request) => request.path === '/v1/messages/count_tokens')
    expect(counted).toHaveLength(1)
    expect(counted[0]!.body).toMatchObject({ model: 'claude-haiku-4-5', messages: [{ role: 'user' }] })

    const withoutKey = await runJuxta(['estimate', '--config', configFile, '--json', '--model', 'an:claude-haiku-4-5', PROMPT], estimator, {})
    const pane = JSON.parse(withoutKey.stdout).panes[0]
    expect(pane).toMatchObject({ exact: false })
    expect(pane.inputTokens).toBeGreaterThan(5)
    expect(withKey.stdout + withoutKey.stdout + withKey.stderr).not.toContain(ANTHROPIC_KEY)
  })

  it('opens the default panes, marks unknown prices, and costs local models nothing', async () => {
    const defaults = await runJuxta(['estimate', '--config', configFile, '--json', PROMPT], estimator)
    expect(JSON.parse(defaults.stdout).panes.map((pane: { model: string }) => pane.model)).toEqual(['oa:gpt-4o-mini', 'mine:house-model'])

    const run = await runJuxta(
      ['estimate', '--config', configFile, '--json', '--model', 'oa:my-finetune-xyz', '--model', 'ollama:llama3.1:8b', PROMPT],
      estimator
    )
    const [unknown, local] = JSON.parse(run.stdout).panes
    expect(unknown).toMatchObject({ inputCostUsd: null, maxOutputCostUsd: null, priceSource: { kind: 'unknown' } })
    expect(local).toMatchObject({ inputCostUsd: 0, maxOutputCostUsd: 0, priceSource: { kind: 'local' } })
    expect(JSON.parse(run.stdout).unpriced).toEqual(['oa:my-finetune-xyz'])
  })

  it('prints a table without --json, and reads the prompt from standard input with "-"', async () => {
    const run = await runJuxta(['estimate', '--config', configFile, '--model', 'oa:gpt-4o-mini', '-'], estimator, {}, PROMPT)
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(/^model\s+input tokens\s+input cost\s+max output\s+max output cost\s+context\s+fits\s+price$/)
    expect(lines[2]).toMatch(/^oa:gpt-4o-mini\s+\d+\s+<?\$[\d.]+\s+16,384\s+\$0\.0098\s+128,000\s+yes\s+catalog$/)
    expect(run.stdout).toMatch(/^total: \S+ to \$0\.0098$/m)
    expect(run.stdout).toMatch(/^catalog prices: @pydantic\/genai-prices@/m)
  })

  it('refuses bad input with exit status 2 and a message that says what to fix, never a stack trace', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['estimate', '--config', configFile, '--json', PROMPT.slice(0, 0)], /give the prompt/],
      [['estimate', '--config', configFile, '--model', 'gpt-4o', 'hi'], /write a model as PROFILE:MODEL/],
      [['estimate', '--config', configFile, '--model', 'zz:gpt-4o', 'hi'], /no profile "zz"/],
      [['estimate', '--config', configFile, '--max-tokens', 'lots', '--model', 'oa:gpt-4o', 'hi'], /--max-tokens must be a whole number/],
      [['estimate', '--config', join(dataDir, 'missing.json'), '--model', 'oa:x', 'hi'], /missing\.json: no such file/],
      [['estimate', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['launch'], /unknown command "launch"/]
    ]
    for (const [argv, message] of cases) {
      const run = await runJuxta(argv.filter(Boolean), estimator)
      expect(run.code, argv.join(' ')).toBe(2)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).not.toMatch(/\n\s+at /)
      expect(run.stdout).toBe('')
    }
  })

  it('names the field of a bad profiles file', async () => {
    const bad = join(dataDir, '..', 'bad.json')
    await writeFile(bad, JSON.stringify({ profiles: [{ id: 'x', kind: 'openai', baseURL: 'javascript:alert(1)' }] }))
    const run = await runJuxta(['estimate', '--config', bad, '--model', 'x:y', 'hi'], estimator)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`juxta: bad profiles file ${bad}: profiles[0].baseURL: must be an http:// or https:// URL\n`)
  })

  it('routes every command of `juxta`, with its own usage on a mistake', async () => {
    const models = await runJuxta(['models', '--config', configFile, '--json'], estimator)
    expect(models.code).toBe(0)
    expect(models.stdout).toContain('mine:house-model')
    const compare = await runJuxta(['compare', '--config', configFile, '--json'], estimator)
    expect(compare.code).toBe(2)
    expect(compare.stderr).toContain('Usage: juxta compare')
    const help = await runJuxta(['help'], estimator)
    expect(help.stdout).toMatch(/compare .*\n.*models .*\n.*estimate .*\n.*keys .*\n.*history .*\n.*web /s)
  })
})
