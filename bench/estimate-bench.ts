import { estimatePrompt, type PaneToEstimate } from '../src/main/estimate/estimate-prompt'
import { createEstimateDependencies } from '../src/main/estimate/estimate-dependencies'
import { findPreset } from '../src/main/providers/presets'
import { loadCounter } from '../src/main/tokens/encoders'
import { createTokenEstimator } from '../src/main/tokens/token-estimator'
import { type BenchRow, median, percentile, round, withEventLoopWatch } from './stats'

/**
 * A 100k-token prompt estimated for 8 models, as the user types: the time from the last
 * keystroke to all eight estimates, and how long the asking thread is blocked meanwhile.
 */

const PANES: Array<[string, string]> = [
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4.1-mini'],
  ['openai', 'gpt-5'],
  ['openai', 'o3-mini'],
  ['anthropic', 'claude-sonnet-4-5'],
  ['mistral', 'mistral-large-latest'],
  ['deepseek', 'deepseek-chat'],
  ['ollama', 'llama3.1:8b']
]

const KEYSTROKES = 40

/** Prose, code and numbers, deterministic, about `tokens` o200k tokens long. */
export async function makePrompt(tokens: number): Promise<string> {
  const words = ['model', 'latency', 'throughput', 'the', 'of', 'answer', 'compare', 'tokens', 'stream', 'price', 'Zürich', '東京', 'naïve']
  const parts: string[] = []
  let seed = 7
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
  const counter = await loadCounter('o200k_base')
  let text = ''
  while (counter.count(text) < tokens) {
    for (let line = 0; line < 200; line++) {
      const kind = next() % 10
      if (kind < 6) parts.push(Array.from({ length: 12 }, () => words[next() % words.length]).join(' ') + '.')
      else if (kind < 9) parts.push(`  const value${next() % 1000} = compute(${next() % 97}, "${words[next() % words.length]}") // step ${next() % 50}`)
      else parts.push(`| ${next() % 1000} | ${next() % 1000} | ${(next() % 10000) / 100} |`)
    }
    text = parts.join('\n')
  }
  return text
}

export async function runEstimateBench(): Promise<BenchRow[]> {
  const prompt = await makePrompt(100_000)
  const promptTokens = (await loadCounter('o200k_base')).count(prompt)
  const estimator = createTokenEstimator()
  const dependencies = await createEstimateDependencies(estimator, () => undefined)
  const panes: PaneToEstimate[] = PANES.map(([profileId, modelId]) => ({ profile: findPreset(profileId)!, modelId }))

  try {
    const coldStart = performance.now()
    await estimatePrompt(prompt, panes, dependencies)
    const coldMs = performance.now() - coldStart

    // Each keystroke types one more character in the middle of the prompt, as an edit would.
    const latencies: number[] = []
    let maxBlockMs = 0
    let text = prompt
    for (let key = 0; key < KEYSTROKES; key++) {
      const at = Math.floor(text.length / 2) + key
      text = text.slice(0, at) + 'x' + text.slice(at)
      const { result, maxBlockMs: blocked } = await withEventLoopWatch(async () => {
        const start = performance.now()
        await estimatePrompt(text, panes, dependencies)
        return performance.now() - start
      })
      latencies.push(result)
      maxBlockMs = Math.max(maxBlockMs, blocked)
    }

    return [
      { metric: 'estimate.promptTokens', value: promptTokens, unit: 'tokens', note: `${PANES.length} models` },
      { metric: 'estimate.coldMs', value: round(coldMs), unit: 'ms', note: 'first estimate: worker start, rank tables, empty caches' },
      { metric: 'estimate.p50Ms', value: round(median(latencies)), unit: 'ms', budget: '≤ 50', pass: median(latencies) <= 50 },
      { metric: 'estimate.p95Ms', value: round(percentile(latencies, 95)), unit: 'ms' },
      { metric: 'estimate.maxMainThreadBlockMs', value: round(maxBlockMs), unit: 'ms', budget: '≤ 16', pass: maxBlockMs <= 16, note: 'the asking thread, while 8 estimates run' }
    ]
  } finally {
    await estimator.close()
  }
}
