import type { Page } from 'playwright-core'
import { type BenchRow, round } from './stats'
import { type BrowserApp, startBrowserApp } from './support/browser-app'
import { type StreamedAnswer, markdownAnswer } from './support/markdown-answer'
import { type LongFrame, type MainThreadTimes, PAGE_PROBES_SCRIPT, PageProbe, callProbe, difference, profileDir } from './support/page-metrics'
import { type PacedChatServer, startPacedChatServer } from './support/paced-chat-server'

/**
 * Rendering: 8 panes in headless Chromium (browser mode) streaming long markdown answers —
 * headings, paragraphs, lists, tables, code in six languages — at 300 tokens/s each (5 tokens
 * every 16.7 ms), through the real services and host. One run of 20,000 tokens per pane and one
 * of 40,000: long tasks after the first delta is painted, the main thread's CPU time per 1,000
 * tokens shown, how that time grows when the answers double (linear is 2), and the heap after.
 * CPU time rather than the wall time of tasks, because on a small machine other processes
 * (here the services and the vendor servers, on the same two cores) stretch the wall time of
 * whatever the page runs while they run.
 * Each run is preceded, on the same page, by a short warm-up turn, so neither run pays for
 * compiling the renderer's code.
 */

const PANES = 8
const TOKENS_PER_SECOND = 300
const TOKENS_PER_PIECE = 5
const WARM_UP_TOKENS = 1_500
/** Tokens per pane of the first run (the second has twice as many); JUXTA_BENCH_RENDER_TOKENS shortens it while working on the benchmark. */
const TOKENS = Number(process.env['JUXTA_BENCH_RENDER_TOKENS'] || 20_000)
const KEY = 'sk-bench-render-0000000000'

interface RunResult {
  tokensPerPane: number
  main: MainThreadTimes
  longTasks: Array<{ start: number; duration: number }>
  longFrames: LongFrame[]
  heapMb: number
  wallMs: number
  dom: { nodes: number; layoutObjects: number }
}

/** Resolves once no pane is streaming. Polled once a second, so the check itself costs the page nothing to speak of. */
async function untilAnswered(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    if (!(await callProbe(page, 'running'))) return
  }
  throw new Error(`the answers did not finish within ${timeoutMs} ms`)
}

/** Sends the prompt and waits for every pane's answer; the page notes when the first text was painted. */
async function sendAndWait(page: Page, answer: StreamedAnswer): Promise<void> {
  await callProbe(page, 'watchFirstAnswerPaint')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  const streamMs = (answer.pieces.length / (TOKENS_PER_SECOND / TOKENS_PER_PIECE)) * 1000
  await untilAnswered(page, streamMs * 2 + 60_000)
}

/** Every pane shows the whole answer, rendered: its last sentence, every code block and table, no markdown syntax. */
async function checkShown(page: Page, answer: StreamedAnswer): Promise<void> {
  const panes = await callProbe(page, 'answers', answer.lastSentence)
  const wrong = panes.filter((pane) => pane.status !== 'Done' || !pane.complete || pane.codeBlocks !== answer.codeBlocks || pane.tables !== answer.tables || pane.rawMarkdown)
  if (panes.length !== PANES || wrong.length > 0) {
    throw new Error(`not every pane shows the whole answer (${answer.codeBlocks} code blocks, ${answer.tables} tables): ${JSON.stringify(wrong.length > 0 ? wrong : panes)}`)
  }
}

async function run(app: BrowserApp, server: PacedChatServer, answer: StreamedAnswer, warmUp: StreamedAnswer, name: string): Promise<RunResult> {
  const { context, page } = await app.openPage([PAGE_PROBES_SCRIPT])
  try {
    await page.getByRole('group', { name: 'Panes' }).getByRole('region').nth(PANES - 1).waitFor()
    const prompt = page.getByRole('textbox', { name: 'Prompt' })

    server.setAnswer(warmUp)
    await prompt.fill('Warm up: a short guide.')
    await sendAndWait(page, warmUp)
    await checkShown(page, warmUp)
    await page.getByRole('button', { name: 'New comparison' }).click()

    server.setAnswer(answer)
    await prompt.fill('Write a long guide to running services in production, with code and tables.')
    // The estimate of the prompt settles before the measured span begins.
    await page.getByRole('region', { name: 'Estimate' }).getByRole('listitem').nth(PANES - 1).waitFor()
    await page.waitForTimeout(500)

    const probe = await PageProbe.attach(page)
    const before = await probe.times()
    const started = performance.now()
    const dir = profileDir()
    await (dir ? probe.profile(dir, `render-${name}`, () => sendAndWait(page, answer)) : sendAndWait(page, answer))
    const wallMs = performance.now() - started
    const after = await probe.times()
    await checkShown(page, answer)
    const firstPaint = (await callProbe(page, 'firstPaintAt')) ?? 0
    // On the run's clock: seconds after the first delta was painted.
    const longTasks = (await callProbe(page, 'longTasks')).filter((task) => task.start >= firstPaint).map((task) => ({ ...task, start: task.start - firstPaint }))
    const longFrames = (await callProbe(page, 'longFrames')).filter((frame) => frame.start >= firstPaint).map((frame) => ({ ...frame, start: frame.start - firstPaint }))
    const heapMb = await probe.heapAfterGcMb()
    const dom = await probe.domSize()
    await probe.detach()
    return { tokensPerPane: answer.tokens, main: difference(after, before), longTasks, longFrames, heapMb, wallMs, dom }
  } finally {
    await context.close()
  }
}

export async function runRenderBench(): Promise<BenchRow[]> {
  const server = await startPacedChatServer({ piecesPerSecond: TOKENS_PER_SECOND / TOKENS_PER_PIECE })
  const models = Array.from({ length: PANES }, (_, index) => `gpt-4o-mini-${index + 1}`)
  const app = await startBrowserApp({
    profiles: [{ id: 'oa', kind: 'openai', name: 'Paced OpenAI', baseURL: `${server.url}/v1`, apiKeyEnv: 'BENCH_RENDER_KEY', models: models.map((id) => ({ id })) }],
    env: { BENCH_RENDER_KEY: KEY },
    defaultPanes: models.map((model) => `oa:${model}`)
  })
  try {
    const warmUp = await markdownAnswer(WARM_UP_TOKENS, { tokensPerPiece: TOKENS_PER_PIECE, seed: 1 })
    const answers = [await markdownAnswer(TOKENS, { tokensPerPiece: TOKENS_PER_PIECE }), await markdownAnswer(2 * TOKENS, { tokensPerPiece: TOKENS_PER_PIECE })]
    const [short, long] = [await run(app, server, answers[0]!, warmUp, '20k'), await run(app, server, answers[1]!, warmUp, '40k')] as [RunResult, RunResult]
    return rows(short, long)
  } finally {
    await app.close()
    await server.close()
  }
}

function rows(short: RunResult, long: RunResult): BenchRow[] {
  const perThousand = (result: RunResult): number => result.main.cpuMs / ((PANES * result.tokensPerPane) / 1000)
  const growth = long.main.cpuMs / short.main.cpuMs
  const breakdown = (result: RunResult): string =>
    `main-thread CPU ${Math.round(result.main.cpuMs)} ms in ${round(result.wallMs / 1000)} s (its tasks' wall time ${Math.round(result.main.taskMs)} ms: ` +
    `script ${Math.round(result.main.scriptMs)}, layout ${Math.round(result.main.layoutMs)}, style ${Math.round(result.main.styleMs)})`
  const longest = (result: RunResult): string => {
    if (result.longTasks.length === 0) return 'none'
    const tasks = [...result.longTasks].sort((a, b) => b.duration - a.duration).slice(0, 5)
    const described = tasks.map((task) => {
      // The long animation frame around the task says whether script or rendering took the time.
      const frame = result.longFrames.find((each) => each.start <= task.start + 1 && each.start + each.duration >= task.start + task.duration - 1)
      const split = frame ? ` (frame: script ${Math.round(frame.scriptMs)}, style+layout ${Math.round(frame.styleAndLayoutMs)})` : ''
      return `${Math.round(task.duration)} ms at ${round(task.start / 1000)} s${split}`
    })
    return described.join('; ')
  }
  return [
    { metric: 'render.tokensPerPane', value: short.tokensPerPane, unit: 'tokens', note: `${PANES} panes at ${TOKENS_PER_SECOND} tokens/s each; markdown with code, tables, lists` },
    { metric: 'render.longTasksOver50ms', value: short.longTasks.length, unit: 'tasks', budget: '0', pass: short.longTasks.length === 0, note: `after the first delta is painted: ${longest(short)}` },
    { metric: 'render.mainThreadMsPer1kTokens', value: round(perThousand(short), 2), unit: 'ms', note: breakdown(short) },
    { metric: 'render.heapAfterMb', value: round(short.heapMb), unit: 'MB', note: `JS heap after a full GC, 8 answers on show (${short.dom.nodes} DOM nodes, ${short.dom.layoutObjects} layout objects)` },
    { metric: 'render.longTasksOver50ms.40k', value: long.longTasks.length, unit: 'tasks', note: `${long.tokensPerPane} tokens per pane: ${longest(long)}` },
    { metric: 'render.mainThreadMsPer1kTokens.40k', value: round(perThousand(long), 2), unit: 'ms', note: breakdown(long) },
    { metric: 'render.heapAfterMb.40k', value: round(long.heapMb), unit: 'MB', note: `${long.dom.nodes} DOM nodes, ${long.dom.layoutObjects} layout objects` },
    {
      metric: 'render.growthRatio40kVs20k',
      value: round(growth, 2),
      unit: '×',
      budget: '≤ 2.2',
      pass: growth <= 2.2,
      note: `main-thread CPU of the 40k-token run over the 20k one (linear: 2); by task wall time ${round(long.main.taskMs / short.main.taskMs, 2)}`
    }
  ]
}
