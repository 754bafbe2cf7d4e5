import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { type Browser, type Locator, type Page, chromium } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserHost, startBrowserHost } from '../../src/main/host/browser-host'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { type MainServices, createMainServices } from '../../src/main/services'
import { openStore } from '../../src/main/store'
import { juxtaContract } from '../../src/shared/contract/juxta-contract'
import { loaderOf, rejectingKeytar } from '../support/fake-keytar'
import { LoopbackServer, sendJson } from '../support/loopback-server'
import { TEST_VERSION } from '../support/main-services'
import { seedConversation } from '../support/store'

// Settings and History through the real app in Chromium (browser mode): the renderer built into
// a folder of its own, the host and services from source on a data directory seeded through the
// store, a loopback OpenAI-style /models server to test a key against, and a loopback Ollama.
// Screenshots of the Settings view go to test-results/ (gitignored).

const root = join(import.meta.dirname, '../..')
const shots = join(root, 'test-results')
const chromiumPath = [process.env['JUXTA_CHROMIUM'], '/usr/bin/chromium'].find((path) => path && existsSync(path))
if (!chromiumPath) {
  throw new Error('browser tests need Chromium: apt-get install chromium, or set JUXTA_CHROMIUM to a Chromium binary')
}

const KEY = 'sk-e2e-SettingsabcdefWXYZ'
const LAST_FOUR = 'WXYZ'

let dir: string
let dataDir: string
let services: MainServices
let host: BrowserHost
let browser: Browser
let page: Page
let vendor: LoopbackServer
let ollama: LoopbackServer
const problems: string[] = []
const seeded: Record<'quicksort' | 'tokyo' | 'haiku', number> = { quicksort: 0, tokyo: 0, haiku: 0 }

/** A port nothing listens on, for LM Studio. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** The text of the elements that describe a control (its hint and its error). */
function description(locator: Locator): Promise<string> {
  return locator.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id: string) => (id ? (element.ownerDocument.getElementById(id)?.textContent ?? '') : ''))
      .join(' ')
  )
}

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'juxta-e2e-settings-'))
  await mkdir(shots, { recursive: true })
  await build({
    root: join(root, 'src/renderer'),
    configFile: false,
    logLevel: 'silent',
    plugins: [react()],
    build: { outDir: join(dir, 'renderer'), emptyOutDir: true, minify: false }
  })

  // Conversations saved before the app starts, as a earlier session (or the CLI) left them.
  dataDir = join(dir, 'data')
  const { store } = openStore({ dataDir })
  seeded.quicksort = seedConversation(store, 'Explain quicksort', ['Divide and conquer: pick a pivot, partition, recurse.', 'Quicksort sorts in place.'], 'Quicksort explained')
  seeded.tokyo = seedConversation(store, '東京の天気を教えてください', ['今日の東京は晴れ、最高気温は二十度です。', '晴れのち曇りでしょう。'], '東京の天気')
  seeded.haiku = seedConversation(store, 'Write a haiku about autumn', ['Crisp leaves drift and fall', 'Red maple, cold wind'], 'Autumn haiku')
  store.close()

  vendor = await LoopbackServer.start((request, response) => {
    if (request.headers.authorization !== `Bearer ${KEY}`) {
      return sendJson(response, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } })
    }
    sendJson(response, 200, { object: 'list', data: ['gpt-4o-mini', 'gpt-4o', 'o3-mini'].map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'e2e' })) })
  })
  ollama = await LoopbackServer.start((request, response) =>
    request.path === '/api/tags' ? sendJson(response, 200, { models: [{ name: 'llama3.2:3b' }, { name: 'qwen2.5:0.5b' }] }) : sendJson(response, 404, {})
  )

  // No keychain answers (as on Linux without D-Bus) and browser mode has no safeStorage: keys are kept for the session.
  services = await createMainServices({ dataDir, env: {}, version: TEST_VERSION, keytarLoader: loaderOf(rejectingKeytar()) })
  const handlers = createHandlers(services, {
    localServers: { ports: { ollama: Number(new URL(ollama.url).port), lmstudio: await closedPort() } }
  })
  host = await startBrowserHost({ rendererDir: join(dir, 'renderer'), dispatch: createDispatcher(juxtaContract, handlers) })
  browser = await chromium.launch({
    executablePath: chromiumPath!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
  })
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true })
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`)
  })
  await page.goto(host.url)
  await page.getByRole('complementary', { name: 'History' }).waitFor({ timeout: 15_000 })
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await services?.close()
  await vendor?.close()
  await ollama?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('Settings in the real app', () => {
  let settings: Locator

  it('opens from the toolbar as a region labelled Settings', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    settings = page.getByRole('region', { name: 'Settings' })
    await settings.waitFor()
    // Nothing saved yet: the presets are in use, and keys are for this session only (no keychain here).
    await settings.getByText('No profiles saved yet').waitFor()
    await settings.getByText('Keys are kept for this session only.').waitFor()
  })

  it('adds a preset profile', async () => {
    await settings.getByLabel('Start from').selectOption('preset:openai')
    const editor = settings.getByRole('form', { name: 'New profile' })
    expect(await editor.getByLabel('Base URL').inputValue()).toBe('https://api.openai.com/v1')
    await editor.getByRole('button', { name: 'Add profile' }).click()
    await settings.getByRole('article', { name: 'OpenAI' }).waitFor()
    expect(services.store.profiles.get('openai')).toMatchObject({ kind: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' })
  })

  it('adds a custom endpoint, showing the route’s validation error beside the field', async () => {
    await settings.getByLabel('Start from').selectOption('custom:openai')
    const editor = settings.getByRole('form', { name: 'New profile' })
    await editor.getByLabel('Profile id').fill('gateway')
    await editor.getByLabel('Name').fill('Local gateway')
    // Not even a URL: the route's message shows beside the field (no browser bubble stops the form first).
    await editor.getByLabel('Base URL').fill('not a url')
    await editor.getByRole('button', { name: 'Add header' }).click()
    await editor.getByLabel('Header 1 name').fill('X-Title')
    await editor.getByLabel('Header 1 value').fill('Juxta e2e')
    await editor.getByRole('button', { name: 'Add profile' }).click()

    const baseURL = editor.getByLabel('Base URL')
    await waitUntil(async () => (await baseURL.getAttribute('aria-invalid')) === 'true', 'the base URL is marked invalid')
    expect(await description(baseURL)).toContain('must be an http:// or https:// URL')
    expect(services.store.profiles.get('gateway')).toBeNull()

    await baseURL.fill(`${vendor.url}/v1`)
    await editor.getByRole('button', { name: 'Add profile' }).click()
    await settings.getByRole('article', { name: 'Local gateway' }).waitFor()
    expect(services.store.profiles.get('gateway')).toMatchObject({ kind: 'openai', name: 'Local gateway', baseURL: `${vendor.url}/v1`, headers: { 'X-Title': 'Juxta e2e' } })
  })

  it('saves a key through a masked field, says where it is kept, never shows it, and tests it', async () => {
    const card = settings.getByRole('article', { name: 'Local gateway' })
    const keyField = card.getByLabel('API key for Local gateway')
    expect(await keyField.getAttribute('type')).toBe('password')
    await keyField.fill(KEY)
    await card.getByRole('button', { name: 'Save key' }).click()
    await card.getByText(`Kept for this session only (ends in ${LAST_FOUR})`).waitFor()
    expect(await keyField.inputValue()).toBe('')
    expect(await page.content()).not.toContain(KEY.slice(0, 12))

    await card.getByRole('button', { name: 'Test key' }).click()
    await card.getByText('OK, 3 models').waitFor()
    expect(vendor.requests.at(-1)).toMatchObject({ path: '/v1/models', headers: { authorization: `Bearer ${KEY}` } })

    // The preset's key comes from nowhere yet, and the window says which variable it would read.
    await settings.getByRole('article', { name: 'OpenAI' }).getByText('set the environment variable OPENAI_API_KEY').waitFor()
  })

  it('overrides a model’s prices and limits, saved into the profile’s models entry', async () => {
    const card = settings.getByRole('article', { name: 'Local gateway' })
    await card.getByLabel('Model to add to Local gateway').fill('gpt-4o-mini')
    await card.getByRole('button', { name: 'Add model' }).click()
    const model = card.getByRole('group', { name: 'gpt-4o-mini' })
    await model.waitFor()

    // A price needs both input and output: said beside the missing one, nothing sent.
    await model.getByLabel('Input price', { exact: true }).fill('0.15')
    await model.getByRole('button', { name: 'Save gpt-4o-mini' }).click()
    await waitUntil(async () => (await description(model.getByLabel('Output price'))).includes('needs the output price'), 'the output price is asked for')

    await model.getByLabel('Output price').fill('0.6')
    await model.getByLabel('Cached input price').fill('0.075')
    await model.getByLabel('Context window').fill('128000')
    await model.getByLabel('Size').selectOption('small')
    await model.getByRole('button', { name: 'Save gpt-4o-mini' }).click()
    await model.getByText('Saved.').waitFor()
    // A field left blank shows what the catalog gives instead.
    await waitUntil(async () => /^catalog: \d+$/.test((await model.getByLabel('Max output tokens').getAttribute('placeholder')) ?? ''), 'the catalog’s max output shows')
    expect(services.store.profiles.get('gateway')!.models).toEqual([
      { id: 'gpt-4o-mini', size: 'small', contextWindow: 128000, price: { input: 0.15, output: 0.6, cachedInput: 0.075 } }
    ])
  })

  it('sets the default panes, the request limit per endpoint and the theme', async () => {
    const entry = settings.getByLabel('Add a default pane')
    await entry.fill('gateway:gpt-4o-mini')
    await settings.getByRole('button', { name: 'Add pane' }).click()
    await settings.getByRole('list', { name: 'Default panes' }).getByText('gateway:gpt-4o-mini').waitFor()
    await entry.fill('openai:gpt-4o')
    await settings.getByRole('button', { name: 'Add pane' }).click()
    await settings.getByRole('button', { name: 'Move openai:gpt-4o up' }).click()
    await waitUntil(() => services.store.settings.get('defaultPanes').join() === 'openai:gpt-4o,gateway:gpt-4o-mini', 'the panes are saved in order')

    await settings.getByLabel('Requests at once per endpoint').fill('2')
    await settings.getByRole('button', { name: 'Save limit' }).click()
    await waitUntil(() => services.store.settings.get('concurrencyPerEndpoint') === 2, 'the limit is saved')

    await settings.getByRole('radio', { name: 'Dark' }).check()
    await waitUntil(() => services.store.settings.get('theme') === 'dark', 'the theme is saved')
    expect(await page.locator('html').getAttribute('class')).toContain('theme-dark')
    await page.setViewportSize({ width: 1400, height: 3000 })
    await page.screenshot({ path: join(shots, 'settings-dark.png') })
    await settings.getByRole('radio', { name: 'Light' }).check()
    await waitUntil(() => services.store.settings.get('theme') === 'light', 'the theme is saved')
    expect(await page.locator('html').getAttribute('class')).toContain('theme-light')
    await page.screenshot({ path: join(shots, 'settings-light.png') })
    await page.setViewportSize({ width: 1400, height: 1000 })
  })

  it('offers a running local server and adds it as a local profile with its models', async () => {
    const local = settings.getByRole('list', { name: 'Local servers' })
    await local.getByText('not running').waitFor()
    await local.getByRole('button', { name: 'Add Ollama' }).click()
    await settings.getByRole('article', { name: 'Ollama' }).waitFor()
    expect(services.store.profiles.get('ollama')).toMatchObject({
      baseURL: `${ollama.url}/v1`,
      local: true,
      models: [{ id: 'llama3.2:3b' }, { id: 'qwen2.5:0.5b' }]
    })
  })

  it('closes with Escape', async () => {
    await settings.getByRole('heading', { name: 'Settings' }).focus()
    await page.keyboard.press('Escape')
    await waitUntil(async () => (await settings.count()) === 0, 'the settings are closed')
  })
})

describe('History in the real app', () => {
  let history: Locator
  const item = (title: string): Locator => history.getByRole('listitem').filter({ has: page.getByRole('button', { name: title, exact: true }) })

  beforeAll(() => {
    history = page.getByRole('complementary', { name: 'History' })
  })

  it('lists the saved conversations with their dates and models', async () => {
    await history.getByRole('button', { name: 'Quicksort explained', exact: true }).waitFor()
    const titles = await history.getByRole('list', { name: 'Conversations' }).getByRole('listitem').locator('.history-open').allTextContents()
    expect(titles).toEqual(['Autumn haiku', '東京の天気', 'Quicksort explained'])
    expect(await item('Autumn haiku').textContent()).toContain('oa:gpt-4o-mini, an:claude-haiku-4-5')
  })

  it('searches, with the matches marked; Japanese too', async () => {
    const search = history.getByRole('searchbox', { name: 'Search history' })
    await search.fill('pivot')
    await history.getByText('1 conversation matches “pivot”.').waitFor()
    expect(await history.locator('mark').allTextContents()).toEqual(['pivot'])

    await search.fill('東京の天気')
    await history.getByText('1 conversation matches “東京の天気”.').waitFor()
    expect(await item('東京の天気').locator('mark').allTextContents()).toEqual(['東京の天気'])

    // Two characters: below the trigram index, found by a scan.
    await search.fill('晴れ')
    await history.getByText('1 conversation matches “晴れ”.').waitFor()
    expect(await item('東京の天気').locator('mark').first().textContent()).toBe('晴れ')
    await history.screenshot({ path: join(shots, 'history-search.png') })

    await search.fill('nothing like this')
    await history.getByText('Nothing matches “nothing like this”.').waitFor()
    await search.fill('')
    await history.getByText('3 conversations').waitFor()
  })

  it('opens a conversation', async () => {
    const open = history.getByRole('button', { name: 'Quicksort explained', exact: true })
    await open.click()
    await waitUntil(async () => (await open.getAttribute('aria-current')) === 'true', 'the conversation is marked open')
  })

  it('renames in place', async () => {
    await history.getByRole('button', { name: 'Rename “Autumn haiku”' }).click()
    const field = history.getByRole('textbox', { name: 'New title for “Autumn haiku”' })
    await field.fill('Autumn poem')
    await field.press('Enter')
    await history.getByRole('button', { name: 'Autumn poem', exact: true }).waitFor()
    expect(services.store.conversations.get(seeded.haiku)?.title).toBe('Autumn poem')
  })

  it('exports Markdown and JSON as downloads, and imports the JSON back', async () => {
    await history.getByRole('button', { name: 'Export “Quicksort explained”' }).click()
    const [markdown] = await Promise.all([page.waitForEvent('download'), history.getByRole('button', { name: 'Export “Quicksort explained” as Markdown' }).click()])
    expect(markdown.suggestedFilename()).toBe(`Quicksort explained (${seeded.quicksort}).md`)
    expect(await readFile((await markdown.path())!, 'utf8')).toContain('Divide and conquer: pick a pivot')

    await history.getByRole('button', { name: 'Export “Quicksort explained”' }).click()
    const [json] = await Promise.all([page.waitForEvent('download'), history.getByRole('button', { name: 'Export “Quicksort explained” as JSON' }).click()])
    expect(json.suggestedFilename()).toBe(`Quicksort explained (${seeded.quicksort}).json`)
    const exported = join(dir, 'export.json')
    await json.saveAs(exported)
    expect(JSON.parse(await readFile(exported, 'utf8'))).toMatchObject({ conversation: { title: 'Quicksort explained' } })

    await history.getByLabel('Import a conversation (JSON export)').setInputFiles(exported)
    await history.getByText('4 conversations').waitFor()
    expect(await history.getByRole('button', { name: 'Quicksort explained', exact: true }).count()).toBe(2)
  })

  it('deletes after asking', async () => {
    await history.getByRole('button', { name: 'Delete “Autumn poem”' }).click()
    const confirm = history.getByRole('group', { name: 'Delete “Autumn poem”?' })
    // Focus goes to Cancel, the safe choice.
    expect(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true)
    await confirm.getByRole('button', { name: 'Delete conversation' }).click()
    await history.getByText('3 conversations').waitFor()
    expect(services.store.conversations.get(seeded.haiku)).toBeNull()
  })
})

describe('the command palette in the real app', () => {
  it('filters, moves with the arrow keys, runs with Enter, closes with Escape', async () => {
    await page.keyboard.press('Control+k')
    const palette = page.getByRole('dialog', { name: 'Command palette' })
    await palette.waitFor()
    const filter = palette.getByRole('combobox', { name: 'Command' })
    expect(await filter.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true)
    await page.keyboard.press('Escape')
    await waitUntil(async () => !(await palette.isVisible()), 'the palette is closed')

    await page.keyboard.press('Control+k')
    await palette.waitFor()
    await filter.fill('opn setngs')
    const options = palette.getByRole('option')
    expect(await options.first().textContent()).toContain('Open settings')
    await page.screenshot({ path: join(shots, 'command-palette.png') })
    expect(await options.first().getAttribute('aria-selected')).toBe('true')
    await filter.fill('')
    await filter.press('ArrowDown')
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true')
    await filter.fill('open settings')
    await filter.press('Enter')
    await page.getByRole('region', { name: 'Settings' }).waitFor()
    expect(await palette.isVisible()).toBe(false)
  })

  it('met no script error, CSP violation or failed request on the way', () => {
    expect(problems).toEqual([])
  })
})
