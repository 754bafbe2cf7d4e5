import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll } from 'vitest'

/**
 * The app as `npm run build` makes it, built into a folder of its own for one test file.
 * Never out/: tests/build/bundles.test.ts rebuilds that in parallel, and a half-written
 * bundle would make another test flaky. The folder mimics the checkout where it matters:
 * out/main/cli.js reads ../../package.json, and the bundles import their dependencies from
 * node_modules, so both sit beside out/ (the second as a link to the real one).
 */
export interface BuiltApp {
  /** The `juxta` command: node CLI web …  */
  cli: string
  /** The Electron main process entry. */
  mainEntry: string
  /** The page and its assets. */
  rendererDir: string
  dispose(): Promise<void>
}

const root = join(import.meta.dirname, '../..')

export async function buildApp(): Promise<BuiltApp> {
  const dir = await mkdtemp(join(tmpdir(), 'juxta-built-'))
  await copyFile(join(root, 'package.json'), join(dir, 'package.json'))
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const out = join(dir, 'out')
  try {
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'error'],
      { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }
    )
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  return {
    cli: join(out, 'main/cli.js'),
    mainEntry: join(out, 'main/index.js'),
    rendererDir: join(out, 'renderer'),
    dispose: () => rm(dir, { recursive: true, force: true })
  }
}

/**
 * For a test file: the app built once before its tests, and a scratch folder for them; both
 * removed after. Read them inside tests and hooks (they exist only once beforeAll has run).
 */
export function useBuiltApp(prefix: string): { app: () => BuiltApp; dir: () => string } {
  let app: BuiltApp | undefined
  let dir: string | undefined
  beforeAll(async () => {
    app = await buildApp()
    dir = await mkdtemp(join(tmpdir(), prefix))
  }, 120_000)
  afterAll(async () => {
    await app?.dispose()
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  return { app: () => app!, dir: () => dir! }
}

/**
 * An environment for a child process that cannot reach the machine's keychain (a D-Bus
 * address that does not exist): keys set in it live only in its memory, never in the
 * keyring of whoever runs the tests. Nothing else of the parent's environment leaks in.
 */
export function isolatedEnv(dataDir: string, home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/juxta-test-bus',
    JUXTA_DATA_DIR: dataDir,
    ...extra
  }
}
