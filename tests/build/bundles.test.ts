import { execFile } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

// `npm run build` must produce the three bundles without the Electron binary, and each must
// be loadable where Electron will put it.
const root = join(import.meta.dirname, '../..')
const out = join(root, 'out')

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
  })
}, 120_000)

describe('electron-vite build', () => {
  it('builds the juxta command, which runs with its tokenizer worker from the bundle', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/juxta.js'), 'estimate', '--json', '--model', 'openai:gpt-4o', 'hello world'],
      { cwd: root, env: { ...process.env, JUXTA_DATA_DIR: join(out, 'no-data-dir') } }
    )
    const estimate = JSON.parse(stdout)
    // 3 per message + "user" + "hello world" (2) + 3 to prime the reply.
    expect(estimate.panes[0]).toMatchObject({ model: 'openai:gpt-4o', inputTokens: 9, exact: true, method: 'tiktoken' })
  })

  it('writes the main process as an ES module that imports electron rather than bundling it', async () => {
    const main = await readFile(join(out, 'main/index.js'), 'utf8')
    expect(main).toMatch(/from "electron"/)
    expect(main).toContain('contextIsolation: true')
    expect(main).toContain('sandbox: true')
    expect(main).toContain('nodeIntegration: false')
  })

  it('writes the preload as one CommonJS file that needs nothing but electron (it runs sandboxed)', async () => {
    const preload = await readFile(join(out, 'preload/index.cjs'), 'utf8')
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])
    expect(required).toEqual(['electron'])
    expect(preload).not.toMatch(/^\s*import\s/m)
  })

  it('writes the renderer page with a strict Content-Security-Policy and its assets', async () => {
    const html = await readFile(join(out, 'renderer/index.html'), 'utf8')
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-eval')
    const assets = await readdir(join(out, 'renderer/assets'))
    expect(assets.some((name) => name.endsWith('.js'))).toBe(true)
    for (const src of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) {
      expect(assets).toContain(src[1]!.replace('assets/', ''))
    }
  })
})
