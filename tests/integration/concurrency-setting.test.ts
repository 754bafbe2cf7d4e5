import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { connectInMemory } from '../../src/main/ipc/memory-transport'
import type { RunEvent } from '../../src/shared/compare'
import { type JuxtaContract, juxtaContract } from '../../src/shared/contract/juxta-contract'
import { LoopbackServer, startSse, writeInPieces } from '../support/loopback-server'
import { testServices } from '../support/main-services'
import { ChatStream, usage } from '../support/openai-wire'

// The concurrencyPerEndpoint setting, set over the contract as the Settings view sets it, limits
// the next run's requests to one endpoint; null lifts the limit.

const KEY = 'sk-test-concurrency-abcdefghij'
let vendor: LoopbackServer
let made: Awaited<ReturnType<typeof testServices>>
let inFlight = 0
let mostInFlight = 0

beforeAll(async () => {
  vendor = await LoopbackServer.start(async (request, response) => {
    inFlight++
    mostInFlight = Math.max(mostInFlight, inFlight)
    // In flight until the connection is done with, however it ends.
    response.once('close', () => inFlight--)
    const body = new ChatStream({ model: request.body.model }).role().text('Hi').finish('stop').usage(usage(3, 1)).toSse()
    startSse(response)
    await writeInPieces(response, body, { maxPieceBytes: 8, pauseMs: 5 })
  })
  made = await testServices({ env: { TEST_KEY: KEY } })
  made.services.store.profiles.save({ id: 'oa', kind: 'openai', baseURL: `${vendor.url}/v1`, apiKeyEnv: 'TEST_KEY', models: [] })
})

afterAll(async () => {
  await made?.dispose()
  await vendor?.close()
})

async function run(client: ReturnType<typeof connectInMemory<JuxtaContract>>['client']): Promise<RunEvent[]> {
  const events: RunEvent[] = []
  const finished = new Promise<void>((resolve) => {
    client.on('compare.event', (event) => {
      events.push(event)
      if (events.filter((e) => e.type === 'pane-finished').length === 3) resolve()
    })
  })
  const started = await client.invoke('compare.start', {
    prompt: 'Say hi',
    panes: ['a', 'b', 'c'].map((id) => ({ id, model: 'oa:gpt-4o-mini' }))
  })
  expect(started.ok).toBe(true)
  await finished
  return events
}

describe('the concurrencyPerEndpoint setting', () => {
  it('defaults to no limit, refuses values that are not a whole number from 1 to 64', async () => {
    const { client, close } = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(made.services)))
    const settings = await client.invoke('settings.get', {})
    expect(settings).toMatchObject({ ok: true, value: { concurrencyPerEndpoint: null } })
    for (const value of [0, -1, 1.5, 65, '2']) {
      expect(await client.invoke('settings.set', { key: 'concurrencyPerEndpoint', value } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    expect(await client.invoke('settings.set', { key: 'concurrencyPerEndpoint', value: 4 })).toMatchObject({ ok: true, value: { concurrencyPerEndpoint: 4 } })
    expect(await client.invoke('settings.set', { key: 'concurrencyPerEndpoint', value: null })).toMatchObject({ ok: true, value: { concurrencyPerEndpoint: null } })
    close()
  })

  it('applies to the next run without a restart: 1 queues panes, null lets them all go', async () => {
    const { client, close } = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(made.services)))
    expect((await client.invoke('settings.set', { key: 'concurrencyPerEndpoint', value: 1 })).ok).toBe(true)
    const limited = await run(client)
    // One pane goes, two wait their turn.
    expect(limited.filter((event) => event.type === 'status' && event.status === 'queued').map((event) => event.paneId)).toEqual(['b', 'c'])

    expect((await client.invoke('settings.set', { key: 'concurrencyPerEndpoint', value: null })).ok).toBe(true)
    mostInFlight = 0
    const free = await run(client)
    expect(free.filter((event) => event.type === 'status' && event.status === 'queued')).toHaveLength(0)
    expect(mostInFlight).toBe(3)
    close()
  })
})
