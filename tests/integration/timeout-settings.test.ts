import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { connectInMemory } from '../../src/main/ipc/memory-transport'
import type { PaneResult } from '../../src/shared/compare'
import { type JuxtaContract, juxtaContract } from '../../src/shared/contract/juxta-contract'
import { LoopbackServer, startSse } from '../support/loopback-server'
import { testServices } from '../support/main-services'
import { ChatStream } from '../support/openai-wire'

// The two stall timeouts are settings: set over the contract as the Settings view sets them,
// they apply to the next answer. A server that says one word and then nothing shows it.

const KEY = 'test-timeouts-abcdefghij'
let vendor: LoopbackServer
let made: Awaited<ReturnType<typeof testServices>>
let connection: ReturnType<typeof connectInMemory<JuxtaContract>>
const client = () => connection.client

beforeAll(async () => {
  vendor = await LoopbackServer.start(async (request, response) => {
    startSse(response)
    response.write(new ChatStream({ model: request.body.model }).role().text('Thinking').toSse({ done: false }))
    // …and then silence, until the client hangs up.
    await new Promise((resolve) => response.once('close', resolve))
  })
  made = await testServices({ env: { TEST_KEY: KEY } })
  made.services.store.profiles.save({ id: 'oa', kind: 'openai', baseURL: `${vendor.url}/v1`, apiKeyEnv: 'TEST_KEY', models: [] })
  connection = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(made.services)))
})

afterAll(async () => {
  connection?.close()
  await made?.dispose()
  await vendor?.close()
})

async function answer(): Promise<PaneResult> {
  const finished = new Promise<PaneResult>((resolve) => {
    const stop = client().on('compare.event', (event) => {
      if (event.type !== 'pane-finished') return
      stop()
      resolve(event.result)
    })
  })
  expect((await client().invoke('compare.start', { prompt: 'Think', panes: [{ id: 'a', model: 'oa:gpt-4o-mini' }] })).ok).toBe(true)
  return finished
}

describe('the stall timeout settings', () => {
  it('default to 180 s for the first token and 90 s of silence, and refuse values out of 5–3600 s', async () => {
    expect(await client().invoke('settings.get', {})).toMatchObject({ ok: true, value: { firstEventTimeoutSeconds: 180, idleTimeoutSeconds: 90 } })
    for (const value of [0, 4, 3601, 2.5, -1, null]) {
      expect(await client().invoke('settings.set', { key: 'idleTimeoutSeconds', value } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
  })

  it('end a stalled answer after the saved silence, keeping its text', { timeout: 30_000 }, async () => {
    expect(await client().invoke('settings.set', { key: 'idleTimeoutSeconds', value: 5 })).toMatchObject({ ok: true, value: { idleTimeoutSeconds: 5 } })
    const result = await answer()
    expect(result).toMatchObject({ status: 'error', text: 'Thinking', error: { kind: 'timeout', message: 'Timed out: the stream stalled for 5 s' } })
  })
})
