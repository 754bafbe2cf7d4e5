import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core'
import { build } from 'vite'
import { type BrowserHost, startBrowserHost } from '../../src/main/host/browser-host'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import type { z } from 'zod'
import type { providerProfileSchema } from '../../src/shared/profiles'
import { juxtaContract } from '../../src/shared/contract/juxta-contract'
import { testServices } from '../../tests/support/main-services'
import { profileDir } from './page-metrics'
import { ROOT } from './paths'

/**
 * The app in browser mode for the browser benchmarks, set up as the end-to-end tests do: the
 * renderer built (minified, as `npm run build` makes it) into a folder of its own, the real
 * services on a fresh data directory behind the real host, and Debian's Chromium.
 */

export const CHROMIUM_PATH = [process.env['JUXTA_CHROMIUM'], '/usr/bin/chromium'].find((path) => path && existsSync(path))

export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error('the browser benchmarks need Chromium: apt-get install chromium, or set JUXTA_CHROMIUM')
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
  })
}

export interface BrowserAppOptions {
  /** Profiles for a profiles file (keys from `env`); the presets when absent. */
  profiles?: Array<z.input<typeof providerProfileSchema>>
  env?: NodeJS.ProcessEnv
  /** The panes a new comparison starts with, "profileId:modelId". */
  defaultPanes: string[]
}

export interface BrowserApp {
  host: BrowserHost
  browser: Browser
  /** A page on the app in a context of its own (nothing cached), connected; `initScripts` run before the app's. */
  openPage(initScriptFiles?: string[]): Promise<{ context: BrowserContext; page: Page }>
  close(): Promise<void>
}

export async function startBrowserApp(options: BrowserAppOptions): Promise<BrowserApp> {
  const dir = await mkdtemp(join(tmpdir(), 'juxta-bench-'))
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })]
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  }
  try {
    const rendererDir = join(dir, 'renderer')
    // Minified as shipped; JUXTA_BENCH_PROFILE keeps the names readable in CPU profiles.
    const minify = !profileDir()
    await build({ root: join(ROOT, 'src/renderer'), configFile: false, logLevel: 'silent', plugins: [react()], build: { outDir: rendererDir, emptyOutDir: true, minify } })
    let profilesFile: string | undefined
    if (options.profiles) {
      profilesFile = join(dir, 'profiles.json')
      await writeFile(profilesFile, JSON.stringify({ profiles: options.profiles }))
    }
    const made = await testServices({ env: options.env ?? {}, ...(profilesFile !== undefined && { profilesFile }) })
    cleanups.push(made.dispose)
    made.services.store.settings.set('defaultPanes', options.defaultPanes)
    // No "this may cost $…, send anyway?" in the way of a send.
    made.services.store.settings.set('confirmAboveUsd', null)
    const host = await startBrowserHost({ rendererDir, dispatch: createDispatcher(juxtaContract, createHandlers(made.services)) })
    cleanups.push(() => host.close())
    const browser = await launchChromium()
    cleanups.push(() => browser.close())
    return {
      host,
      browser,
      async openPage(initScriptFiles = []) {
        const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
        for (const path of initScriptFiles) await context.addInitScript({ path })
        const page = await context.newPage()
        await page.goto(host.url)
        await page.getByRole('status').waitFor({ timeout: 30_000 })
        return { context, page }
      },
      close
    }
  } catch (error) {
    await close()
    throw error
  }
}
