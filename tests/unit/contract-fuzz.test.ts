import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { createHandlers } from '../../src/main/ipc/handlers'
import { connectInMemory } from '../../src/main/ipc/memory-transport'
import type { MainServices } from '../../src/main/services'
import type { ContractClient } from '../../src/shared/contract/client'
import type { RouteInput } from '../../src/shared/contract/define'
import { type JuxtaContract, MAX_IMPORT_CHARS, juxtaContract } from '../../src/shared/contract/juxta-contract'
import { type JuxtaRouteName, ROUTE_NAMES } from '../../src/shared/contract/names'
import { defaultSettings } from '../../src/shared/settings'
import { seededRandom } from '../support/loopback-server'
import { TEST_VERSION, testServices } from '../support/main-services'

// Every route of the contract, fuzzed over the in-memory transport (structured clone, as
// Electron IPC) against the real services: each bad input must come back as invalid_input,
// leave every prototype as it was, and leave the service answering. Routes come from
// ROUTE_NAMES, so a new route is fuzzed without a change here, once it has a valid example
// below (without one this file does not compile).
//
// Random choices are seeded; a failure prints the seed. Replay: JUXTA_FUZZ_SEED=<seed> npx vitest run tests/unit/contract-fuzz.test.ts

const SEED = Number(process.env['JUXTA_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 32))

/** One input each route accepts; the fuzz mutates it. Typed: a route missing here is a compile error. */
const VALID_EXAMPLES: { [N in JuxtaRouteName]: RouteInput<JuxtaContract, N> } = {
  'app.info': {},
  'profiles.list': {},
  'profiles.save': {
    profile: {
      id: 'fuzz',
      kind: 'openai',
      name: 'Fuzz',
      baseURL: 'http://127.0.0.1:9/v1',
      headers: { 'X-Title': 'Juxta' },
      apiKeyEnv: 'FUZZ_API_KEY',
      local: false,
      models: [{ id: 'gpt-4o-mini', size: 'small', contextWindow: 128_000, maxOutputTokens: 16_384, price: { input: 0.15, output: 0.6 }, reasoning: false }]
    }
  },
  'profiles.delete': { id: 'fuzz' },
  'profiles.presets': {},
  'settings.get': {},
  'settings.set': { key: 'concurrencyPerEndpoint', value: 4 },
  'keys.status': { profileIds: ['openai'] },
  'keys.set': { profileId: 'openai', key: 'fuzz-key-0123456789abcdef' },
  'keys.delete': { profileId: 'openai' },
  'keys.test': { profileId: 'openai' },
  'estimate.prompt': { prompt: 'hello', panes: [{ model: 'openai:gpt-4o-mini', system: 'Be brief.', maxTokens: 100 }] },
  'history.list': { search: 'hello', limit: 10 },
  'history.get': { id: 1 },
  'history.rename': { id: 1, title: 'Renamed' },
  'history.delete': { id: 1 },
  'history.exportMarkdown': { id: 1 },
  'history.exportJson': { id: 1 },
  'history.import': { text: '{"format":"juxta"}' },
  'history.markBest': { responseId: 1, best: true },
  'models.list': { profileId: 'openai' },
  'models.describe': { models: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] },
  'local.detect': {},
  'compare.start': {
    prompt: 'Explain quicksort.',
    panes: [
      {
        id: 'a',
        model: 'openai:gpt-4o-mini',
        parameters: { temperature: 0.5, maxTokens: 200, reasoningEffort: 'low', thinkingBudget: 1024 },
        systemPrompt: 'Be brief.',
        history: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello.' }
        ],
        storedPaneId: 3
      }
    ],
    system: 'You are terse.',
    conversationId: 2,
    title: 'Sorting',
    save: true
  },
  'compare.stop': { runId: 'run-1', paneId: 'a' },
  'compare.retry': { runId: 'run-1', paneId: 'a' },
  'compare.continueWith': { from: { conversationId: 1, responseId: 2 } }
}

type Path = Array<string | number>

interface BadInput {
  label: string
  input: unknown
}

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const
/** Names that mean something to JavaScript or to a careless handler, and a few that are merely odd. */
const UNKNOWN_FIELD_NAMES = ['extra', 'then', 'toString', 'hasOwnProperty', 'valueOf', '', '0', 'ünïcødé 🚀', 'id ']
// Every number in the contract is an id, a count, a limit, a price or a temperature: none may
// be negative or non-finite. A route that ever takes such a number must answer this file first.
const NEVER_VALID_NUMBERS: Array<[string, number]> = [
  ['NaN', Number.NaN],
  ['-1', -1],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY]
]
const DEEPER_THAN_ANY_INPUT = 200
const HUGE = 'x'.repeat(MAX_IMPORT_CHARS + 1)
const TEN_THOUSAND = 10_000

/** Values of every kind, for leaves; whether one is wrong where it lands is the schema's to say. */
function oddValues(random: () => number): unknown[] {
  return [
    null,
    undefined,
    true,
    0,
    -0,
    1.5,
    2 ** 53,
    -1e308,
    1n,
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    'javascript:alert(1)',
    '__proto__',
    'x'.repeat(300_000),
    randomText(random),
    [],
    [null],
    {},
    { a: 1 },
    new Date(0),
    new Map([['a', 1]])
  ]
}

function randomText(random: () => number): string {
  const alphabet = ['a', 'Z', '0', ' ', '\n', '\t', '"', "'", '\\', '/', ':', '{', '}', 'é', '日', '🚀', '\u202E', '\u0000', '\uFFFF', '\uD800']
  return Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every place in a value, with what is there: objects, arrays and leaves. */
function places(value: unknown, path: Path = []): Array<{ path: Path; value: unknown }> {
  const found = [{ path, value }]
  if (Array.isArray(value)) value.forEach((item, index) => found.push(...places(item, [...path, index])))
  else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) found.push(...places(item, [...path, key]))
  return found
}

/** A copy of `root` with `change` applied to the container at `path` (the root for []). */
function changedCopy(root: unknown, path: Path, change: (container: Record<string | number, unknown>) => void): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>
  let container = copy
  for (const key of path) container = container[key] as Record<string | number, unknown>
  change(container)
  return copy
}

function replacedAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  return changedCopy(root, path.slice(0, -1), (parent) => (parent[path.at(-1)!] = value))
}

/** An own field, even for "__proto__" (plain assignment would set the prototype instead). */
function withField(root: unknown, path: Path, key: string, value: unknown): unknown {
  return changedCopy(root, path, (container) => Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true }))
}

function nested(depth: number, leaf: unknown, asArrays = false): unknown {
  let value = leaf
  for (let level = 0; level < depth; level++) value = asArrays ? [value] : { a: value }
  return value
}

const where = (path: Path): string => (path.length === 0 ? '(top level)' : path.join('.'))

/** Inputs no route accepts whatever its schema: the wrong shape entirely, or what the dispatcher refuses before any schema. */
function alwaysInvalid(example: unknown): BadInput[] {
  const bad: BadInput[] = [
    ...[null, undefined, true, 0, Number.NaN, -1, Number.POSITIVE_INFINITY, 1n, '', 'all', HUGE, []].map((input) => ({
      label: `the input is ${describeValue(input)}`,
      input
    })),
    { label: 'the input is the example as a JSON string', input: JSON.stringify(example) },
    { label: 'the input is the example in an array', input: [example] },
    { label: `the input is ${TEN_THOUSAND} copies of the example`, input: Array.from({ length: TEN_THOUSAND }, () => example) },
    { label: `${DEEPER_THAN_ANY_INPUT} nested objects`, input: nested(DEEPER_THAN_ANY_INPUT, {}) },
    { label: `${DEEPER_THAN_ANY_INPUT} nested arrays in a field`, input: withField(example, [], 'deep', nested(DEEPER_THAN_ANY_INPUT, 1, true)) }
  ]
  for (const name of UNKNOWN_FIELD_NAMES) bad.push({ label: `an unknown field ${JSON.stringify(name)}`, input: withField(example, [], name, 1) })
  for (const { path, value } of places(example)) {
    if (isPlainObject(value) || Array.isArray(value)) {
      for (const key of FORBIDDEN_KEYS) {
        bad.push({ label: `"${key}" at ${where(path)}`, input: withField(example, path, key, { polluted: true, toString: 'polluted' }) })
      }
    }
    if (path.length > 0) bad.push({ label: `nesting ${DEEPER_THAN_ANY_INPUT} deep at ${where(path)}`, input: replacedAt(example, path, nested(DEEPER_THAN_ANY_INPUT, value)) })
    if (typeof value === 'number') {
      for (const [name, number] of NEVER_VALID_NUMBERS) bad.push({ label: `${name} at ${where(path)}`, input: replacedAt(example, path, number) })
    }
  }
  return bad
}

/**
 * Mutations that may or may not be valid (a nullable field takes null, a list of messages may
 * be long): the route's schema decides which are wrong, and only those are sent.
 */
function maybeInvalid(example: unknown, random: () => number, count: number): BadInput[] {
  const all = places(example).filter(({ path }) => path.length > 0)
  const bad: BadInput[] = []
  for (const { path, value } of all) {
    if (Array.isArray(value) && value.length > 0) {
      bad.push({ label: `${TEN_THOUSAND} copies at ${where(path)}`, input: replacedAt(example, path, Array.from({ length: TEN_THOUSAND }, () => value[0])) })
    }
    if (typeof value === 'string') bad.push({ label: `a string over ${MAX_IMPORT_CHARS} characters at ${where(path)}`, input: replacedAt(example, path, HUGE) })
    if (isPlainObject(value)) bad.push({ label: `an unknown field at ${where(path)}`, input: withField(example, path, pick(random, UNKNOWN_FIELD_NAMES), 1) })
    bad.push({ label: `${where(path)} left out`, input: changedCopy(example, path.slice(0, -1), (parent) => void delete parent[path.at(-1)!]) })
  }
  const values = oddValues(random)
  for (let n = 0; n < count && all.length > 0; n++) {
    const { path } = pick(random, all)
    const value = pick(random, values)
    bad.push({ label: `${describeValue(value)} at ${where(path)}`, input: replacedAt(example, path, value) })
  }
  return bad
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (Array.isArray(value)) return value.length > 40 ? `an array of ${value.length}` : 'an array'
  if (value instanceof Date || value instanceof Map) return `a ${value.constructor.name}`
  return String(value)
}

/** What the schema says, on the value as it arrives (the transport's structured clone). */
function schemaRefuses(route: JuxtaRouteName, input: unknown): boolean {
  try {
    return !juxtaContract.routes[route].input.safeParse(structuredClone(input)).success
  } catch {
    return true // a refinement that throws: the dispatcher refuses that too
  }
}

/** The own names of the prototypes an attack would reach for; none may change. */
function prototypeShapes(): Record<string, string[]> {
  const shapes: Record<string, string[]> = {}
  for (const [name, prototype] of Object.entries({ Object, Array, Function, String, Number, Promise, Error })) {
    shapes[name] = Reflect.ownKeys(prototype.prototype).map(String).sort()
  }
  return shapes
}

function routeSeed(route: string): number {
  let hash = SEED >>> 0
  for (const char of route) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0
  return hash
}

let services: MainServices
let dispose: () => Promise<void>
let client: ContractClient<JuxtaContract>
let closeConnection: () => void
const originalPrototypes = prototypeShapes()
const sentLabels = new Map<string, string[]>()

beforeAll(async () => {
  ;({ services, dispose } = await testServices())
  const connection = connectInMemory<JuxtaContract>(createDispatcher(juxtaContract, createHandlers(services)))
  client = connection.client
  closeConnection = connection.close
})

afterAll(async () => {
  closeConnection?.()
  await dispose?.()
})

beforeEach(() => {
  onTestFailed(() => {
    console.error(`contract fuzz: seed ${SEED}; replay with JUXTA_FUZZ_SEED=${SEED}`)
  })
})

describe(`every route fuzzed (seed ${SEED})`, () => {
  it('has a valid example for every route, accepted by its schema', () => {
    expect(Object.keys(VALID_EXAMPLES).sort()).toEqual([...ROUTE_NAMES].sort())
    for (const route of ROUTE_NAMES) expect(schemaRefuses(route, VALID_EXAMPLES[route]), route).toBe(false)
  })

  it.each([...ROUTE_NAMES])(
    '%s: every bad input is invalid_input; prototypes untouched; the service still answers',
    async (route) => {
      const example = VALID_EXAMPLES[route]
      const random = seededRandom(routeSeed(route))
      const gated = maybeInvalid(example, random, 40).filter(({ input }) => schemaRefuses(route, input))
      const cases = [...alwaysInvalid(example), ...gated]
      sentLabels.set(route, cases.map(({ label }) => label))

      for (const { label, input } of cases) {
        const context = `seed ${SEED}, ${route}: ${label}`
        const result = await client.invoke(route, input as never)
        expect(result, context).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
        if (!result.ok) expect(result.error.message.length, context).toBeLessThan(10_000)
        expect(prototypeShapes(), context).toEqual(originalPrototypes)
        expect((Object.prototype as Record<string, unknown>)['polluted'], context).toBeUndefined()
        expect(await client.invoke('app.info', {}), context).toMatchObject({ ok: true, value: { version: TEST_VERSION } })
      }
    },
    120_000
  )

  it('sent what the issue names: 10,000 panes, huge strings, NaN and negative numbers, prototype keys, deep nesting', () => {
    for (const route of ['compare.start', 'estimate.prompt'] as const) expect(sentLabels.get(route)).toContain(`${TEN_THOUSAND} copies at panes`)
    const all = [...sentLabels.values()].flat()
    for (const expected of [/^NaN at /, /^-1 at /, /^"__proto__" at panes\.0$/, /^nesting 200 deep at /, /^a string over \d+ characters at /]) {
      expect(all.some((label) => expected.test(label)), String(expected)).toBe(true)
    }
  })

  // The fuzz above lets the schema judge nested unknown fields (headers and tool parameters take
  // any name by design); messages and tools are named here because they once dropped them silently.
  it('refuses an unknown field inside a message, a content part, a tool call or a tool, as everywhere else', async () => {
    // save: false: should one get through again, the run it starts leaves nothing behind.
    const run = { prompt: 'x', save: false }
    const pane = { id: 'a', model: 'openai:gpt-4o-mini' }
    const inputs = [
      { ...run, panes: [{ ...pane, history: [{ role: 'user', content: 'Hi', sneaky: true }] }] },
      { ...run, panes: [{ ...pane, history: [{ role: 'user', content: [{ type: 'text', text: 'Hi', sneaky: true }] }] }] },
      { ...run, panes: [{ ...pane, history: [{ role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'f', arguments: {}, sneaky: true }] }] }] },
      { ...run, panes: [pane], tools: [{ name: 'f', parameters: { type: 'object' }, strict: true }] }
    ]
    for (const input of inputs) {
      const result = await client.invoke('compare.start', input as never)
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
  })

  it('changed nothing: no profile, key, setting or conversation came of it', async () => {
    expect(await client.invoke('history.list', {})).toEqual({ ok: true, value: [] })
    expect(await client.invoke('settings.get', {})).toEqual({ ok: true, value: defaultSettings() })
    expect(await client.invoke('profiles.list', {})).toMatchObject({ ok: true, value: { source: 'presets' } })
    const keys = await client.invoke('keys.status', {})
    expect(keys.ok && keys.value.statuses.every((status) => !status.hasKey)).toBe(true)
  })
})
