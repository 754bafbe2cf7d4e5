import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { connectInMemory } from '../../src/main/ipc/memory-transport'
import type { RunEvent } from '../../src/shared/compare'
import { type JuxtaContract, juxtaContract } from '../../src/shared/contract/juxta-contract'
import { LoopbackServer, startSse, writeInPieces } from '../support/loopback-server'
import { testServices } from '../support/main-services'
import { ChatStream, usage } from '../support/openai-wire'

// A comparison through the typed contract, as the window makes it: compare.start, then the
// run's compare.event stream, on the app's real services and a loopback OpenAI-style server.

const KEY = 'sk-test-contract-abcdefghij'
let vendor: LoopbackServer
let dir: string
let made: Awaited<ReturnType<typeof testServices>>

beforeAll(async () => {
  vendor = await LoopbackServer.start(async (request, response) => {
    const body = new ChatStream({ model: request.body.model }).role().text('Hello', ' from ', request.body.model).finish('stop').usage(usage(12, 4)).toSse()
    startSse(response)
    await writeInPieces(response, body, { maxPieceBytes: 16 })
  })
  dir = await mkdtemp(join(tmpdir(), 'juxta-compare-contract-'))
  const profilesFile = join(dir, 'profiles.json')
  await writeFile(
    profilesFile,
    JSON.stringify({ profiles: [{ id: 'oa', kind: 'openai', baseURL: `${vendor.url}/v1`, apiKeyEnv: 'TEST_KEY', models: [] }] })
  )
  made = await testServices({ env: { TEST_KEY: KEY }, profilesFile })
})

afterAll(async () => {
  await made?.dispose()
  await vendor?.close()
  await rm(dir, { recursive: true, force: true })
})

function connect() {
  return connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(made.services)))
}

describe('compare over the contract', () => {
  it('streams two panes to the caller as tagged events, ends each with its result, and saves the run', async () => {
    const { client, close } = connect()
    const events: RunEvent[] = []
    const finished = new Promise<void>((resolve) => {
      client.on('compare.event', (event) => {
        events.push(event)
        if (events.filter((e) => e.type === 'pane-finished').length === 2) resolve()
      })
    })
    const started = await client.invoke('compare.start', {
      prompt: 'Say hello',
      panes: [
        { id: 'left', model: 'oa:gpt-4o-mini' },
        { id: 'right', model: 'oa:gpt-4.1-nano', parameters: { temperature: 0.2 } }
      ]
    })
    expect(started.ok).toBe(true)
    if (!started.ok) return
    await finished
    close()

    expect(events.every((event) => event.runId === started.value.runId)).toBe(true)
    for (const [paneId, model] of [['left', 'gpt-4o-mini'], ['right', 'gpt-4.1-nano']] as const) {
      const mine = events.filter((event) => event.paneId === paneId)
      const text = mine.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('')
      expect(text).toBe(`Hello from ${model}`)
      const end = mine.at(-1)!
      expect(end.type).toBe('pane-finished')
      if (end.type !== 'pane-finished') return
      expect(end.result).toMatchObject({ status: 'done', text: `Hello from ${model}`, finishReason: 'stop' })
      expect(end.result.usage).toMatchObject({ inputTokens: 12, outputTokens: 4, estimated: false })
    }
    // The key went to the vendor, and nowhere the window can see.
    expect(vendor.requests.every((request) => request.headers.authorization === `Bearer ${KEY}`)).toBe(true)
    expect(JSON.stringify(events)).not.toContain(KEY)
    const saved = made.services.store.listConversations({})
    expect(saved[0]).toMatchObject({ title: 'Say hello', turnCount: 1, models: ['oa:gpt-4o-mini', 'oa:gpt-4.1-nano'] })
  })

  it('answers bad input and unknown runs with error values, and keeps serving', async () => {
    const { client, close } = connect()
    const tooMany = await client.invoke('compare.start', {
      prompt: 'x',
      panes: Array.from({ length: 17 }, (_, n) => ({ id: `p${n}`, model: 'oa:gpt-4o-mini' }))
    })
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const noProfile = await client.invoke('compare.start', { prompt: 'x', panes: [{ id: 'a', model: 'nope:gpt-4o' }] })
    expect(noProfile.ok).toBe(false)
    const unknownRun = await client.invoke('compare.retry', { runId: 'no-such-run', paneId: 'a' })
    expect(unknownRun).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await client.invoke('compare.stop', { runId: 'no-such-run' })).toEqual({ ok: true, value: false })
    expect((await client.invoke('app.info', {})).ok).toBe(true)
    close()
  })
})
