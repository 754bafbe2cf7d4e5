import { z } from 'zod'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MASKED_HEADER_VALUE } from '../../src/main/config/masked-headers'
import { type Handlers, createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { connectInMemory } from '../../src/main/ipc/memory-transport'
import { RouteError } from '../../src/main/ipc/route-error'
import type { MainServices } from '../../src/main/services'
import type { ContractClient } from '../../src/shared/contract/client'
import { defineContract, event, route } from '../../src/shared/contract/define'
import { type JuxtaContract, MAX_PANES, MAX_PROMPT_CHARS, juxtaContract } from '../../src/shared/contract/juxta-contract'
import { ROUTE_NAMES } from '../../src/shared/contract/names'
import type { Result } from '../../src/shared/contract/result'
import type { ProviderProfile } from '../../src/shared/profiles'
import { LoopbackServer } from '../support/loopback-server'
import { TEST_VERSION, testServices } from '../support/main-services'
import { seedConversation } from '../support/store'

// The whole contract over the in-memory transport (structured-cloned messages, delivered on a
// later task, as across a process boundary), against the real services on a temporary data dir.

const KEY = 'sk-test-ContractabcdSECRET'
const HEADER_SECRET = 'Bearer gw-token-0123456789abcdefHEADERSECRET'

let services: MainServices
let dispose: () => Promise<void>
let client: ContractClient<JuxtaContract>
let closeConnection: () => void
const servers: LoopbackServer[] = []

beforeEach(async () => {
  ;({ services, dispose } = await testServices())
  const connection = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(services)))
  client = connection.client
  closeConnection = connection.close
})

afterEach(async () => {
  closeConnection()
  for (const server of servers.splice(0)) await server.close()
  await dispose()
})

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.error)}`)
  return result.value
}

/** An OpenAI-compatible server whose /models answers with these ids, or refuses the key (echoing it, as some do). */
async function modelsServer(ids: string[], refuse = false): Promise<LoopbackServer> {
  const server = await LoopbackServer.start((request, response) => {
    if (refuse) {
      response.writeHead(401, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${request.headers.authorization}`, type: 'invalid_request_error', code: 'invalid_api_key' } }))
      return
    }
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'test' })) }))
  })
  servers.push(server)
  return server
}

function profileAt(id: string, baseURL: string): ProviderProfile {
  return { id, kind: 'openai', name: id, baseURL: `${baseURL}/v1`, models: [{ id: 'gpt-4o-mini' }] }
}

describe('contract: typed round trips on the real services', () => {
  it('app.info: the version and the notices (here: keys kept for the session only)', async () => {
    const info = value(await client.invoke('app.info', {}))
    expect(info.version).toBe(TEST_VERSION)
    expect(info.notices.join(' ')).toMatch(/system keychain is not available/)
  })

  it('profiles: presets until one is saved; save, list, delete; a credential header is masked and kept', async () => {
    expect(value(await client.invoke('profiles.list', {}))).toMatchObject({ source: 'presets', readOnly: false })
    expect(value(await client.invoke('profiles.presets', {})).map((preset) => preset.id)).toContain('openai')

    const profile: ProviderProfile = {
      ...profileAt('gw', 'http://127.0.0.1:9'),
      headers: { Authorization: HEADER_SECRET, 'X-Title': 'Juxta' }
    }
    const saved = value(await client.invoke('profiles.save', { profile }))
    expect(saved.headers).toEqual({ Authorization: MASKED_HEADER_VALUE, 'X-Title': 'Juxta' })
    const list = value(await client.invoke('profiles.list', {}))
    expect(list).toMatchObject({ source: 'saved', profiles: [{ id: 'gw', headers: { Authorization: MASKED_HEADER_VALUE } }] })

    // The window edits the name and sends the masked header back: the saved value stays.
    value(await client.invoke('profiles.save', { profile: { ...list.profiles[0]!, name: 'Gateway' } }))
    expect(services.store.profiles.get('gw')).toMatchObject({ name: 'Gateway', headers: { Authorization: HEADER_SECRET } })

    expect(value(await client.invoke('profiles.delete', { id: 'gw' }))).toBeNull()
    const again = await client.invoke('profiles.delete', { id: 'gw' })
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('settings: get the defaults, set one, refuse a value its schema does not allow', async () => {
    expect(value(await client.invoke('settings.get', {})).theme).toBe('system')
    expect(value(await client.invoke('settings.set', { key: 'theme', value: 'dark' })).theme).toBe('dark')
    expect(services.store.settings.get('theme')).toBe('dark')
    const wrong = await client.invoke('settings.set', { key: 'theme', value: 'purple' } as never)
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(services.store.settings.get('theme')).toBe('dark')
  })

  it('keys: set, status, test and delete, never returning the key', async () => {
    const server = await modelsServer(['gpt-4o-mini', 'gpt-4o'])
    value(await client.invoke('profiles.save', { profile: profileAt('oa', server.url) }))

    const set = value(await client.invoke('keys.set', { profileId: 'oa', key: KEY }))
    expect(set.status).toEqual({ profileId: 'oa', hasKey: true, source: 'session', lastFour: 'CRET' })
    expect(set.backend.kind).toBe('session')
    expect(value(await client.invoke('keys.status', {})).statuses).toEqual([set.status])
    expect(value(await client.invoke('keys.test', { profileId: 'oa' }))).toEqual({ ok: true, models: 2 })
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`)

    const removed = value(await client.invoke('keys.delete', { profileId: 'oa' }))
    expect(removed).toMatchObject({ removed: true, status: { hasKey: false } })
    expect(await client.invoke('keys.status', { profileIds: ['nope'] })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await client.invoke('keys.set', { profileId: 'oa', key: 'has a space' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/space/) }
    })
  })

  it('models.list: the endpoint’s models with the profile’s key; a failure is a value', async () => {
    const server = await modelsServer(['llama3.1:8b'])
    value(await client.invoke('profiles.save', { profile: profileAt('local', server.url) }))
    expect(value(await client.invoke('models.list', { profileId: 'local' }))).toEqual([
      { id: 'llama3.1:8b', ownedBy: 'test', createdAt: '2023-11-14T22:13:20.000Z' }
    ])
    expect(await client.invoke('models.list', { profileId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('estimate.prompt: per pane, counted by the real worker; an unknown profile is not_found', async () => {
    value(await client.invoke('profiles.save', { profile: profileAt('oa', 'http://127.0.0.1:9') }))
    const estimate = value(await client.invoke('estimate.prompt', { prompt: 'hello world', panes: [{ model: 'oa:gpt-4o-mini', maxTokens: 100 }] }))
    expect(estimate.panes[0]).toMatchObject({ model: 'oa:gpt-4o-mini', inputTokens: 9, exact: true, maxOutputTokens: 100 })
    expect(await client.invoke('estimate.prompt', { prompt: 'x', panes: [{ model: 'zz:gpt-4o' }] })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'no profile "zz"' }
    })
  })

  it('estimate.prompt: a window typing fast sends Anthropic one count_tokens, for its last draft; the earlier estimates are replaced', async () => {
    const counts: string[] = []
    const server = await LoopbackServer.start((request, response) => {
      counts.push(request.body.messages.at(-1).content[0].text)
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ input_tokens: 40 + counts.length }))
    })
    servers.push(server)
    value(await client.invoke('profiles.save', { profile: { id: 'an', kind: 'anthropic', baseURL: server.url, models: [{ id: 'claude-haiku-4-5' }] } }))
    value(await client.invoke('keys.set', { profileId: 'an', key: 'test-count-debounce-0123456789' }))
    const panes = [{ model: 'an:claude-haiku-4-5' }]
    const typed = ['H', 'He', 'Hel', 'Hello'].map((prompt) => client.invoke('estimate.prompt', { prompt, panes }))
    const answers = await Promise.all(typed)
    expect(answers.slice(0, 3)).toEqual(Array(3).fill({ ok: false, error: { code: 'unavailable', message: 'a newer estimate replaced this one' } }))
    expect(value(answers[3]!).panes[0]).toMatchObject({ inputTokens: 41, exact: true })
    expect(counts).toEqual(['Hello'])
  })

  it('estimate.prompt: an edit of a draft this window sent gives the estimate of the edited prompt; an unknown draft is not_found', async () => {
    value(await client.invoke('profiles.save', { profile: profileAt('oa', 'http://127.0.0.1:9') }))
    const panes = [{ model: 'oa:gpt-4o-mini' }]
    const whole = (prompt: string) => client.invoke('estimate.prompt', { prompt, panes })
    value(await client.invoke('estimate.prompt', { prompt: 'hello world', draft: 7, panes }))
    const edited = value(await client.invoke('estimate.prompt', { edit: { base: 7, from: 5, to: 5, insert: ' there, big' }, draft: 8, panes }))
    expect(edited.panes[0]!.inputTokens).toBe(value(await whole('hello there, big world')).panes[0]!.inputTokens)
    // An edit of an edit, and of an older draft still kept.
    const again = value(await client.invoke('estimate.prompt', { edit: { base: 8, from: 0, to: 5, insert: 'goodbye' }, draft: 9, panes }))
    expect(again.panes[0]!.inputTokens).toBe(value(await whole('goodbye there, big world')).panes[0]!.inputTokens)
    expect((await client.invoke('estimate.prompt', { edit: { base: 7, from: 0, to: 0, insert: 'oh ' }, draft: 10, panes })).ok).toBe(true)

    const refused = { ok: false, error: { code: 'not_found', message: 'the draft this edit applies to is not known here; send the whole prompt' } }
    expect(await client.invoke('estimate.prompt', { edit: { base: 99, from: 0, to: 0, insert: 'x' }, draft: 11, panes })).toMatchObject(refused)
    expect(await client.invoke('estimate.prompt', { edit: { base: 9, from: 3, to: 500, insert: 'x' }, draft: 11, panes })).toMatchObject(refused)
    // Drafts belong to the window that sent them.
    const other = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(services)))
    expect(await other.client.invoke('estimate.prompt', { edit: { base: 9, from: 0, to: 0, insert: 'x' }, draft: 12, panes })).toMatchObject(refused)
    other.close()

    for (const input of [
      { prompt: 'x', edit: { base: 9, from: 0, to: 0, insert: 'x' }, draft: 13, panes },
      { edit: { base: 9, from: 0, to: 0, insert: 'x' }, panes },
      { panes },
      { edit: { base: 9, from: -1, to: 0, insert: 'x' }, draft: 13, panes }
    ]) {
      expect(await client.invoke('estimate.prompt', input as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
  })

  it('history: list, get, rename, export both ways, import, delete', async () => {
    const id = seedConversation(services.store, 'Explain quicksort', ['Divide and conquer.', 'Pick a pivot.'])
    expect(value(await client.invoke('history.list', {})).map((row) => row.id)).toEqual([id])
    expect(value(await client.invoke('history.list', { search: 'pivot', limit: 5 }))[0]!.match?.source).toBe('response')
    expect(value(await client.invoke('history.get', { id })).turns[0]!.responses).toHaveLength(2)
    expect(value(await client.invoke('history.rename', { id, title: 'Sorting' })).title).toBe('Sorting')
    expect(value(await client.invoke('history.exportMarkdown', { id }))).toContain('Pick a pivot.')

    const json = value(await client.invoke('history.exportJson', { id }))
    const imported = value(await client.invoke('history.import', { text: json }))
    expect(imported.id).not.toBe(id)
    expect(value(await client.invoke('history.get', { id: imported.id })).title).toBe('Sorting')

    expect(value(await client.invoke('history.delete', { id }))).toBeNull()
    expect(await client.invoke('history.get', { id })).toMatchObject({ ok: false, error: { code: 'not_found', message: `no conversation ${id}` } })
    expect(await client.invoke('history.import', { text: '{"not": "an export"}' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

describe('contract: bad input is refused as a value, and the service still answers', () => {
  const huge = 'x'.repeat(MAX_PROMPT_CHARS + 1)
  const pane = { model: 'openai:gpt-4o' }
  const cases: Array<[string, string, unknown]> = [
    ['an unknown field', 'app.info', { extra: 1 }],
    ['null instead of an object', 'app.info', null],
    ['a string instead of an object', 'history.list', 'all'],
    ['an id as a string', 'history.get', { id: '1' }],
    ['a negative id', 'history.get', { id: -1 }],
    ['a fractional id', 'history.get', { id: 1.5 }],
    ['NaN', 'history.get', { id: Number.NaN }],
    ['Infinity', 'history.list', { limit: Number.POSITIVE_INFINITY }],
    ['a negative limit', 'history.list', { limit: -5 }],
    ['a limit too large', 'history.list', { limit: 1e9 }],
    ['a prompt over 2 MB', 'estimate.prompt', { prompt: huge, panes: [pane] }],
    ['10,000 panes', 'estimate.prompt', { prompt: 'hi', panes: Array.from({ length: 10_000 }, () => pane) }],
    [`${MAX_PANES + 1} panes`, 'estimate.prompt', { prompt: 'hi', panes: Array.from({ length: MAX_PANES + 1 }, () => pane) }],
    ['no panes', 'estimate.prompt', { prompt: 'hi', panes: [] }],
    ['a model without a profile', 'estimate.prompt', { prompt: 'hi', panes: [{ model: 'gpt-4o' }] }],
    ['negative max tokens', 'estimate.prompt', { prompt: 'hi', panes: [{ ...pane, maxTokens: -1 }] }],
    ['__proto__ as a field', 'history.get', JSON.parse('{"id": 1, "__proto__": {"polluted": true}}')],
    ['constructor as a field', 'history.get', { id: 1, constructor: { prototype: { polluted: true } } }],
    ['__proto__ as a header name', 'profiles.save', { profile: JSON.parse('{"id":"p","kind":"openai","headers":{"__proto__":"x"}}') }],
    ['a nested __proto__', 'settings.set', JSON.parse('{"key":"defaultPanes","value":[{"__proto__":{"polluted":true}}]}')],
    ['a path as a profile id', 'keys.set', { profileId: '../../etc/passwd', key: 'sk-abc' }],
    ['a huge key', 'keys.set', { profileId: 'oa', key: 'k'.repeat(100_000) }],
    ['a huge profile id', 'keys.delete', { profileId: 'a'.repeat(10_000) }],
    ['an unknown setting', 'settings.set', { key: 'nope', value: 1 }],
    ['a setting of the wrong type', 'settings.set', { key: 'showReasoning', value: 'yes' }],
    ['a huge search', 'history.list', { search: huge }],
    ['an import over 16 MB', 'history.import', { text: 'x'.repeat(16 * 1024 * 1024 + 1) }],
    ['a profile of the wrong kind', 'profiles.save', { profile: { id: 'p', kind: 'gopher' } }],
    ['a BigInt', 'history.get', { id: 1n }],
    ['a BigInt deep in a profile', 'profiles.save', { profile: { id: 'p', kind: 'openai', models: [{ id: 'm', contextWindow: 5n }] } }],
    [
      'a cycle',
      'settings.set',
      (() => {
        const value: unknown[] = []
        value.push(value)
        return { key: 'defaultPanes', value }
      })()
    ],
    [
      'an object referring to itself twice at every level',
      'history.get',
      (() => {
        const knot: Record<string, unknown> = {}
        knot['a'] = knot
        knot['b'] = knot
        return { id: 1, knot }
      })()
    ]
  ]

  it.each(cases)('refuses %s (%s)', async (_what, name, input) => {
    const result = await client.invoke(name as 'app.info', input as never)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    if (!result.ok) expect(result.error.message.length).toBeLessThan(10_000)
    expect(value(await client.invoke('app.info', {})).version).toBe(TEST_VERSION)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('refuses routes that are not in the contract, inherited names included', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      expect(await client.invoke(name as 'app.info', {})).toMatchObject({ ok: false, error: { code: 'unknown_route' } })
    }
  })

  it('answers many bad calls at once without falling over', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) => client.invoke('history.get', { id: index % 2 ? -index : ('x' as never) }))
    )
    expect(results.every((result) => !result.ok && result.error.code === 'invalid_input')).toBe(true)
    expect((await client.invoke('settings.get', {})).ok).toBe(true)
  })
})

describe('contract: no secret in any response', () => {
  it('a key set, then every route called: the key appears in none of the answers', async () => {
    const good = await modelsServer(['gpt-4o-mini'])
    const echoing = await modelsServer([], true)
    value(await client.invoke('profiles.save', { profile: profileAt('oa', good.url) }))
    value(await client.invoke('profiles.save', { profile: { ...profileAt('bad', echoing.url), headers: { 'x-api-key': HEADER_SECRET } } }))
    const id = seedConversation(services.store, 'hello', ['one', 'two'])

    const answers: unknown[] = []
    const call = async (name: string, input: unknown): Promise<void> => {
      answers.push(await client.invoke(name as 'app.info', input as never))
    }
    await call('keys.set', { profileId: 'oa', key: KEY })
    await call('keys.set', { profileId: 'bad', key: KEY })
    // A key refused for its shape is not echoed back either.
    await call('keys.set', { profileId: 'oa', key: `${KEY} ` })
    await call('keys.set', { profileId: KEY, key: KEY })
    for (const name of ['app.info', 'profiles.list', 'profiles.presets', 'settings.get', 'keys.status']) await call(name, {})
    for (const profileId of ['oa', 'bad']) {
      await call('keys.test', { profileId })
      await call('models.list', { profileId })
    }
    await call('estimate.prompt', { prompt: 'hi', panes: [{ model: 'oa:gpt-4o-mini' }, { model: 'bad:gpt-4o-mini' }] })
    for (const name of ['history.get', 'history.exportMarkdown', 'history.exportJson']) await call(name, { id })
    await call('history.list', { search: 'hello' })
    await call('keys.delete', { profileId: 'bad' })

    // The echoing server really did receive the key and send it back.
    expect(echoing.requests.length).toBeGreaterThan(0)
    expect(answers).toHaveLength(19)
    expect(answers.filter((answer) => (answer as Result<unknown>).ok).length).toBeGreaterThan(10)
    const text = JSON.stringify(answers)
    expect(text).not.toContain(KEY)
    expect(text).not.toContain(KEY.slice(0, 20))
    expect(text).not.toContain('HEADERSECRET')
    expect(text).toContain('CRET') // the last four, which is all the window may know
  })
})

// A small contract of its own, to test the transport and dispatcher without Juxta's routes.
const testContract = defineContract({
  routes: {
    echo: route(z.strictObject({ text: z.string().max(100) })).returns<{ text: string }>(),
    ping: route(z.strictObject({ times: z.number().int().min(0).max(10) })).returns<number>(),
    broken: route(z.strictObject({})).returns<string>(),
    unclonable: route(z.strictObject({})).returns<unknown>(),
    slow: route(z.strictObject({})).returns<string>(),
    missing: route(z.strictObject({})).returns<null>()
  },
  events: { pong: event<{ n: number }>() }
})
type TestContract = typeof testContract

function testHandlers(log: string[] = []): Handlers<TestContract> {
  return {
    echo: ({ text }) => ({ text }),
    ping: ({ times }, { emit }) => {
      for (let n = 1; n <= times; n++) emit('pong', { n })
      return times
    },
    broken: () => {
      throw new Error(`upstream said: invalid key ${KEY}\n    at secretFunction (/home/me/juxta/src/main/x.ts:1:1)`)
    },
    unclonable: () => () => 'a function cannot cross',
    slow: (_input, { signal }) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          log.push('aborted')
          resolve('late')
        })
      }),
    missing: () => {
      throw new RouteError('not_found', 'no such thing')
    }
  }
}

describe('contract: the generic transport and dispatcher', () => {
  it('a route without a handler, or a handler without a route, does not compile', () => {
    const { echo, ping, broken, unclonable, slow } = testHandlers()
    // @ts-expect-error 'missing' has no handler
    const incomplete: Handlers<TestContract> = { echo, ping, broken, unclonable, slow }
    // @ts-expect-error 'extra' is not a route of the contract
    const excessive: Handlers<TestContract> = { ...testHandlers(), extra: () => null }
    expect([incomplete, excessive]).toHaveLength(2)
    expect(ROUTE_NAMES).toEqual(Object.keys(juxtaContract.routes))
  })

  it('events go to the caller that made the call, not to other connections', async () => {
    const dispatch = createDispatcher(testContract, testHandlers())
    const first = connectInMemory<TestContract>(dispatch)
    const second = connectInMemory<TestContract>(dispatch)
    const seen: Record<string, number[]> = { first: [], second: [] }
    first.client.on('pong', ({ n }) => seen['first']!.push(n))
    second.client.on('pong', ({ n }) => seen['second']!.push(n))
    expect(await first.client.invoke('ping', { times: 3 })).toEqual({ ok: true, value: 3 })
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual({ first: [1, 2, 3], second: [] })
    first.close()
    second.close()
  })

  it('an unexpected failure comes back as a message without the key or the stack; the log gets the stack, redacted', async () => {
    const logged: string[] = []
    const dispatch = createDispatcher(testContract, testHandlers(), { onUnexpectedError: (_route, detail) => logged.push(detail) })
    const { client: test, close } = connectInMemory<TestContract>(dispatch)
    const result = await test.invoke('broken', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'failed' } })
    expect(JSON.stringify(result)).not.toContain(KEY)
    expect(JSON.stringify(result)).not.toContain('secretFunction (/home')
    expect(logged.join('')).not.toContain(KEY)
    expect(await test.invoke('missing', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'no such thing' } })
    expect(await test.invoke('unclonable', {})).toMatchObject({ ok: false, error: { code: 'failed' } })
    expect(await test.invoke('echo', { text: 'still here' })).toEqual({ ok: true, value: { text: 'still here' } })
    close()
  })

  it('closing the connection fails calls in flight as disconnected and aborts their work', async () => {
    const log: string[] = []
    const { client: test, close } = connectInMemory<TestContract>(createDispatcher(testContract, testHandlers(log)))
    const pending = test.invoke('slow', {})
    await new Promise((resolve) => setTimeout(resolve, 10))
    close()
    expect(await pending).toMatchObject({ ok: false, error: { code: 'disconnected' } })
    expect(log).toEqual(['aborted'])
  })
})
