import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { connectInMemory } from '../../src/main/ipc/memory-transport'
import type { MainServices } from '../../src/main/services'
import type { ContractClient } from '../../src/shared/contract/client'
import { type JuxtaContract, juxtaContract } from '../../src/shared/contract/juxta-contract'
import type { Result } from '../../src/shared/contract/result'
import { testServices } from '../support/main-services'
import { seedConversation } from '../support/store'

// The routes the compare view added: the best answer of a turn, and the catalog's facts for the
// model pickers. Over the in-memory transport, on the real services.

let services: MainServices
let dispose: () => Promise<void>
let client: ContractClient<JuxtaContract>
let close: () => void

beforeEach(async () => {
  ;({ services, dispose } = await testServices())
  ;({ client, close } = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(services))))
})

afterEach(async () => {
  close()
  await dispose()
})

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.error)}`)
  return result.value
}

describe('history.markBest', () => {
  it('marks one answer of a turn best, unmarking the others, and unmarks it; an unknown answer is not_found', async () => {
    const id = seedConversation(services.store, 'Which?', ['first answer', 'second answer'])
    const [first, second] = value(await client.invoke('history.get', { id })).turns[0]!.responses
    expect(value(await client.invoke('history.markBest', { responseId: first!.id, best: true }))).toBeNull()
    expect(value(await client.invoke('history.markBest', { responseId: second!.id, best: true }))).toBeNull()
    const best = () => client.invoke('history.get', { id }).then((result) => value(result).turns[0]!.responses.map((response) => response.best))
    expect(await best()).toEqual([false, true])
    value(await client.invoke('history.markBest', { responseId: second!.id, best: false }))
    expect(await best()).toEqual([false, false])
    expect(await client.invoke('history.markBest', { responseId: 999_999, best: true })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await client.invoke('history.markBest', { responseId: -1, best: true } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

describe('models.describe', () => {
  it('gives size, context window and price of each model from the catalog, leaving out unknown profiles', async () => {
    const described = value(await client.invoke('models.describe', { models: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'openai:no-such-model', 'nope:gpt-4o'] }))
    expect(described.map((model) => model.ref)).toEqual(['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'openai:no-such-model'])
    expect(described[0]).toMatchObject({ size: 'small', contextWindow: 128_000, priceSource: { kind: 'catalog' } })
    expect(described[0]!.price?.input).toBeGreaterThan(0)
    expect(described[2]).toMatchObject({ catalogId: null, price: null, priceSource: { kind: 'unknown' } })
    expect(await client.invoke('models.describe', { models: ['not a ref'] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})
