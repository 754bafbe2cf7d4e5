import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { type Browser, chromium } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BrowserHost, startBrowserHost } from '../../src/main/host/browser-host'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { juxtaContract } from '../../src/shared/contract/juxta-contract'
import { TEST_VERSION, testServices } from '../support/main-services'

// The real renderer, built into a folder of its own (never out/, which the build test writes),
// served by the real host from source and driven in Chromium: the page must reach main's
// services through the WebSocket and show the version.

const root = join(import.meta.dirname, '../..')
// Debian's chromium package; JUXTA_CHROMIUM names another build. Without one the test fails
// and says how to get one: a skipped end-to-end test would read as a pass.
const chromiumPath = [process.env['JUXTA_CHROMIUM'], '/usr/bin/chromium'].find((path) => path && existsSync(path))
if (!chromiumPath) {
  throw new Error('browser tests need Chromium: apt-get install chromium, or set JUXTA_CHROMIUM to a Chromium binary')
}

describe('browser mode end to end', () => {
  let dir: string
  let host: BrowserHost
  let browser: Browser
  let dispose: () => Promise<void>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'juxta-e2e-'))
    await build({
      root: join(root, 'src/renderer'),
      configFile: false,
      logLevel: 'silent',
      plugins: [react()],
      build: { outDir: join(dir, 'renderer'), emptyOutDir: true, minify: false }
    })
    const made = await testServices()
    dispose = made.dispose
    host = await startBrowserHost({ rendererDir: join(dir, 'renderer'), dispatch: createDispatcher(juxtaContract, createHandlers(made.services)) })
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await host?.close()
    await dispose?.()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('shows the version fetched over the WebSocket, and takes the token out of the address bar', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`)
    })

    await page.goto(host.url)
    const status = page.getByRole('status')
    await status.waitFor({ timeout: 10_000 })
    expect(await status.textContent()).toBe(`Juxta ${TEST_VERSION}, connected through WebSocket (browser mode)`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Juxta')
    expect(page.url()).toBe(`${host.origin}/`)

    // A reload has no token in the address any more; the tab remembers it.
    await page.reload()
    await page.getByRole('status').waitFor({ timeout: 10_000 })
    expect(await page.getByRole('status').textContent()).toContain(TEST_VERSION)
    // No CSP violation, no failed request, no script error on the way.
    expect(problems).toEqual([])
    await page.close()
  })

  it('without the token the page says how to get in, and reaches nothing', async () => {
    const page = await browser.newPage()
    await page.goto(`${host.origin}/`)
    const alert = page.getByRole('alert')
    await alert.waitFor({ timeout: 10_000 })
    expect(await alert.textContent()).toMatch(/juxta web/)
    await page.close()
  })
})
