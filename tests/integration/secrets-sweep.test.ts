import { randomBytes } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { PaneResult, RunEvent, RunInput } from '../../src/shared/compare'
import type { ProviderProfile } from '../../src/shared/profiles'
import { sendAnthropicError, textStream } from '../support/anthropic-wire'
import { isolatedEnv, useBuiltApp } from '../support/built-app'
import { type ContractSocket, connectContract, valueOf } from '../support/contract-socket'
import { LoopbackServer, type RecordedRequest, sendJson, startSse, writeInPieces } from '../support/loopback-server'
import { ChatStream, OPENAI_ERRORS, usage } from '../support/openai-wire'
import { type WebProcess, runBuiltCli, startWebProcess } from '../support/web-process'

// A whole session with distinctive fake keys, then a search of everything Juxta wrote or said
// for them: every frame the page received, the host's output (its logs), every file of the data
// directory (the database with its WAL, read while running and after), the exports, and the
// output of the CLI. Zero hits allowed for a key or any 8-character piece of one. The only
// legitimate trace is what keys.status shows: the last four characters, too short to match.
//
// The keys are made up and shaped like no vendor's: two start "sk-" as many gateways' do, and
// the gateway's has no recognizable shape at all, so only Juxta knowing it can redact it.

const SWEEP = randomBytes(9).toString('hex')
const KEYS = {
  openai: `sk-juxtasweep-${SWEEP}-oa-${randomBytes(6).toString('hex')}`,
  anthropic: `sk-juxtasweep-${SWEEP}-an-${randomBytes(6).toString('hex')}`,
  gateway: `juxtasweep${SWEEP}gw${randomBytes(6).toString('hex')}`
}
const WINDOW = 8

const built = useBuiltApp('juxta-sweep-')
const servers: LoopbackServer[] = []

/** Where the key a request carried is, per wire format. */
const keyOf = (request: RecordedRequest): string =>
  String(request.headers['x-api-key'] ?? String(request.headers.authorization ?? '').replace(/^Bearer /, ''))

/** The key echoed back whole and masked as vendors mask it: the first characters and the last four. */
const echoed = (key: string): string => `${key} (${key.slice(0, 12)}${'*'.repeat(20)}${key.slice(-4)})`

async function openAIServer(): Promise<LoopbackServer> {
  const server = await LoopbackServer.start(async (request, response: ServerResponse) => {
    if (keyOf(request) !== KEYS.openai) return sendJson(response, 401, OPENAI_ERRORS.invalidApiKey(echoed(keyOf(request))))
    if (request.path === '/v1/models') return sendJson(response, 200, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1, owned_by: 'sweep' }] })
    const turn = request.body.messages.filter((message: { role: string }) => message.role === 'user').length
    startSse(response)
    await writeInPieces(response, new ChatStream().role().text(`OpenAI answer ${turn}: `, 'quicksort picks a pivot.').finish('stop').usage(usage(12, 8)).toSse(), {
      maxPieceBytes: 64
    })
  })
  servers.push(server)
  return server
}

async function anthropicServer(): Promise<LoopbackServer> {
  const server = await LoopbackServer.start(async (request, response: ServerResponse) => {
    if (keyOf(request) !== KEYS.anthropic) return sendAnthropicError(response, 401, { message: `invalid x-api-key ${echoed(keyOf(request))}` })
    if (request.path === '/v1/messages/count_tokens') return sendJson(response, 200, { input_tokens: 11 })
    if (request.path === '/v1/models') return sendJson(response, 200, { data: [], has_more: false, first_id: null, last_id: null })
    const turn = request.body.messages.filter((message: { role: string }) => message.role === 'user').length
    startSse(response)
    await writeInPieces(response, textStream([`Claude answer ${turn}: `, 'merge sort splits.']), { maxPieceBytes: 64 })
  })
  servers.push(server)
  return server
}

/** A gateway that refuses every key and quotes it back, in the body and in a header. */
async function echoingGateway(): Promise<LoopbackServer> {
  const server = await LoopbackServer.start((request, response: ServerResponse) =>
    sendJson(response, 401, OPENAI_ERRORS.invalidApiKey(echoed(keyOf(request))), { 'x-echo-key': keyOf(request) })
  )
  servers.push(server)
  return server
}

/** Every 8-character piece of every key: what a search must not find anywhere. */
function needles(): Array<{ key: string; piece: string }> {
  return Object.entries(KEYS).flatMap(([name, key]) =>
    Array.from({ length: key.length - WINDOW + 1 }, (_, start) => ({ key: name, piece: key.slice(start, start + WINDOW) }))
  )
}

/** Each place pieces of a key were found, with context: empty when nothing leaked. */
function leaks(haystacks: Map<string, Buffer | string>): string[] {
  const found: string[] = []
  for (const [where, content] of haystacks) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    // The keys share their "juxtasweep" part: the key with the most pieces found is the one that leaked.
    const hits = new Map<string, { count: number; at: number }>()
    for (const { key, piece } of needles()) {
      const at = bytes.indexOf(piece)
      if (at >= 0) hits.set(key, { count: (hits.get(key)?.count ?? 0) + 1, at: hits.get(key)?.at ?? at })
    }
    const [key, hit] = [...hits].sort(([, a], [, b]) => b.count - a.count)[0] ?? []
    if (key && hit) found.push(`${where}: ${hit.count} pieces of the ${key} key, first in …${bytes.subarray(Math.max(0, hit.at - 60), hit.at + 60).toString('latin1')}…`)
  }
  return found
}

/** Every file under a folder, by path, as bytes. */
function filesUnder(folder: string, label: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const name of readdirSync(folder, { recursive: true }) as string[]) {
    const path = join(folder, name)
    if (statSync(path).isFile()) files.set(`${label}/${name}`, readFileSync(path))
  }
  return files
}

/** Starts a run (the only one on this socket) and resolves with every pane's result once all have finished. */
async function compare(page: ContractSocket, input: RunInput): Promise<PaneResult[]> {
  const results = new Map<string, PaneResult>()
  let allDone!: () => void
  const done = new Promise<void>((resolve) => (allDone = resolve))
  const stop = page.client.on('compare.event', (event: RunEvent) => {
    if (event.type !== 'pane-finished') return
    results.set(event.paneId, event.result)
    if (results.size === input.panes.length) allDone()
  })
  valueOf(await page.client.invoke('compare.start', input))
  await done
  stop()
  return input.panes.map((pane) => results.get(pane.id)!)
}

afterAll(async () => {
  for (const server of servers.splice(0)) await server.close()
})

describe('secrets sweep', () => {
  it('a full session leaves no key, nor any 8-character piece of one, anywhere Juxta writes or speaks', async () => {
    const [openai, anthropic, gateway] = await Promise.all([openAIServer(), anthropicServer(), echoingGateway()])
    const { cli } = built.app()
    const dir = built.dir()
    const dataDir = join(dir, 'data')
    const home = join(dir, 'home')
    await mkdir(home)
    const profiles: ProviderProfile[] = [
      { id: 'sweep-oa', kind: 'openai', baseURL: `${openai.url}/v1`, apiKeyEnv: 'SWEEP_OA_KEY', models: [{ id: 'gpt-4o-mini' }] },
      { id: 'sweep-an', kind: 'anthropic', baseURL: anthropic.url, apiKeyEnv: 'SWEEP_AN_KEY', models: [{ id: 'claude-haiku-4-5' }] },
      { id: 'sweep-gw', kind: 'openai', baseURL: `${gateway.url}/v1`, apiKeyEnv: 'SWEEP_GW_KEY', models: [{ id: 'gpt-4o-mini' }] }
    ]
    const models = ['sweep-oa:gpt-4o-mini', 'sweep-an:claude-haiku-4-5', 'sweep-gw:gpt-4o-mini']
    const haystacks = new Map<string, Buffer | string>()

    // --- Browser mode: the page's whole session over the contract.
    const host: WebProcess = await startWebProcess(cli, isolatedEnv(dataDir, home))
    const page = await connectContract(host.url, host.token)
    const errors: string[] = []
    /** Makes a call whose failure is expected (the gateway refuses every key), keeping any error's message. */
    const call = async (result: Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>): Promise<void> => {
      const answer = await result
      // keys.test answers a failed test as a value: { ok: false, error }.
      const failure = answer.ok ? (answer.value as { ok?: boolean; error?: { message: string } }) : answer
      if (failure?.ok === false && failure.error) errors.push(failure.error.message)
    }
    for (const profile of profiles) valueOf(await page.client.invoke('profiles.save', { profile }))
    const statuses = []
    for (const [index, key] of Object.values(KEYS).entries()) {
      statuses.push(valueOf(await page.client.invoke('keys.set', { profileId: profiles[index]!.id, key })).status)
    }
    // The last four is all the page may know of a key.
    expect(statuses.map((status) => status.lastFour)).toEqual(Object.values(KEYS).map((key) => key.slice(-4)))
    await call(page.client.invoke('keys.status', {}))
    for (const { id } of profiles) {
      await call(page.client.invoke('keys.test', { profileId: id }))
      await call(page.client.invoke('models.list', { profileId: id }))
    }
    await call(page.client.invoke('estimate.prompt', { prompt: 'Explain quicksort.', panes: models.map((model) => ({ model })) }))
    await call(page.client.invoke('models.describe', { models }))

    const panes = models.map((model, index) => ({ id: `p${index}`, model }))
    const first = await compare(page, { prompt: 'Explain quicksort.', panes })
    expect(first.map((result) => result.status)).toEqual(['done', 'done', 'error'])
    for (const result of first) if (result.error) errors.push(result.error.message)
    // The second turn of the chat, each pane continuing its own conversation.
    const conversationId = valueOf(await page.client.invoke('history.list', {}))[0]!.id
    const second = await compare(page, {
      prompt: 'And merge sort?',
      conversationId,
      panes: panes.map((pane, index) => ({
        ...pane,
        storedPaneId: first[index]!.storedPaneId!,
        history: [{ role: 'user' as const, content: 'Explain quicksort.' }, ...(first[index]!.message ? [first[index]!.message!] : [])]
      }))
    })
    expect(second.map((result) => result.status)).toEqual(['done', 'done', 'error'])
    for (const result of second) if (result.error) errors.push(result.error.message)

    const markdown = valueOf(await page.client.invoke('history.exportMarkdown', { id: conversationId }))
    const json = valueOf(await page.client.invoke('history.exportJson', { id: conversationId }))
    expect(markdown).toContain('Claude answer 2')
    const exportsDir = join(dir, 'exports')
    await mkdir(exportsDir)
    await writeFile(join(exportsDir, 'conversation.md'), markdown)
    await writeFile(join(exportsDir, 'conversation.json'), json)
    valueOf(await page.client.invoke('history.import', { text: json }))
    await call(page.client.invoke('history.get', { id: conversationId }))
    await call(page.client.invoke('history.list', { search: 'quicksort' }))
    await call(page.client.invoke('keys.delete', { profileId: 'sweep-gw' }))

    // The database as it is while the app runs (the WAL holds the latest writes), then after a clean stop.
    for (const [path, bytes] of filesUnder(dataDir, 'data dir (running)')) haystacks.set(path, bytes)
    await page.close()
    expect(await host.stop()).toEqual({ code: 0, signal: null })
    for (const [path, bytes] of filesUnder(dataDir, 'data dir (stopped)')) haystacks.set(path, bytes)
    haystacks.set('frames sent to the page', page.frames.join('\n'))
    haystacks.set('browser mode stdout', host.output().stdout)
    haystacks.set('browser mode stderr', host.output().stderr)

    // --- The CLI on the same data directory, keys from the environment variables the profiles name.
    const cliEnv = isolatedEnv(dataDir, home, { SWEEP_OA_KEY: KEYS.openai, SWEEP_AN_KEY: KEYS.anthropic, SWEEP_GW_KEY: KEYS.gateway })
    const modelFlags = models.flatMap((model) => ['--model', model])
    const commands = [
      ['compare', ...modelFlags, 'Explain heapsort.'],
      ['compare', '--json', ...modelFlags, 'Explain heapsort.'],
      ['estimate', ...modelFlags, 'Explain heapsort.'],
      ['estimate', '--json', ...modelFlags, 'Explain heapsort.'],
      ['history'],
      ['history', '--json', '--search', 'heapsort'],
      ['keys', 'status'],
      ['keys', 'status', '--json'],
      ['models']
    ]
    const cliRuns = await Promise.all(commands.map((argv) => runBuiltCli(cli, argv, cliEnv)))
    cliRuns.forEach((run, index) => {
      haystacks.set(`juxta ${commands[index]!.join(' ')}: stdout`, run.stdout)
      haystacks.set(`juxta ${commands[index]!.join(' ')}: stderr`, run.stderr)
    })
    // Every command really ran, so its output is worth searching: both compares end 1 (the
    // gateway's refusal), the rest 0, each printing what it is for.
    expect(cliRuns.map((run) => run.code)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0])
    expect(cliRuns[0]).toMatchObject({ code: 1, stdout: expect.stringContaining('OpenAI answer 1') })
    expect(cliRuns[1]!.stdout).toContain('"type":"summary"')
    expect(cliRuns[3]!.stdout).toContain('"totalUsd"')
    expect(cliRuns[4]!.stdout).toContain('Explain quicksort.')
    expect(cliRuns[6]!.stdout).toContain(KEYS.openai.slice(-4))
    expect(cliRuns[8]!.stdout).toContain(models[0]!.split(':')[1]!)
    for (const [path, bytes] of filesUnder(dataDir, 'data dir (after the CLI)')) haystacks.set(path, bytes)
    for (const [path, bytes] of filesUnder(exportsDir, 'exports')) haystacks.set(path, bytes)
    haystacks.set('error messages', errors.join('\n'))

    // The keys really went out, and the gateway really quoted them back: the search means something.
    expect(openai.requests.some((request) => keyOf(request) === KEYS.openai)).toBe(true)
    expect(anthropic.requests.some((request) => keyOf(request) === KEYS.anthropic)).toBe(true)
    expect(gateway.requests.filter((request) => keyOf(request) === KEYS.gateway).length).toBeGreaterThanOrEqual(4)
    expect(errors.length).toBeGreaterThanOrEqual(4)
    expect(haystacks.has('data dir (running)/juxta.db-wal')).toBe(true)
    expect(haystacks.size).toBeGreaterThan(25)

    // Includes the gateway's key, of no recognizable shape, echoed back masked as OpenAI masks keys
    // (its first characters, asterisks, its last four): redactSecrets removes any word sharing 8
    // characters in a row with a key it holds.
    expect(leaks(haystacks)).toEqual([])
  }, 180_000)
})
