import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { type Browser, type Locator, type Page, chromium } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserHost, startBrowserHost } from '../../src/main/host/browser-host'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { juxtaContract } from '../../src/shared/contract/juxta-contract'
import { textStream } from '../support/anthropic-wire'
import { LoopbackServer, type RecordedRequest, pause, sendJson, startSse, writeInPieces } from '../support/loopback-server'
import { testServices } from '../support/main-services'
import { ChatStream, OPENAI_ERRORS, usage } from '../support/openai-wire'

// The compare view end to end: the real renderer built and served by the real host (browser
// mode), driven in Chromium, with an OpenAI-style and an Anthropic-style loopback server behind
// the app's real services. Everything is found by role and accessible name, as a user (or a
// screen reader) finds it. Screenshots go to test-results/ (gitignored).

const root = join(import.meta.dirname, '../..')
const artifacts = join(root, 'test-results')
const chromiumPath = [process.env['JUXTA_CHROMIUM'], '/usr/bin/chromium'].find((path) => path && existsSync(path))
if (!chromiumPath) {
  throw new Error('browser tests need Chromium: apt-get install chromium, or set JUXTA_CHROMIUM to a Chromium binary')
}

const OA_KEY = 'sk-e2e-openai-abcdefghijklmn'
const AN_KEY = 'sk-ant-e2e-abcdefgh'

/** The answer of the markdown model: a code block and a table among prose. */
function markdownAnswer(turn: number): string[] {
  return [
    `Turn ${turn}: **quicksort** picks a pivot.\n\n`,
    '```python\ndef quicksort(xs):\n',
    '    return xs\n```\n\n',
    '| n | time |\n|---|---:|\n',
    '| 10 | 1 ms |\n| 1000 | 9 ms |\n\n',
    'Done &amp; dusted.'
  ]
}

/** The text in the prompt editor (CodeMirror), without its placeholder. */
const editorText = (box: Locator): Promise<string> =>
  box.evaluate((content) =>
    [...content.querySelectorAll('.cm-line')]
      .map((line) =>
        [...line.childNodes]
          .filter((node) => !String((node as { className?: unknown }).className ?? '').includes('cm-placeholder'))
          .map((node) => node.textContent)
          .join('')
      )
      .join('\n')
  )

const userTurns = (request: RecordedRequest): number => (request.body?.messages ?? []).filter((message: { role: string }) => message.role === 'user').length

async function streamChat(response: ServerResponse, model: string, pieces: string[], options: { pauseMs?: number; reasoning?: string } = {}): Promise<void> {
  const stream = new ChatStream({ model }).role()
  if (options.reasoning) stream.reasoning('reasoning_content', options.reasoning)
  const body = stream.text(...pieces).finish('stop').usage(usage(17, 54)).toSse()
  startSse(response)
  await writeInPieces(response, body, { maxPieceBytes: 64, pauseMs: options.pauseMs ?? 4 })
}

/** A long answer, a word every 60 ms, until the client hangs up. */
async function slowChat(response: ServerResponse, model: string): Promise<void> {
  startSse(response)
  response.write(new ChatStream({ model }).role().toSse({ done: false }))
  for (let word = 0; word < 400 && !response.destroyed && !response.writableEnded; word++) {
    response.write(new ChatStream({ model }).text(`word${word} `).toSse({ done: false }))
    await pause(60)
  }
  if (!response.destroyed) response.end(new ChatStream({ model }).finish('stop').usage(usage(17, 400)).toSse())
}

describe('compare view end to end', () => {
  let dir: string
  let host: BrowserHost
  let browser: Browser
  let openai: LoopbackServer
  let anthropic: LoopbackServer
  let dispose: () => Promise<void>
  let flakyCalls = 0

  beforeAll(async () => {
    openai = await LoopbackServer.start(async (request, response) => {
      const model: string = request.body?.model ?? ''
      const turn = userTurns(request)
      const last = request.body?.messages?.at(-1)?.content
      if (model === 'gpt-4.1-nano' && (turn === 1 || (typeof last === 'string' && last.includes('slowly')))) return slowChat(response, model)
      if (model === 'gpt-4o') {
        flakyCalls++
        // First a rate limit (retried by Juxta after the second it asks for), then a refusal (final).
        if (flakyCalls === 1) return sendJson(response, 429, OPENAI_ERRORS.rateLimited(), { 'retry-after': '2' })
        if (flakyCalls === 2) return sendJson(response, 400, OPENAI_ERRORS.badRequest())
      }
      return streamChat(response, model, markdownAnswer(turn), { reasoning: model === 'gpt-4o-mini' ? 'Think of the pivot first.' : '' })
    })
    anthropic = await LoopbackServer.start(async (request, response) => {
      if (request.path === '/v1/messages/count_tokens') return sendJson(response, 200, { input_tokens: 42 })
      if (request.path !== '/v1/messages') return sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: 'no route' } })
      startSse(response)
      await writeInPieces(response, textStream(['Claude ', 'says **hi** ', `on turn ${userTurns(request)}.`]), { maxPieceBytes: 48, pauseMs: 2 })
    })

    dir = await mkdtemp(join(tmpdir(), 'juxta-e2e-compare-'))
    const profilesFile = join(dir, 'profiles.json')
    await writeFile(
      profilesFile,
      JSON.stringify({
        profiles: [
          {
            id: 'oa',
            kind: 'openai',
            name: 'Loopback OpenAI',
            baseURL: `${openai.url}/v1`,
            apiKeyEnv: 'E2E_OA_KEY',
            models: [{ id: 'gpt-4o-mini' }, { id: 'gpt-4.1-nano' }, { id: 'gpt-4o' }, { id: 'gpt-4.1' }]
          },
          { id: 'an', kind: 'anthropic', name: 'Loopback Anthropic', baseURL: anthropic.url, apiKeyEnv: 'E2E_AN_KEY', models: [{ id: 'claude-haiku-4-5' }] }
        ]
      })
    )
    await build({
      root: join(root, 'src/renderer'),
      configFile: false,
      logLevel: 'silent',
      plugins: [react()],
      build: { outDir: join(dir, 'renderer'), emptyOutDir: true, minify: false }
    })
    const made = await testServices({ env: { E2E_OA_KEY: OA_KEY, E2E_AN_KEY: AN_KEY }, profilesFile })
    dispose = made.dispose
    made.services.store.settings.set('defaultPanes', ['oa:gpt-4o-mini', 'oa:gpt-4.1-nano', 'oa:gpt-4o'])
    made.services.store.settings.set('confirmAboveUsd', null)
    host = await startBrowserHost({ rendererDir: join(dir, 'renderer'), dispatch: createDispatcher(juxtaContract, createHandlers(made.services)) })
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
    })
    await mkdir(artifacts, { recursive: true })
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await host?.close()
    await dispose?.()
    await openai?.close()
    await anthropic?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const status = (pane: Locator, text: string | RegExp) => pane.getByText(text, { exact: typeof text === 'string' }).first().waitFor({ timeout: 15_000 })
  const requestsFor = (model: string) => openai.requests.filter((request) => request.body?.model === model)
  const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `compare-view-${name}.png`), fullPage: false })

  it('streams four panes side by side, stops one, retries one, continues the chat and switches a model', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(host.url)
    await page.getByRole('status').waitFor({ timeout: 10_000 })

    // Three default panes; a fourth is added and given the Anthropic model.
    const panes = page.getByRole('group', { name: 'Panes' }).getByRole('region')
    await expect.poll(() => panes.count()).toBe(3)
    await page.getByRole('button', { name: 'Add pane', exact: true }).click()
    await expect.poll(() => panes.count()).toBe(4)
    const added = page.getByRole('region', { name: 'Pane 4: no model' })
    await added.getByRole('combobox', { name: 'Model' }).selectOption('an:claude-haiku-4-5')
    const mini = page.getByRole('region', { name: 'oa:gpt-4o-mini', exact: true })
    const nano = page.getByRole('region', { name: 'oa:gpt-4.1-nano', exact: true })
    const flaky = page.getByRole('region', { name: 'oa:gpt-4o', exact: true })
    const claude = page.getByRole('region', { name: 'an:claude-haiku-4-5', exact: true })
    await claude.waitFor()
    // The model's facts from the catalog beside the picker.
    await mini.getByText('128k context').waitFor()

    // The estimate follows the prompt as it is typed: per pane tokens, exact or not, and a total.
    const prompt = page.getByRole('textbox', { name: 'Prompt' })
    await prompt.fill('Explain quicksort with code and a table.')
    const estimate = page.getByRole('region', { name: 'Estimate' })
    const claudeEstimate = estimate.getByRole('listitem', { name: 'Estimate for an:claude-haiku-4-5' })
    await claudeEstimate.waitFor({ timeout: 15_000 })
    expect(await claudeEstimate.textContent()).toContain('=exactly 42 tokens in') // count_tokens answered
    expect(await estimate.getByRole('listitem').count()).toBe(4)
    expect(await estimate.textContent()).toMatch(/Total <?\$[\d.]+ … \$[\d.]+/)
    await shot(page, '1-estimate')

    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect.poll(() => editorText(prompt)).toBe('')
    await page.getByRole('button', { name: 'Stop all' }).waitFor()

    // The flaky pane is retried by Juxta after the 429, with a countdown; then it fails for good.
    await status(flaky, /Retrying in \d s/)
    await flaky.getByText(/Attempt 1 of 3 failed \(rate limited\)/).waitFor()

    // The slow pane streams; it is stopped while the others carry on.
    await status(nano, 'Streaming')
    await nano.getByText(/word3 /).waitFor()
    await shot(page, '2-streaming')
    await nano.getByRole('button', { name: 'Stop', exact: true }).click()
    await status(nano, 'Stopped')
    expect(await nano.textContent()).toContain('word1')

    await status(flaky, 'Error: bad request')
    expect(await flaky.textContent()).toContain("Invalid value for 'temperature'")
    await shot(page, '3-error')
    // Retried by hand: only that pane is sent again.
    await flaky.getByRole('button', { name: 'Retry', exact: true }).click()
    await status(flaky, 'Done')

    // Markdown rendered as elements: a table, a highlighted code block with its copy button, no raw syntax.
    await status(mini, 'Done')
    await status(claude, 'Done')
    const table = mini.getByRole('table')
    await table.waitFor()
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['n', 'time'])
    expect(await table.getByRole('cell', { name: '9 ms' }).count()).toBe(1)
    expect(await mini.getByRole('code').filter({ hasText: 'def quicksort' }).count()).toBe(1)
    await mini.getByRole('button', { name: 'Copy python code' }).waitFor()
    const miniText = (await mini.textContent()) ?? ''
    expect(miniText).not.toContain('```')
    expect(miniText).not.toContain('|---')
    expect(miniText).toContain('Done & dusted.')
    await mini.getByText(/^Reasoning \(25 characters\)$/).waitFor()
    expect(await claude.getByRole('strong').filter({ hasText: 'hi' }).count()).toBe(1)
    await mini.getByText('TTFT').waitFor()
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor()
    await page.getByRole('region', { name: 'Run summary' }).waitFor()
    await shot(page, '4-done')

    // The best answer, and a word diff between two panes.
    await claude.getByRole('button', { name: 'Best answer' }).click()
    await expect.poll(() => claude.getByRole('button', { name: 'Best answer' }).getAttribute('aria-pressed')).toBe('true')
    await page.getByRole('button', { name: 'Diff', exact: true }).click()
    const diff = page.getByRole('region', { name: 'Word diff' })
    await diff.getByRole('combobox', { name: 'Diff to' }).selectOption({ label: 'an:claude-haiku-4-5' })
    await diff.getByRole('insertion').first().waitFor()
    expect(await diff.getByRole('deletion').count()).toBeGreaterThan(0)
    await shot(page, '5-diff')
    await diff.getByRole('button', { name: 'Close diff' }).click()

    // Chat: the next prompt continues each pane's own conversation (Ctrl+Enter sends).
    const miniBefore = requestsFor('gpt-4o-mini').length
    await prompt.fill('And in Rust?')
    await prompt.press('Control+Enter')
    await status(mini, /Turn 2:/)
    await status(mini, 'Done')
    await status(claude, 'Done')
    const second = requestsFor('gpt-4o-mini')[miniBefore]!.body
    expect(second.messages.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(second.messages[0].content).toBe('Explain quicksort with code and a table.')
    expect(second.messages[1].content).toContain('Turn 1: **quicksort**')
    expect(second.messages[2].content).toBe('And in Rust?')
    const claudeSecond = anthropic.requests.filter((request) => request.path === '/v1/messages').at(-1)!.body
    expect(claudeSecond.messages.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant', 'user'])
    // The stopped pane continues from what it had streamed.
    const nanoSecond = requestsFor('gpt-4.1-nano').at(-1)!.body
    expect(nanoSecond.messages[1].content).toContain('word1')

    // A pane switched to another model keeps its conversation.
    await mini.getByRole('combobox', { name: 'Model' }).selectOption('oa:gpt-4.1')
    const switched = page.getByRole('region', { name: 'oa:gpt-4.1', exact: true })
    await switched.waitFor()
    await prompt.fill('Now in Go.')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await status(switched, /Turn 3:/)
    await status(switched, 'Done')
    const third = requestsFor('gpt-4.1').at(-1)!.body
    expect(third.messages.map((message: { content: string }) => message.content)).toEqual([
      'Explain quicksort with code and a table.',
      expect.stringContaining('Turn 1:'),
      'And in Rust?',
      expect.stringContaining('Turn 2:'),
      'Now in Go.'
    ])

    // "Continue with this answer": every pane is sent Claude's thread next.
    await status(claude, 'Done')
    await claude.getByRole('button', { name: 'Continue with this answer' }).click()
    await page.getByText(/continues from an:claude-haiku-4-5’s answer/).waitFor()
    await prompt.fill('Summarise.')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await status(switched, 'Done')
    await status(claude, 'Done')
    const continued = requestsFor('gpt-4.1').at(-1)!.body
    expect(continued.messages.at(-2).content).toBe('Claude says **hi** on turn 3.')
    expect(continued.messages.at(-1).content).toBe('Summarise.')

    // Panes: reordered, eight of them in a grid (through the command palette), a send refused
    // while one has no model (the prompt stays), then the empty ones removed.
    await claude.getByRole('button', { name: 'Move pane left' }).click()
    const order = async () => Promise.all((await panes.all()).map((pane) => pane.getAttribute('aria-label')))
    expect(await order()).toEqual(['oa:gpt-4.1', 'oa:gpt-4.1-nano', 'an:claude-haiku-4-5', 'oa:gpt-4o'])
    for (let n = 0; n < 4; n++) await page.getByRole('button', { name: 'Add pane', exact: true }).click()
    await expect.poll(() => panes.count()).toBe(8)
    await page.keyboard.press('Control+k')
    const palette = page.getByRole('dialog', { name: 'Command palette' })
    await palette.getByRole('combobox', { name: 'Command' }).fill('layout grid')
    await palette.getByRole('combobox', { name: 'Command' }).press('Enter')
    await expect.poll(() => page.getByRole('button', { name: 'Grid', exact: true }).getAttribute('aria-pressed')).toBe('true')
    await prompt.fill('One more?')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'Pick a model for pane 5 first.' }).waitFor()
    expect(await editorText(prompt)).toBe('One more?')
    await shot(page, '7-grid-of-eight')
    for (let n = 0; n < 4; n++) await page.getByRole('region', { name: /no model$/ }).first().getByRole('button', { name: 'Remove pane' }).click()
    await expect.poll(() => panes.count()).toBe(4)
    await page.getByRole('button', { name: 'Columns', exact: true }).click()

    // A new comparison, then the saved one reopened from History: its panes and last answers
    // come back, and the next prompt continues it (Escape stops what still streams).
    await page.getByRole('button', { name: 'New comparison' }).click()
    await expect.poll(() => panes.count()).toBe(3)
    expect(await page.getByRole('region', { name: 'oa:gpt-4o-mini', exact: true }).textContent()).not.toContain('Turn')
    await page.getByRole('complementary').getByRole('button', { name: 'Explain quicksort with code and a table.', exact: true }).click()
    // In the order the panes were saved (the switched model is a new saved pane, so it comes last).
    await expect.poll(() => order()).toEqual(['oa:gpt-4.1-nano', 'oa:gpt-4o', 'an:claude-haiku-4-5', 'oa:gpt-4.1'])
    await status(claude, 'Claude says hi on turn 4.')
    await prompt.fill('Answer slowly.')
    await prompt.press('Control+Enter')
    await status(nano, 'Streaming')
    await status(claude, 'Done')
    await prompt.press('Escape')
    await status(nano, 'Stopped')
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor()
    const reopened = anthropic.requests.filter((request) => request.path === '/v1/messages').at(-1)!.body
    expect(reopened.messages.slice(-3).map((message: { content: unknown }) => JSON.stringify(message.content))).toEqual([
      expect.stringContaining('Summarise.'),
      expect.stringContaining('Claude says **hi** on turn 4.'),
      expect.stringContaining('Answer slowly.')
    ])

    // The whole page in the dark theme too.
    await page.emulateMedia({ colorScheme: 'dark' })
    await shot(page, '6-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    // Keys never reach the page; nothing failed on the way (CSP included).
    expect(await page.content()).not.toContain(OA_KEY)
    expect(problems).toEqual([])
    await page.close()
  }, 120_000)
})
