import type { LocalServer } from '../../shared/contract/juxta-contract'
import { findPreset } from './presets'

/**
 * Finds the local model servers running on this machine, for the window's "Add" offer. Main does
 * it because the window may not reach the network (its CSP, and the rule that main owns it).
 * Only fixed loopback ports are probed, never an address from the window.
 */

/** A probe longer than this is a server that is not (usefully) running. */
export const LOCAL_PROBE_TIMEOUT_MS = 800
/** The model lists these servers send are a few KB; anything far larger is not one of them. */
const MAX_BODY_BYTES = 1024 * 1024
const MAX_MODELS = 500
const MAX_MODEL_ID_CHARS = 200

/** 'ollama': Ollama's own /api/tags; 'openai': an OpenAI-compatible /v1/models. */
type ProbeApi = 'ollama' | 'openai'

const LOCAL_SERVERS = [
  { id: 'ollama', port: 11434, api: 'ollama' },
  { id: 'lmstudio', port: 1234, api: 'openai' }
] as const satisfies ReadonlyArray<{ id: string; port: number; api: ProbeApi }>

export type LocalServerId = (typeof LOCAL_SERVERS)[number]['id']

export interface DetectLocalServersOptions {
  /** Other ports than the servers' defaults (tests run imitations on random ports). */
  ports?: Partial<Record<LocalServerId, number>>
  timeoutMs?: number
  signal?: AbortSignal
  fetch?: typeof fetch
}

/** Every known local server, running or not, probed at once; never throws for a server that is down. */
export async function detectLocalServers(options: DetectLocalServersOptions = {}): Promise<LocalServer[]> {
  const timeoutMs = Math.min(options.timeoutMs ?? LOCAL_PROBE_TIMEOUT_MS, LOCAL_PROBE_TIMEOUT_MS)
  const doFetch = options.fetch ?? fetch
  return Promise.all(
    LOCAL_SERVERS.map(async ({ id, port: defaultPort, api }) => {
      const port = options.ports?.[id] ?? defaultPort
      const origin = `http://127.0.0.1:${port}`
      const models = await probe(doFetch, `${origin}${api === 'ollama' ? '/api/tags' : '/v1/models'}`, api, timeoutMs, options.signal)
      return {
        id,
        name: findPreset(id)?.name ?? id,
        // Both speak the OpenAI wire format under /v1: the base URL a profile for it needs.
        baseURL: `${origin}/v1`,
        running: models !== null,
        models: models ?? []
      }
    })
  )
}

/** The model ids the server lists, or null when it did not answer as that server would in time. */
async function probe(doFetch: typeof fetch, url: string, api: ProbeApi, timeoutMs: number, outer?: AbortSignal): Promise<string[] | null> {
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout
  try {
    // A redirect would lead off this machine's loopback: not followed.
    const response = await doFetch(url, { signal, redirect: 'error', headers: { accept: 'application/json' } })
    if (!response.ok || !response.body) {
      await response.body?.cancel()
      return null
    }
    const text = await readBounded(response.body, MAX_BODY_BYTES)
    if (text === null) return null
    return modelIds(JSON.parse(text), api)
  } catch {
    // Refused, timed out, not JSON: not running, as far as the window is concerned.
    return null
  }
}

async function readBounded(body: ReadableStream<Uint8Array>, limit: number): Promise<string | null> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Ollama: { models: [{ name, model }] }; OpenAI-compatible: { data: [{ id }] }. Anything else is not that server. */
function modelIds(json: unknown, api: ProbeApi): string[] | null {
  if (typeof json !== 'object' || json === null) return null
  const list = api === 'ollama' ? (json as { models?: unknown }).models : (json as { data?: unknown }).data
  if (!Array.isArray(list)) return null
  const ids = new Set<string>()
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) continue
    const record = entry as Record<string, unknown>
    const id = api === 'ollama' ? (record['name'] ?? record['model']) : record['id']
    if (typeof id === 'string' && id.trim() && id.length <= MAX_MODEL_ID_CHARS) ids.add(id.trim())
    if (ids.size >= MAX_MODELS) break
  }
  return [...ids]
}
