import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { isolatedEnv, useBuiltApp } from '../support/built-app'
import type { HardeningReport } from '../support/electron-main-child'
import { TS_HOOKS } from '../support/store'
import { PLAIN_HTTP_URLS, REFUSED_URLS } from '../support/url-cases'

// The desktop app's hardening, checked against the BUILT app. Electron cannot run here, so the
// built main process (out/main/index.js) runs under Node with a recording stand-in for
// `electron` (tests/support/fake-electron.ts); the child starts it, then acts as a hostile page
// would: navigates, opens windows, asks for permissions, calls IPC from a foreign page. The
// page's CSP and the packaging fuses are read from the built page and the packaging config.

const root = join(import.meta.dirname, '../..')
const PROBE_URLS = [...PLAIN_HTTP_URLS.map(([url]) => url), ...REFUSED_URLS.map(([, url]) => url)]

const built = useBuiltApp('juxta-hardening-')

/** Starts the built main process in a child with the fake Electron; resolves with what it observed. */
async function runBuiltMain(options: { packaged: boolean; env?: NodeJS.ProcessEnv }): Promise<HardeningReport> {
  const dataDir = await mkdtemp(join(built.dir(), 'data-'))
  const child = fork(
    fileURLToPath(new URL('../support/electron-main-child.ts', import.meta.url)),
    [built.app().mainEntry, JSON.stringify(PROBE_URLS), ...(options.packaged ? ['--packaged'] : [])],
    { execArgv: ['--import', TS_HOOKS], env: isolatedEnv(dataDir, built.dir(), options.env), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }
  )
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  const message = await new Promise<{ report?: HardeningReport; error?: string }>((resolve, reject) => {
    child.once('message', (answer) => resolve(answer as { report?: HardeningReport; error?: string }))
    child.once('exit', (code, signal) => reject(new Error(`the main process exited (${signal ?? code}) without a report:\n${stderr}`)))
  })
  if (!message.report) throw new Error(`the main process failed: ${message.error}\n${stderr}`)
  return message.report
}

describe('the built desktop app, started with a recording Electron', () => {
  let report: HardeningReport

  beforeAll(async () => {
    report = await runBuiltMain({ packaged: false })
  }, 60_000)

  it('opens one window with context isolation, the sandbox, web security on and Node off', () => {
    expect(report.sandboxEnabled).toBe(true)
    expect(report.windowCount).toBe(1)
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false
    })
    expect(String(report.webPreferences['preload'])).toMatch(/[/\\]out[/\\]preload[/\\]index\.cjs$/)
  })

  it('loads the local page and nothing remote', () => {
    expect(report.loads).toEqual([['file', join(built.app().rendererDir, 'index.html')]])
    expect(report.networkCalls).toEqual([])
  })

  it('blocks every navigation, redirect and webview, in the window and in any other contents', () => {
    for (const navigation of [report.navigation, report.strayNavigation]) {
      expect(navigation).toEqual({
        'will-navigate': { listeners: 1, prevented: true },
        'will-frame-navigate': { listeners: 1, prevented: true },
        'will-redirect': { listeners: 1, prevented: true },
        'will-attach-webview': { listeners: 1, prevented: true }
      })
    }
    expect(report.strayWindowOpen).toBe('deny')
  })

  it('denies every window.open, handing plain http(s) links, and only those, to the OS browser', () => {
    expect(Object.values(report.windowOpen).every((action) => action === 'deny')).toBe(true)
    expect(Object.keys(report.windowOpen)).toHaveLength(PROBE_URLS.length)
    expect(report.openedExternally).toEqual(PLAIN_HTTP_URLS.map(([, normalized]) => normalized))
  })

  it('refuses every permission, asked or merely checked, and every device', () => {
    expect(Object.values(report.permissionRequest)).toEqual(Array(9).fill(false))
    expect(Object.values(report.permissionCheck)).toEqual(Array(9).fill(false))
    expect(report.devicePermission).toBe(false)
  })

  it('answers IPC from the app’s own page only', () => {
    expect(report.ipcFromAppPage).toMatchObject({ ok: true, value: { version: '0.0.0-hardening' } })
    expect(report.ipcFromRemotePage).toEqual({ ok: false, error: { code: 'forbidden', message: 'this page may not call Juxta' } })
  })
})

it('packaged, ignores a dev-server URL in its environment and loads only the local page', async () => {
  const report = await runBuiltMain({ packaged: true, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } })
  expect(report.loads).toEqual([['file', join(built.app().rendererDir, 'index.html')]])
  expect(report.ipcFromRemotePage).toMatchObject({ ok: false, error: { code: 'forbidden' } })
}, 60_000)

describe('the built page’s Content-Security-Policy', () => {
  function directives(): Map<string, string[]> {
    const html = readFileSync(join(built.app().rendererDir, 'index.html'), 'utf8')
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/gi)]
    expect(metas).toHaveLength(1)
    return new Map(
      metas[0]![1]!
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...sources]) => [name!, sources])
    )
  }

  it('allows only the app’s own scripts and styles: no inline code, no eval, no remote source', () => {
    const csp = directives()
    expect(['self', 'none'].map((word) => `'${word}'`)).toContain(csp.get('default-src')?.join(' '))
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('style-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('form-action')).toEqual(["'none'"])
    expect(csp.get('img-src')).toEqual(["'self'", 'data:'])
    for (const [name, sources] of csp) {
      for (const source of sources) {
        // Nothing unsafe, no wildcard host, no http(s) origin: the page loads nothing from the network.
        expect(source, `${name} ${source}`).not.toMatch(/unsafe-|^\*$|^https?:|^blob:|^filesystem:/)
      }
    }
  })

  it('connects only to itself and to browser mode’s WebSocket on loopback', () => {
    expect(directives().get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*'])
  })
})

describe('packaging fuses (build/electron-builder.yml)', () => {
  // Parsed with the YAML library electron-builder itself reads its config with.
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }
  const config = yaml.load(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')) as Record<string, any>

  it('turns off running as Node, NODE_OPTIONS and inspector flags; encrypts cookies; loads the app only from a verified asar', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
    // onlyLoadAppFromAsar means nothing if the app is not packed into one.
    expect(config['asar']).not.toBe(false)
  })
})
