import { afterEach, describe, expect, it } from 'vitest'
import type { GenerationRequest } from '../../src/shared/generation'
import type { ProviderProfile } from '../../src/shared/profiles'
import { estimateChatTokens, estimateTextTokens } from '../../src/main/tokens/chat-tokens'
import { type TokenCounter, TokenWorkerError, createTokenCounter } from '../../src/main/tokens/token-counter'
import { type TokenEstimator, createTokenEstimator } from '../../src/main/tokens/token-estimator'
import { defaultTokenWorkerUrl } from '../../src/main/tokens/worker-url'

// The real worker thread, run by Node from the .ts source as the app runs its bundled copy.

const open: Array<TokenCounter | TokenEstimator> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((counter) => counter.close()))
})

function counter(workerUrl?: URL): TokenCounter {
  const created = createTokenCounter({ workerUrl })
  open.push(created)
  return created
}

/**
 * The real worker behind a thin wrapper that dies on demand: throwing on the text "crash" (an
 * uncaught exception) or exiting on "exit". It is started by URL, as the app starts the worker.
 */
function crashableWorkerUrl(): URL {
  const source = `
    import { parentPort } from 'node:worker_threads'
    parentPort.on('message', (message) => {
      if (message.type === 'countText' && message.text === 'crash') throw new Error('deliberate crash')
      if (message.type === 'countText' && message.text === 'exit') process.exit(7)
    })
    await import(${JSON.stringify(defaultTokenWorkerUrl().href)})`
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`)
}

/** About `tokens` tokens of varied words, different for each seed so that no cache has seen them. */
function longText(tokens: number, seed: number): string {
  // mulberry32
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  const words: string[] = []
  // Random letters average about 3.5 tokens a word.
  for (let i = 0; i < tokens / 3.5; i++) {
    const length = 2 + (next() % 9)
    let word = ''
    for (let j = 0; j < length; j++) word += String.fromCharCode(97 + (next() % 26))
    words.push(i % 17 === 0 ? `${word}.\n` : word)
  }
  return words.join(' ')
}

const requests: GenerationRequest[] = [
  { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello world' }] },
  { model: 'gpt-4-turbo', system: 'Be brief.', messages: [{ role: 'user', content: 'Summarise: 日本語 😀 <|endoftext|>' }] },
  {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    tools: [
      {
        name: 'get_weather',
        description: 'Weather now.',
        parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city' } } }
      }
    ]
  },
  { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'approximate me' }] }
]

describe('token worker', () => {
  it('counts exactly what the in-process functions count', async () => {
    const tokens = counter()
    for (const request of requests) expect(await tokens.countChat(request)).toEqual(await estimateChatTokens(request))
    const text = longText(5_000, 1)
    expect(await tokens.countText('gpt-4o', text)).toBe(await estimateTextTokens('gpt-4o', text))
    expect(await tokens.countText('gpt-4', text)).toBe(await estimateTextTokens('gpt-4', text))
    expect(await tokens.countText('gpt-4o', '')).toBe(0)
  })

  it('answers concurrent calls each with its own result', async () => {
    const tokens = counter()
    // "word word … word": one token per word.
    const texts = Array.from({ length: 20 }, (_, i) => Array(i).fill('word').join(' '))
    const counts = await Promise.all(texts.map((text) => tokens.countText('gpt-4o', text)))
    expect(counts).toEqual(texts.map((_, i) => i))
  })

  it('drops a superseded request at once, while the worker is still busy with an earlier one', async () => {
    const tokens = counter()
    await tokens.countText('gpt-4o', 'warm up')
    const busy = tokens.countText('gpt-4o', longText(100_000, 2))
    let busyDone = false
    void busy.then(() => (busyDone = true))
    const stale = new AbortController()
    const superseded = tokens.countText('gpt-4o', 'stale keystroke', { signal: stale.signal })
    stale.abort()
    await expect(superseded).rejects.toMatchObject({ name: 'AbortError' })
    expect(busyDone).toBe(false)
    expect(await tokens.countText('gpt-4o', 'fresh keystroke')).toBe(await estimateTextTokens('gpt-4o', 'fresh keystroke'))
    expect(await busy).toBeGreaterThan(0)
  })

  it('keeps only the last of a burst of keystrokes', async () => {
    const tokens = counter()
    let controller: AbortController | undefined
    const calls: Array<Promise<number>> = []
    let text = longText(20_000, 3)
    for (let i = 0; i < 10; i++) {
      controller?.abort()
      controller = new AbortController()
      text += ` word${i}`
      calls.push(tokens.countText('gpt-4o', text, { signal: controller.signal }))
    }
    const results = await Promise.allSettled(calls)
    expect(results.slice(0, -1).every((result) => result.status === 'rejected')).toBe(true)
    expect(results.at(-1)).toEqual({ status: 'fulfilled', value: await estimateTextTokens('gpt-4o', text) })
  })

  it('fails a request that cannot be sent to the worker alone', async () => {
    const tokens = counter()
    const unclonable: GenerationRequest = { ...requests[0]!, extras: { transform: () => 1 } }
    await expect(tokens.countChat(unclonable)).rejects.toMatchObject({ name: 'DataCloneError' })
    expect(await tokens.countChat(requests[0]!)).toEqual({ inputTokens: 9, exact: true })
  })

  it('rejects at once when the signal is already aborted', async () => {
    const tokens = counter()
    await expect(tokens.countText('gpt-4o', 'x', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('fails the pending calls of a crashed worker with a clear error, and starts a fresh one', async () => {
    const tokens = counter(crashableWorkerUrl())
    expect(await tokens.countText('gpt-4o', 'hello world')).toBe(2)
    // Asked after the crash, so it is still waiting in the worker when the worker dies.
    const crash = tokens.countText('gpt-4o', 'crash')
    const pending = tokens.countText('gpt-4o', longText(1_000, 4))
    await expect(crash).rejects.toBeInstanceOf(TokenWorkerError)
    await expect(crash).rejects.toThrow('the token worker crashed: deliberate crash')
    await expect(pending).rejects.toBeInstanceOf(TokenWorkerError)
    expect(await tokens.countText('gpt-4o', 'hello world')).toBe(2)
  })

  it('treats a worker that exits like a crash', async () => {
    const tokens = counter(crashableWorkerUrl())
    await expect(tokens.countText('gpt-4o', 'exit')).rejects.toThrow('the token worker exited (code 7)')
    expect(await tokens.countText('gpt-4o', 'hello world')).toBe(2)
  })

  it('reports a worker that cannot start', async () => {
    const tokens = counter(new URL('./no-such-worker.ts', import.meta.url))
    await expect(tokens.countText('gpt-4o', 'x')).rejects.toBeInstanceOf(TokenWorkerError)
  })

  it('rejects calls after close', async () => {
    const tokens = createTokenCounter()
    const pending = expect(tokens.countText('gpt-4o', 'x')).rejects.toThrow('closed')
    await tokens.close()
    await pending
    await expect(tokens.countText('gpt-4o', 'x')).rejects.toThrow('closed')
  })

  it('counts 100k tokens off the asking thread: it keeps running meanwhile', async () => {
    const tokens = counter()
    const text = longText(100_000, 5)
    const started = performance.now()
    let last = started
    let worstGap = 0
    const ticker = setInterval(() => {
      const now = performance.now()
      worstGap = Math.max(worstGap, now - last)
      last = now
    }, 5)
    try {
      // A fresh worker: loading the encoder and encoding every piece happen there, cold.
      const count = await tokens.countText('gpt-4o', text)
      expect(count).toBeGreaterThan(90_000)
    } finally {
      clearInterval(ticker)
    }
    // Counted on this thread, the count would be one long gap. How short the gaps are is the
    // estimate benchmark's business (estimate.maxMainThreadBlockMs), not a timed test's.
    expect(worstGap).toBeLessThan((performance.now() - started) / 2)
  })
})

describe('token estimator', () => {
  const openai: ProviderProfile = { id: 'oa', kind: 'openai', models: [] }
  const local: ProviderProfile = { id: 'ollama', kind: 'openai', local: true, baseURL: 'http://127.0.0.1:11434/v1', models: [] }
  const anthropic: ProviderProfile = { id: 'an', kind: 'anthropic', models: [] }

  function estimator(): TokenEstimator {
    const created = createTokenEstimator()
    open.push(created)
    return created
  }

  it('counts OpenAI models with tiktoken, exactly', async () => {
    const estimate = await estimator().estimateInputTokens(requests[0]!, { profile: openai })
    expect(estimate).toEqual({ inputTokens: 9, exact: true, method: 'tiktoken' })
  })

  it('approximates other models on OpenAI-compatible endpoints', async () => {
    const estimate = await estimator().estimateInputTokens(
      { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hello world' }] },
      { profile: openai }
    )
    expect(estimate).toMatchObject({ inputTokens: 9, exact: false, method: 'approximation' })
  })

  it('does not call a local server’s framing exact, even for an OpenAI tokenizer', async () => {
    const estimate = await estimator().estimateInputTokens(
      { model: 'gpt-oss:20b', messages: [{ role: 'user', content: 'hello world' }] },
      { profile: local }
    )
    expect(estimate).toMatchObject({ exact: false, method: 'tiktoken', reason: expect.stringContaining('local server') })
  })

  it('looks a key up only for a count that needs one (Anthropic), never for OpenAI panes', async () => {
    let lookups = 0
    const resolveKey = async (): Promise<string | undefined> => {
      lookups++
      return undefined
    }
    await estimator().estimateInputTokens(requests[0]!, { profile: openai, resolveKey })
    expect(lookups).toBe(0)
    const estimate = await estimator().estimateInputTokens(requests[3]!, { profile: anthropic, resolveKey })
    expect(lookups).toBe(1)
    expect(estimate).toMatchObject({ exact: false, method: 'approximation' })
  })

  it('approximates Anthropic models locally when no key is configured, saying so', async () => {
    const estimate = await estimator().estimateInputTokens(requests[3]!, { profile: anthropic })
    const local = await estimateChatTokens(requests[3]!)
    expect(estimate).toMatchObject({ inputTokens: local.inputTokens, exact: false, method: 'approximation', reason: expect.stringContaining('no API key') })
  })

  it('passes cancellation through', async () => {
    const estimate = estimator().estimateInputTokens(requests[0]!, { profile: openai, signal: AbortSignal.abort() })
    await expect(estimate).rejects.toMatchObject({ name: 'AbortError' })
  })
})
