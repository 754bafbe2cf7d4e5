// Runs tests/keychain against a real OS keychain. On Linux that is a private D-Bus session with
// its own gnome-keyring, unlocked with a throwaway password and keeping its files in a temp
// folder, so the tests never touch (or depend on) the user's own login keyring. On macOS and
// Windows the tests use the user's keychain under throwaway account names, removed afterwards.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const INSIDE = 'JUXTA_PRIVATE_KEYRING'
const self = fileURLToPath(import.meta.url)
const root = join(dirname(self), '..')
const args = process.argv.slice(2)

process.exitCode = process.platform === 'linux' && process.env[INSIDE] !== '1' ? runInPrivateKeyring() : runVitest()

function runVitest() {
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
  return statusOf(
    spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.keychain.config.ts', ...args], { cwd: root, stdio: 'inherit' })
  )
}

function runInPrivateKeyring() {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0
  )
  if (missing.length > 0) {
    console.error(
      `test:keychain needs ${missing.join(' and ')} to run a private Secret Service.\n` +
        'On Debian or Ubuntu: sudo apt-get install dbus gnome-keyring'
    )
    return 1
  }
  const dir = mkdtempSync(join(tmpdir(), 'juxta-keyring-'))
  const data = join(dir, 'data')
  const runtime = join(dir, 'run')
  mkdirSync(data, { mode: 0o700 })
  mkdirSync(runtime, { mode: 0o700 })
  // XDG_DATA_HOME holds the keyring files, XDG_RUNTIME_DIR the daemon's control socket. Set for
  // the whole session (the bus too, in case it activates a daemon itself), so a developer's own
  // daemon and login keyring are left alone.
  const script = 'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"; exec "$0" "$@"'
  try {
    const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, process.execPath, self, ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, [INSIDE]: '1', XDG_DATA_HOME: data, XDG_RUNTIME_DIR: runtime }
    })
    return statusOf(result)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function statusOf(result) {
  if (result.error) {
    console.error(`test:keychain: ${result.error.message}`)
    return 1
  }
  return result.status ?? 1
}
