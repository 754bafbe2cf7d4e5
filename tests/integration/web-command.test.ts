import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { UsageError } from '../../src/main/cli/cli-io'
import { type WebCommandContext, runWebCommand } from '../../src/main/cli/web-command'
import { ConfigError } from '../../src/main/config/profiles-file'
import { recordingIO } from '../support/fake-cli-io'
import { testServices } from '../support/main-services'

// `juxta web` in-process: the real services and server; stopping is a promise the test settles.

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function rendererDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'juxta-web-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Juxta</title>')
  return dir
}

function context(renderer: string, opened: string[]): WebCommandContext & { stop: () => void } {
  let stop = (): void => {}
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  return {
    rendererDir: renderer,
    services: async (profilesFile) => {
      const made = await testServices(profilesFile === undefined ? {} : { profilesFile })
      // The command closes the services; the folder is the test's to remove.
      cleanups.push(() => rm(made.dataDir, { recursive: true, force: true }))
      return made.services
    },
    openBrowser: (url) => void opened.push(url),
    stopped,
    stop
  }
}

async function printedUrl(io: ReturnType<typeof recordingIO>): Promise<string> {
  const start = Date.now()
  while (!io.output.stdout.includes('\n')) {
    if (Date.now() - start > 10_000) throw new Error('nothing printed')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)\n$/.exec(io.output.stdout)![1]!
}

describe('juxta web', () => {
  it('prints one line with the page URL, opens it, serves until stopped, then closes', async () => {
    const io = recordingIO()
    const opened: string[] = []
    const ctx = context(await rendererDir(), opened)
    const running = runWebCommand([], io, ctx)
    const url = await printedUrl(io)
    expect(io.output.stdout).toBe(`Juxta is running at ${url}\n`)
    expect(opened).toEqual([url])
    expect(io.output.stderr).toMatch(/^juxta: The system keychain is not available/)

    const page = await fetch(url.replace(/#.*/, ''))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")

    ctx.stop()
    expect(await running).toBe(0)
    await expect(fetch(url.replace(/#.*/, ''))).rejects.toThrow()
  })

  it('--no-open only prints; --port takes the port given', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const io = recordingIO()
    const opened: string[] = []
    const ctx = context(await rendererDir(), opened)
    const running = runWebCommand(['--no-open', '--port', String(free)], io, ctx)
    expect(await printedUrl(io)).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${free}/#token=`))
    expect(opened).toEqual([])
    ctx.stop()
    expect(await running).toBe(0)
  })

  it('refuses a bad port, an unbuilt page and a bad profiles file, before serving anything', async () => {
    const renderer = await rendererDir()
    await expect(runWebCommand(['--port', '70000'], recordingIO(), context(renderer, []))).rejects.toThrow(UsageError)
    await expect(runWebCommand(['--port=-1'], recordingIO(), context(renderer, []))).rejects.toThrow(UsageError)
    await expect(runWebCommand(['--port', '8080.5'], recordingIO(), context(renderer, []))).rejects.toThrow(UsageError)
    await expect(runWebCommand([], recordingIO(), context(join(renderer, 'missing'), []))).rejects.toThrow(/npm run build/)
    const badFile = join(renderer, 'profiles.json')
    await writeFile(badFile, '{"profiles": [{"id": "x", "kind": "gopher"}]}')
    await expect(runWebCommand(['--config', badFile], recordingIO(), context(renderer, []))).rejects.toThrow(ConfigError)
  })

  it('with --config, serves the file’s profiles read-only', async () => {
    const renderer = await rendererDir()
    const file = join(renderer, 'profiles.json')
    await writeFile(file, JSON.stringify({ profiles: [{ id: 'oa', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1' }] }))
    const io = recordingIO()
    const ctx = context(renderer, [])
    const running = runWebCommand(['--no-open', '--config', file], io, ctx)
    const url = new URL(await printedUrl(io))
    const ws = new WebSocket(`ws://${url.host}/ws?token=${url.hash.replace('#token=', '')}`, { origin: url.origin })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    const answers = new Map<number, unknown>()
    ws.on('message', (data) => {
      const message = JSON.parse(String(data))
      answers.set(message.id, message.result)
    })
    ws.send(JSON.stringify({ type: 'invoke', id: 1, route: 'profiles.list', input: {} }))
    ws.send(JSON.stringify({ type: 'invoke', id: 2, route: 'profiles.delete', input: { id: 'oa' } }))
    while (answers.size < 2) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(answers.get(1)).toMatchObject({ ok: true, value: { source: 'file', readOnly: true, profiles: [{ id: 'oa' }] } })
    expect(answers.get(2)).toMatchObject({ ok: false, error: { code: 'unavailable', message: `profiles come from ${file}; edit that file to change them` } })
    ws.close()
    ctx.stop()
    expect(await running).toBe(0)
  })
})
