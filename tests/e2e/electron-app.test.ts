import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The desktop app itself, through Playwright's Electron support — where Electron's binary is
// installed. It is downloaded from outside the npm registry the first time Electron runs, so on
// machines that only reach the registry (this project's CI) the binary is absent and this
// project is skipped, saying why. Nothing here may trigger that download: requiring the
// `electron` package would, so the binary is located from the package's own path.txt.

const root = join(import.meta.dirname, '../..')
const electronDir = join(root, 'node_modules', 'electron')
const pathFile = join(electronDir, 'path.txt')
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null
const installed = binary !== null && existsSync(binary)

if (!installed) {
  console.warn(
    'tests/e2e/electron-app.test.ts skipped: the Electron binary is not installed ' +
      '(node_modules/electron/dist is missing; it downloads from GitHub on first run). Browser mode covers the same UI.'
  )
}

describe.skipIf(!installed)('the desktop app (Electron)', () => {
  let app: ElectronApplication
  let dataDir: string

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'juxta-electron-'))
    app = await _electron.launch({
      executablePath: binary!,
      args: [join(root, 'out/main/index.js')],
      env: { ...process.env, JUXTA_DATA_DIR: dataDir }
    })
  }, 60_000)

  afterAll(async () => {
    await app?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('opens the window hardened, and reaches main through the preload bridge', async () => {
    const window = await app.firstWindow()
    await window.getByRole('status').waitFor({ timeout: 20_000 })
    expect(await window.getByRole('status').textContent()).toContain('Electron')
    // The page sees the typed bridge and nothing of Node: context isolation and the sandbox hold.
    const page = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { juxta?: object }).juxta ?? {}).sort()
    }))
    expect(page).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on', 'runtime'] })
    await window.getByRole('textbox', { name: 'Prompt' }).waitFor()
  })
})
