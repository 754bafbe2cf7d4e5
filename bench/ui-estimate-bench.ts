import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { makePrompt } from './estimate-bench'
import { type BenchRow, median, percentile, round } from './stats'
import { startBrowserApp } from './support/browser-app'
import { type EstimateShown, PAGE_PROBES_SCRIPT, PageProbe, callProbe, profileDir } from './support/page-metrics'
import { MAIN_THREAD_TRACE_CATEGORIES, mainThreadTasks } from './support/trace'

/**
 * The estimate as the user sees it: the app in headless Chromium (browser mode, the real
 * services), 8 panes on 8 models, a ~100k-token prompt in the Prompt box, then words typed at its
 * end at a brisk typing pace. For each word, the time from its last keystroke (the keydown's
 * timestamp) to the frame that paints the estimate of the text as typed; and, over all the typing,
 * the longest task the page's main thread ran (from a Chromium trace), which is the longest the
 * UI could not answer a key or paint.
 */

const MODELS = ['openai:gpt-4o', 'openai:gpt-4.1-mini', 'openai:gpt-5', 'openai:o3-mini', 'anthropic:claude-sonnet-4-5', 'mistral:mistral-large-latest', 'deepseek:deepseek-chat', 'ollama:llama3.1:8b']
const WORDS = 20
const WARM_UP_WORDS = 3
/** Between keystrokes: about 100 words a minute. */
const KEY_INTERVAL_MS = 110
/** The user stops typing this long after each word. */
const PAUSE_MS = 600

/** The first estimate shown after the keystroke at `keyAt`, once its frame has been painted. */
async function estimateAfter(page: Page, keyAt: number, timeoutMs = 10_000): Promise<EstimateShown> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const shown = (await callProbe(page, 'estimates')).find((estimate) => estimate.keyAt === keyAt && estimate.paintAt !== null)
    if (shown) return shown
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`no estimate was shown within ${timeoutMs} ms of the last keystroke`)
}

/** Types a word at the caret and returns the time from its last keystroke to the estimate shown. */
async function typeWord(page: Page, word: string): Promise<{ latencyMs: number; domMs: number; text: string }> {
  await page.keyboard.type(word, { delay: KEY_INTERVAL_MS })
  const keyAt = (await callProbe(page, 'lastKeyAt'))!
  const shown = await estimateAfter(page, keyAt)
  await page.waitForTimeout(PAUSE_MS)
  return { latencyMs: shown.paintAt! - keyAt, domMs: shown.domAt - keyAt, text: shown.text }
}

export async function runUiEstimateBench(): Promise<BenchRow[]> {
  const prompt = await makePrompt(100_000)
  const app = await startBrowserApp({ defaultPanes: MODELS })
  try {
    const { page } = await app.openPage([PAGE_PROBES_SCRIPT])
    await page.getByRole('group', { name: 'Panes' }).getByRole('region').nth(MODELS.length - 1).waitFor()
    await callProbe(page, 'setPrompt', prompt)
    const strip = page.getByRole('region', { name: 'Estimate' })
    await strip.getByRole('listitem').nth(MODELS.length - 1).waitFor({ timeout: 30_000 })
    await callProbe(page, 'watchEstimates')
    // The first words compile the typing path and warm main's caches for this prompt.
    for (let word = 0; word < WARM_UP_WORDS; word++) await typeWord(page, ' warm')

    const first = await callProbe(page, 'estimateText')
    const typeWords = async (): Promise<Array<Awaited<ReturnType<typeof typeWord>>>> => {
      const typed = []
      for (let word = 0; word < WORDS; word++) typed.push(await typeWord(page, ` tokens${word}`))
      return typed
    }
    await app.browser.startTracing(page, { categories: MAIN_THREAD_TRACE_CATEGORIES })
    const dir = profileDir()
    const typed = dir ? await (await PageProbe.attach(page)).profile(dir, 'ui-estimate', typeWords) : await typeWords()
    const trace = await app.browser.stopTracing()
    if (dir) await writeFile(join(dir, 'ui-estimate.trace.json'), trace)
    const tasks = mainThreadTasks(trace)

    // The estimates did follow the typing: the counts shown changed, and all 8 panes are there.
    const last = typed.at(-1)!.text
    if (last === first || (await strip.getByRole('listitem').count()) !== MODELS.length) throw new Error(`the estimate did not follow the typing: ${first} → ${last}`)

    const latencies = typed.map((word) => word.latencyMs)
    const maxBlockMs = tasks[0] ?? 0
    return [
      { metric: 'estimate.uiPromptChars', value: prompt.length, unit: 'chars', note: `~100k tokens, ${MODELS.length} panes; ${WORDS} words typed at its end, ${KEY_INTERVAL_MS} ms between keys` },
      {
        metric: 'estimate.uiP50Ms',
        value: round(median(latencies)),
        unit: 'ms',
        budget: '≤ 50',
        pass: median(latencies) <= 50,
        note: `last keystroke → the frame painting the new estimate, in Chromium; DOM updated after ${round(median(typed.map((word) => word.domMs)))} ms (p50)`
      },
      { metric: 'estimate.uiP95Ms', value: round(percentile(latencies, 95)), unit: 'ms' },
      {
        metric: 'estimate.maxUiBlockMs',
        value: round(maxBlockMs),
        unit: 'ms',
        budget: '≤ 16',
        pass: maxBlockMs <= 16,
        note: `longest main-thread task while typing and estimating (trace); next: ${tasks.slice(1, 4).map((ms) => round(ms)).join(', ')} ms`
      }
    ]
  } finally {
    await app.close()
  }
}
