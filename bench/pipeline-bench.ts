import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { WebSocket } from 'ws'
import { startBrowserHost } from '../src/main/host/browser-host'
import { createDispatcher } from '../src/main/ipc/dispatcher'
import { createHandlers } from '../src/main/ipc/handlers'
import { createMainServices } from '../src/main/services'
import type { RunEvent } from '../src/shared/compare'
import { typedClient } from '../src/shared/contract/client'
import { type JuxtaContract, juxtaContract } from '../src/shared/contract/juxta-contract'
import { type ClientMessage, WireClient } from '../src/shared/contract/wire'
import { type BenchRow, median, percentile, round } from './stats'

/**
 * Pipeline overhead: 8 panes, each fed by a loopback server streaming 4,000 tokens as fast as
 * it can, through provider → engine → coalescing → WebSocket (browser mode) → the renderer's
 * client; against the same 8 streams read directly with the SDK in one process (its own
 * `for await` over the stream, as the SDK's README shows). Juxta makes the same requests with
 * the SDK but reads the events with readSseEvents (one await per network read, not per event),
 * which is why it can come in under the baseline.
 */

const PANES = 8
const TOKENS = 4_000
const REPETITIONS = 5

/** When each token left the server, by pane and index: the latency probe. */
const sentAt = new Map<string, number>()

function chunk(pane: string, index: number): string {
  const body = {
    id: `chatcmpl-${pane}`,
    object: 'chat.completion.chunk',
    created: 1_764_000_000,
    model: pane,
    choices: [{ index: 0, delta: { content: ` ${pane}.${index}` }, logprobs: null, finish_reason: null }]
  }
  return `data: ${JSON.stringify(body)}\n\n`
}

function finish(pane: string): string {
  const end = { id: `chatcmpl-${pane}`, object: 'chat.completion.chunk', created: 1_764_000_000, model: pane, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] }
  const usage = { id: `chatcmpl-${pane}`, object: 'chat.completion.chunk', created: 1_764_000_000, model: pane, choices: [], usage: { prompt_tokens: 10, completion_tokens: TOKENS, total_tokens: TOKENS + 10 } }
  return `data: ${JSON.stringify(end)}\n\ndata: ${JSON.stringify(usage)}\n\ndata: [DONE]\n\n`
}

/** Writes every token as its own SSE event, yielding to the socket when it pushes back. */
async function streamTokens(response: ServerResponse, pane: string): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  for (let index = 0; index < TOKENS; index++) {
    sentAt.set(`${pane}.${index}`, performance.now())
    if (!response.write(chunk(pane, index))) await new Promise((resolve) => response.once('drain', resolve))
  }
  response.end(finish(pane))
}

async function startVendor(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (data: Buffer) => (body += data))
    request.on('end', () => void streamTokens(response, JSON.parse(body).model))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** Latency of each token from the server's write to `receivedAt`, for the text received. */
function latencies(text: string, receivedAt: number, into: number[]): void {
  for (const match of text.matchAll(/ (p\d+\.\d+)/g)) {
    const sent = sentAt.get(match[1]!)
    if (sent !== undefined) into.push(receivedAt - sent)
  }
}

async function baseline(vendorUrl: string, into: number[]): Promise<number> {
  const client = new OpenAI({ apiKey: 'bench', baseURL: vendorUrl, maxRetries: 0 })
  const start = performance.now()
  await Promise.all(
    Array.from({ length: PANES }, async (_, pane) => {
      const stream = await client.chat.completions.create({ model: `p${pane}`, messages: [{ role: 'user', content: 'go' }], stream: true })
      for await (const part of stream) latencies(part.choices[0]?.delta.content ?? '', performance.now(), into)
    })
  )
  return performance.now() - start
}

export async function runPipelineBench(): Promise<BenchRow[]> {
  const vendor = await startVendor()
  const dir = await mkdtemp(join(tmpdir(), 'juxta-bench-'))
  const profilesFile = join(dir, 'profiles.json')
  await writeFile(profilesFile, JSON.stringify({ profiles: [{ id: 'bench', kind: 'openai', baseURL: vendor.url, local: true }] }))
  const services = await createMainServices({
    dataDir: join(dir, 'data'),
    env: {},
    version: 'bench',
    profilesFile,
    // No keychain is needed for a local profile; never touch the machine's own.
    keytarLoader: async () => {
      throw new Error('no keychain in benchmarks')
    }
  })
  // The page itself is not part of this measure; the host needs a folder to serve.
  const rendererDir = join(dir, 'renderer')
  await mkdir(rendererDir)
  const host = await startBrowserHost({ rendererDir, dispatch: createDispatcher(juxtaContract, createHandlers(services)) })
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: host.origin })
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  const wire = new WireClient()
  wire.attach((message: ClientMessage) => socket.send(JSON.stringify(message)))
  socket.on('message', (data) => wire.receive(JSON.parse(String(data))))
  const client = typedClient<JuxtaContract>(wire)

  const pipeline = async (into: number[]): Promise<number> => {
    const start = performance.now()
    const done = new Promise<void>((resolve) => {
      let finished = 0
      const stop = client.on('compare.event', (event: RunEvent) => {
        if (event.type === 'text-delta') latencies(event.text, performance.now(), into)
        if (event.type === 'pane-finished' && ++finished === PANES) {
          stop()
          resolve()
        }
      })
    })
    const started = await client.invoke('compare.start', {
      prompt: 'go',
      panes: Array.from({ length: PANES }, (_, pane) => ({ id: `pane${pane}`, model: `bench:p${pane}` }))
    })
    if (!started.ok) throw new Error(`compare.start failed: ${started.error.message}`)
    await done
    return performance.now() - start
  }

  try {
    // Warm-up: JIT, the catalog, the token worker, connection pools.
    await baseline(vendor.url, [])
    await pipeline([])
    const direct: number[] = []
    const through: number[] = []
    const directLatency: number[] = []
    const throughLatency: number[] = []
    for (let rep = 0; rep < REPETITIONS; rep++) {
      direct.push(await baseline(vendor.url, directLatency))
      through.push(await pipeline(throughLatency))
    }
    const ratio = median(through) / median(direct)
    const added = percentile(throughLatency, 99) - percentile(directLatency, 99)
    return [
      { metric: 'pipeline.directMs', value: round(median(direct)), unit: 'ms', note: `${PANES} × ${TOKENS} tokens read with the SDK, median of ${REPETITIONS}` },
      { metric: 'pipeline.juxtaMs', value: round(median(through)), unit: 'ms', note: 'provider → engine → coalescing → WebSocket → client' },
      { metric: 'pipeline.wallRatio', value: round(ratio, 3), unit: '×', budget: '≤ 1.10', pass: ratio <= 1.1 },
      { metric: 'pipeline.chunkLatencyP99Ms', value: round(percentile(throughLatency, 99)), unit: 'ms', note: `direct: ${round(percentile(directLatency, 99))} ms` },
      { metric: 'pipeline.addedLatencyP99Ms', value: round(added), unit: 'ms', budget: '≤ 20', pass: added <= 20 }
    ]
  } finally {
    socket.close()
    await host.close()
    await services.close()
    await vendor.close()
    await rm(dir, { recursive: true, force: true })
  }
}
