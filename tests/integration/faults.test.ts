import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalog } from '../../src/main/catalog'
import type { Catalog } from '../../src/main/catalog/types'
import { type CompareEngine, createCompareEngine } from '../../src/main/compare'
import { createDefaultRegistry } from '../../src/main/providers/default-registry'
import type { Store } from '../../src/main/store/store'
import type { PaneResult, PaneStatusEvent, RunEvent } from '../../src/shared/compare'
import type { ResponseRecord } from '../../src/shared/history'
import type { ProviderProfile } from '../../src/shared/profiles'
import { type Endpoint, type HealthyServer, healthyServer } from '../support/fault-endpoints'
import { type Expected, FAULT_GROUPS, type Fault, type FaultGroup, faultsOf } from '../support/fault-servers'
import { WIRES, type Wire } from '../support/fault-wire'
import { open } from '../support/store'

/**
 * Issue 8's fault matrix, as the user meets it: through the real compare engine and the real
 * SQLite store. Each group of faults is one comparison of up to sixteen panes, beside two healthy
 * panes (one per wire format) that stream for as long as any fault lasts. Every faulty pane must
 * end in a clear state, keep the text it showed, and save exactly that; the healthy panes must end
 * complete and byte for byte as their servers sent them.
 */

// Shaped like no vendor's key, so only the redaction of the key the app holds can hide it; and
// sharing no 8 characters with anything else the pane shows (host names …), which that redaction
// would hide too.
const KEY = 'Zk4Wq8Xv2Nm6Rt0Yp3Hs7'
const PROMPT = 'Sag Hallo.'

let catalog: Catalog
const closers: Array<() => Promise<void>> = []

beforeAll(async () => {
  catalog = await loadCatalog()
})

afterEach(async () => {
  // The engine first (its panes still streaming are stopped and saved), then the servers.
  for (const close of closers.splice(0).reverse()) await close()
})

interface Deferred {
  promise: Promise<void>
  resolve: () => void
}

function deferred(): Deferred {
  let resolve!: () => void
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

/** Settles with `promise`, or after `ms` at the latest, leaving no timer behind. */
function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))
  return Promise.race([promise.then(() => undefined), late]).finally(() => clearTimeout(timer))
}

/** Everything one pane was told, in order. */
function paneEvents(events: readonly RunEvent[], paneId: string): RunEvent[] {
  return events.filter((event) => event.paneId === paneId)
}

function shownText(events: readonly RunEvent[]): string {
  return events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('')
}

function statusEvents(events: readonly RunEvent[]): PaneStatusEvent[] {
  return events.filter((event): event is PaneStatusEvent => event.type === 'status')
}

/** Null when equal; otherwise where they part, so a 5 MB mismatch fails with a readable message. */
function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null
  let at = 0
  while (at < actual.length && actual[at] === expected[at]) at++
  return `lengths ${actual.length} and ${expected.length}, first difference at ${at}: ${JSON.stringify(actual.slice(at, at + 40))} instead of ${JSON.stringify(expected.slice(at, at + 40))}`
}

interface Pane {
  id: string
  wire: Wire
  model: string
  endpoint: Endpoint
}

/** A healthy pane of the run, on its own wire format. */
interface HealthyPane {
  id: string
  wire: Wire
  server: HealthyServer
}

interface MatrixRun {
  results: Map<string, PaneResult>
  events: RunEvent[]
  /** Saved answers of the run's turn, by pane id. */
  saved: Map<string, ResponseRecord[]>
}

/**
 * Runs one group of faults of one wire format as a single comparison beside the healthy panes;
 * resolves once every pane has ended and the run has been read back from the store.
 */
async function runGroup(
  wire: Wire,
  group: FaultGroup,
  faults: readonly Fault[],
  healthy: readonly HealthyPane[],
  faultsEnded: Deferred,
  store: Store
): Promise<{ run: MatrixRun; panes: Pane[] }> {
  // If a healthy request never came, the faults still run, and the healthy panes' checks say so.
  const healthyInFlight = atMost(Promise.all(healthy.map(({ server }) => server.arrived)), 20_000)
  const panes: Pane[] = [
    ...(await Promise.all(
      faults.map(async (fault) => ({ id: fault.name, wire, model: fault.model?.(wire) ?? wire.model, endpoint: await fault.start(wire, { key: KEY, healthyInFlight }) }))
    )),
    ...healthy.map(({ id, wire: its, server }) => ({ id, wire: its, model: its.model, endpoint: server.endpoint }))
  ]
  for (const pane of panes) closers.push(() => pane.endpoint.close())

  const profiles: ProviderProfile[] = panes.map((pane) => ({ id: pane.id, kind: pane.wire.kind, baseURL: pane.endpoint.baseURL, models: [] }))
  const engine: CompareEngine = createCompareEngine({
    registry: createDefaultRegistry(),
    resolveProfile: (id) => profiles.find((profile) => profile.id === id),
    resolveKey: () => KEY,
    catalog,
    store,
    providerOptions: group.tuning
  })
  closers.push(() => engine.close())

  const events: RunEvent[] = []
  const shown = new Map<string, string>()
  const stopAt = new Map(faults.flatMap((fault) => (fault.stopOnceShown ? [[fault.name, fault.stopOnceShown(wire)] as const] : [])))
  const running = new Set(faults.map((fault) => fault.name))
  const onEvent = (event: RunEvent): void => {
    events.push(event)
    if (event.type === 'text-delta') {
      const text = (shown.get(event.paneId) ?? '') + event.text
      shown.set(event.paneId, text)
      // The user presses Stop on a pane once it shows the whole answer.
      if (stopAt.get(event.paneId) === text) engine.stop(event.runId, event.paneId)
    }
    if (event.type === 'pane-finished' && running.delete(event.paneId) && running.size === 0) faultsEnded.resolve()
  }

  const handle = await engine.start(
    { prompt: PROMPT, title: `faults: ${wire.kind} ${group.id}`, panes: panes.map((pane) => ({ id: pane.id, model: `${pane.id}:${pane.model}` })) },
    onEvent
  )
  const summary = await engine.wait(handle.runId)
  const turn = store.getConversation(handle.conversationId!)!.turns[0]!
  const paneIdOf = new Map(handle.panes.map((pane) => [pane.storedPaneId, pane.paneId]))
  const saved = new Map<string, ResponseRecord[]>()
  for (const response of turn.responses) {
    const paneId = paneIdOf.get(response.paneId)!
    saved.set(paneId, [...(saved.get(paneId) ?? []), response])
  }
  return { run: { results: new Map(summary.panes.map((result) => [result.paneId, result])), events, saved }, panes }
}

/** What every pane, faulty or healthy, owes the user: one ending, its text shown, kept and saved. */
function expectKeptAndSaved(run: MatrixRun, paneId: string): { result: PaneResult; events: RunEvent[]; saved: ResponseRecord } {
  const result = run.results.get(paneId)!
  const events = paneEvents(run.events, paneId)
  expect.soft(events[0]?.type, `${paneId}: first event`).toBe('pane-started')
  expect.soft(events.filter((event) => event.type === 'pane-finished'), `${paneId}: one ending`).toHaveLength(1)
  expect.soft(events.at(-1), `${paneId}: last event`).toEqual({ type: 'pane-finished', runId: result.runId, paneId, result })
  expect.soft(statusEvents(events)[0]?.status, `${paneId}: sent at once, not queued`).toBe('waiting')
  // Nothing the user saw is lost: the text shown is the result's text, and that is what was saved.
  expect.soft(firstDifference(shownText(events), result.text), `${paneId}: text shown vs result`).toBeNull()
  const saves = run.saved.get(paneId) ?? []
  expect.soft(saves, `${paneId}: one saved answer`).toHaveLength(1)
  const saved = saves[0]!
  expect.soft(saved.id, `${paneId}: saved answer id`).toBe(result.storedResponseId)
  expect.soft(saved.status, `${paneId}: saved status`).toBe(result.status)
  expect.soft(firstDifference(saved.text, result.text), `${paneId}: text saved vs result`).toBeNull()
  expect.soft(saved.error, `${paneId}: saved error`).toEqual(result.error)
  expect.soft(saved.finishReason, `${paneId}: saved finish reason`).toBe(result.finishReason)
  // The key was sent with every request, and some servers echo it: it must appear nowhere.
  expect.soft(JSON.stringify(events).includes(KEY) || JSON.stringify(saved).includes(KEY), `${paneId}: key shown or saved`).toBe(false)
  return { result, events, saved }
}

async function expectFaultOutcome(run: MatrixRun, pane: Pane, expected: Expected, group: FaultGroup): Promise<void> {
  const { result, events } = expectKeptAndSaved(run, pane.id)
  const name = pane.id
  expect.soft(result.status, `${name}: status`).toBe(expected.status)
  expect.soft(firstDifference(result.text, expected.text), `${name}: text kept`).toBeNull()
  if (expected.error) {
    expect.soft(result.error?.kind, `${name}: error kind`).toBe(expected.error.kind)
    expect.soft(result.error?.message, `${name}: error message`).toMatch(expected.error.message)
    expect.soft(result.error?.status, `${name}: HTTP status`).toBe(expected.error.status)
    expect.soft(result.error?.retryAfterMs, `${name}: wait asked for`).toBe(expected.error.retryAfterMs)
    expect.soft(result.finishReason, `${name}: finish reason`).toBe('error')
  } else {
    expect.soft(result.error, `${name}: no error`).toBeNull()
  }

  const retrying = statusEvents(events).filter((event) => event.status === 'retrying')
  expect.soft(retrying.length, `${name}: retry notices`).toBe(expected.retries.count)
  for (const notice of retrying) {
    expect.soft(notice.error?.kind, `${name}: failure named by the retry notice`).toBe(expected.retries.kind)
    if (expected.retries.waitMs !== undefined) expect.soft(notice.retryInMs, `${name}: wait announced`).toBe(expected.retries.waitMs)
    // Otherwise the app's own backoff: within its bound, jitter included.
    else expect.soft(notice.retryInMs, `${name}: backoff announced`).toBeLessThanOrEqual(group.tuning.retry.maxDelayMs * 1.2)
  }
  if (expected.text) expect.soft(statusEvents(events).map((event) => event.status), `${name}: streaming shown`).toContain('streaming')

  expect.soft(pane.endpoint.received, `${name}: requests received`).toBe(expected.requests ?? null)
  if (expected.resentAfterMs !== undefined) {
    const [first, second] = pane.endpoint.arrivals
    // Timers never fire early; a millisecond of clock rounding is all the slack needed.
    expect.soft(second! - first!, `${name}: resent after the wait asked for`).toBeGreaterThanOrEqual(expected.resentAfterMs - 1)
  }
  if (expected.keyEchoed) {
    expect.soft(JSON.stringify(pane.endpoint.requests[0]?.headers), `${name}: the key was sent`).toContain(KEY)
  }
  if (expected.maxTextEvents !== undefined) {
    expect.soft(events.filter((event) => event.type === 'text-delta').length, `${name}: text events`).toBeLessThanOrEqual(expected.maxTextEvents)
  }
  if (expected.hangsUp) await expect(pane.endpoint.waitForHangUp(), `${name}: connection closed by the app`).resolves.toBeUndefined()
}

function expectHealthyOutcome(run: MatrixRun, paneId: string, server: HealthyServer): void {
  const { result, events } = expectKeptAndSaved(run, paneId)
  expect.soft(result, `${paneId}: a complete answer`).toMatchObject({ status: 'done', finishReason: 'stop', error: null })
  expect.soft(firstDifference(result.text, server.sent.text), `${paneId}: text as the server sent it`).toBeNull()
  expect.soft(result.usage, `${paneId}: usage as reported`).toMatchObject({ outputTokens: server.sent.outputTokens, estimated: false })
  expect.soft(statusEvents(events).map((event) => event.status), `${paneId}: never retried`).toEqual(['waiting', 'streaming'])
  // It was mid-answer from before the first fault was served until after the last pane failed.
  expect.soft(server.sent.sawFaultsEnd, `${paneId}: streamed until every faulty pane had ended`).toBe(true)
  expect.soft(server.sent.eventsBeforeFaultsEnded, `${paneId}: events streamed while the faults ran`).toBeGreaterThan(0)
}

describe.each(WIRES.map((wire) => [wire.kind, wire] as const))('fault matrix on the %s wire format', (_kind, wire) => {
  it.each(FAULT_GROUPS.map((group) => [group.title, group] as const))(
    '%s: each faulty pane ends clearly, keeping and saving its text; the healthy panes finish untouched',
    async (_title, group) => {
      const faults = faultsOf(group.id, wire.kind)
      const { store } = open()
      const faultsEnded = deferred()
      const healthy: HealthyPane[] = await Promise.all(
        WIRES.map(async (its) => ({ id: `healthy-${its.kind}`, wire: its, server: await healthyServer(its, faultsEnded.promise) }))
      )
      expect(faults.length + healthy.length).toBeLessThanOrEqual(16)

      const { run, panes } = await runGroup(wire, group, faults, healthy, faultsEnded, store)

      expect([...run.results.keys()]).toEqual(panes.map((pane) => pane.id))
      for (const fault of faults) await expectFaultOutcome(run, panes.find((pane) => pane.id === fault.name)!, fault.expected(wire), group)
      for (const { id, server } of healthy) expectHealthyOutcome(run, id, server)
      expect(JSON.stringify(run.events)).not.toContain(KEY)
    },
    120_000
  )
})
