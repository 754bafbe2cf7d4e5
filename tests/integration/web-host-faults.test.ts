import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../src/shared/compare'
import type { ResponseRecord } from '../../src/shared/history'
import { isolatedEnv, useBuiltApp } from '../support/built-app'
import { type ContractSocket, connectContract, valueOf } from '../support/contract-socket'
import { LoopbackServer, pause, startSse } from '../support/loopback-server'
import { ChatStream } from '../support/openai-wire'
import { pollUntil } from '../support/poll'
import { type WebProcess, startWebProcess } from '../support/web-process'

// Process faults of browser mode, for real: the built `juxta web` in its own process, killed
// with SIGKILL (no handler runs) mid-answer, then started again on the same data directory;
// and started on a data file overwritten with garbage. Everything is checked through the
// contract, as the page would see it.

const built = useBuiltApp('juxta-faults-')
const cleanups: Array<() => Promise<unknown>> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A fresh folder in the file's scratch folder (removed with it). */
function tempDir(): Promise<string> {
  return mkdtemp(join(built.dir(), 'run-'))
}

async function startHost(dataDir: string, home: string): Promise<WebProcess> {
  const host = await startWebProcess(built.app().cli, isolatedEnv(dataDir, home))
  cleanups.push(() => host.kill())
  return host
}

async function connect(host: WebProcess): Promise<ContractSocket> {
  const socket = await connectContract(host.url, host.token)
  cleanups.push(() => socket.close())
  return socket
}

/**
 * An OpenAI-compatible server that streams numbered pieces every few milliseconds and never
 * finishes on its own, keeping exactly what it has written.
 */
async function endlessServer(): Promise<{ server: LoopbackServer; sent: () => string }> {
  let sent = ''
  const server = await LoopbackServer.start(async (_request, response: ServerResponse) => {
    startSse(response)
    response.write(new ChatStream().role().toSse({ done: false }))
    for (let index = 0; !response.destroyed && index < 100_000; index++) {
      const piece = `piece ${index} — 日本語; `
      response.write(new ChatStream().text(piece).toSse({ done: false }))
      sent += piece
      await pause(20)
    }
  })
  cleanups.push(() => server.close())
  return { server, sent: () => sent }
}

describe('juxta web killed mid-answer', () => {
  it('after a restart the conversation is there, with the text saved before the kill, marked interrupted', async () => {
    const dataDir = await tempDir()
    const home = await tempDir()
    const { server, sent } = await endlessServer()

    const first = await startHost(dataDir, home)
    const page = await connect(first)
    valueOf(
      await page.client.invoke('profiles.save', {
        profile: { id: 'local', kind: 'openai', baseURL: `${server.url}/v1`, local: true, models: [{ id: 'gpt-4o-mini' }] }
      })
    )
    const streamed: string[] = []
    page.client.on('compare.event', (event: RunEvent) => {
      if (event.type === 'text-delta') streamed.push(event.text)
    })
    const handle = valueOf(
      await page.client.invoke('compare.start', { prompt: 'Count for me, slowly.', panes: [{ id: 'a', model: 'local:gpt-4o-mini' }] })
    )
    const conversationId = handle.conversationId!

    // The store is read through the contract, from the database: once its text has grown past
    // a first save, at least that much must survive the kill.
    const streaming = (detail: { turns: Array<{ responses: ResponseRecord[] }> }): ResponseRecord => detail.turns[0]!.responses[0]!
    const saved = await pollUntil(
      'two saves of the streaming answer',
      async () => streaming(valueOf(await page.client.invoke('history.get', { id: conversationId }))),
      (response) => response.status === 'streaming' && response.text.length > 0 && streamed.join('').length > response.text.length
    )
    const savedBeforeKill = (
      await pollUntil(
        'a later save',
        async () => streaming(valueOf(await page.client.invoke('history.get', { id: conversationId }))),
        (response) => response.text.length > saved.text.length
      )
    ).text

    await first.kill()
    expect((await first.exited).signal).toBe('SIGKILL')
    // The server notices its client is gone: nothing more is sent from here on.
    await server.waitForClientDisconnect(30_000)
    const sentBeforeRestart = sent()

    const second = await startHost(dataDir, home)
    await pollUntil('the notice on stderr', () => second.output().stderr, (stderr) => stderr.includes('One answer was cut off when Juxta last stopped'))
    const reopened = await connect(second)
    const info = valueOf(await reopened.client.invoke('app.info', {}))
    expect(info.notices).toContain('One answer was cut off when Juxta last stopped; the text received until then is kept.')

    const listed = valueOf(await reopened.client.invoke('history.list', {}))
    expect(listed.map((summary) => summary.id)).toEqual([conversationId])
    const response = streaming(valueOf(await reopened.client.invoke('history.get', { id: conversationId })))
    expect(response.status).toBe('interrupted')
    expect(response.text.startsWith(savedBeforeKill)).toBe(true)
    expect(sentBeforeRestart.startsWith(response.text)).toBe(true)
    expect(response.text.length).toBeGreaterThanOrEqual(savedBeforeKill.length)
    // Nothing the server never sent, and a restart does not resend the request.
    expect(server.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1)

    // The restarted host is whole: it answers, and a stop of the old run finds nothing.
    expect(valueOf(await reopened.client.invoke('compare.stop', { runId: handle.runId }))).toBe(false)
    expect(await second.stop()).toEqual({ code: 0, signal: null })
  })
})

describe('juxta web on a damaged data file', () => {
  it('overwritten with garbage: starts, moves the file aside, and app.info tells the user', async () => {
    const dataDir = await tempDir()
    const garbage = Buffer.from('Not a database at all. '.repeat(400))
    writeFileSync(join(dataDir, 'juxta.db'), garbage)

    const host = await startHost(dataDir, await tempDir())
    const page = await connect(host)
    const info = valueOf(await page.client.invoke('app.info', {}))

    const aside = readdirSync(dataDir).filter((name) => /^juxta\.db\.corrupt-\d{8}-\d{6}$/.test(name))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dataDir, aside[0]!)).equals(garbage)).toBe(true)
    const notice = info.notices.find((text) => text.startsWith("Juxta's data file could not be read"))
    expect(notice).toContain(`It was kept as ${join(dataDir, aside[0]!)}`)
    // Also printed for whoever started it (stdout and stderr are separate pipes: it may come later).
    await pollUntil('the notice on stderr', () => host.output().stderr, (stderr) => stderr.includes(notice!))

    // A fresh, working database took its place.
    expect(existsSync(join(dataDir, 'juxta.db'))).toBe(true)
    expect(valueOf(await page.client.invoke('history.list', {}))).toEqual([])
    valueOf(await page.client.invoke('settings.set', { key: 'theme', value: 'dark' }))
    expect(valueOf(await page.client.invoke('settings.get', {})).theme).toBe('dark')
  })
})
