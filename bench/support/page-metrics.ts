import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'

/**
 * What a page's main thread did, read through the DevTools protocol: its CPU time (ThreadTime),
 * the wall time of its tasks (TaskDuration), script/layout/style time,
 * the JS heap after a full collection, long tasks, and a CPU profile on request.
 */

export interface MainThreadTimes {
  /** CPU time of the main thread: what the page's work cost, whatever else the machine ran meanwhile. */
  cpuMs: number
  /** Wall time of the main thread's tasks (a task the OS preempted counts its wait too). */
  taskMs: number
  scriptMs: number
  layoutMs: number
  styleMs: number
}

export class PageProbe {
  // Declared apart from the constructor: Node's type stripping cannot run parameter properties.
  private readonly cdp: CDPSession

  private constructor(cdp: CDPSession) {
    this.cdp = cdp
  }

  static async attach(page: Page): Promise<PageProbe> {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
    return new PageProbe(cdp)
  }

  /** Cumulative main-thread times since the page started; subtract two readings for a span. */
  async times(): Promise<MainThreadTimes> {
    const { metrics } = await this.cdp.send('Performance.getMetrics')
    const seconds = (name: string): number => metrics.find((metric) => metric.name === name)?.value ?? 0
    return {
      cpuMs: seconds('ThreadTime') * 1000,
      taskMs: seconds('TaskDuration') * 1000,
      scriptMs: seconds('ScriptDuration') * 1000,
      layoutMs: seconds('LayoutDuration') * 1000,
      styleMs: seconds('RecalcStyleDuration') * 1000
    }
  }

  /** DOM nodes and layout objects of the page now. */
  async domSize(): Promise<{ nodes: number; layoutObjects: number }> {
    const { metrics } = await this.cdp.send('Performance.getMetrics')
    const value = (name: string): number => metrics.find((metric) => metric.name === name)?.value ?? 0
    return { nodes: value('Nodes'), layoutObjects: value('LayoutObjects') }
  }

  /** The live JS heap after a full garbage collection, in MB. */
  async heapAfterGcMb(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage')
    return usedSize / 1024 / 1024
  }

  /** Runs `work` under the sampling profiler and writes the profile to `dir/name.cpuprofile` (open it in DevTools). */
  async profile<T>(dir: string, name: string, work: () => Promise<T>): Promise<T> {
    await this.cdp.send('Profiler.enable')
    await this.cdp.send('Profiler.setSamplingInterval', { interval: 500 })
    await this.cdp.send('Profiler.start')
    try {
      return await work()
    } finally {
      const { profile } = await this.cdp.send('Profiler.stop')
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
    }
  }

  detach(): Promise<void> {
    return this.cdp.detach()
  }
}

/** bench/support/page-probes.js: give it to page.addInitScript before the app loads. */
export const PAGE_PROBES_SCRIPT = join(import.meta.dirname, 'page-probes.js')

export interface AnswerShown {
  label: string | null
  status: string | null
  /** The answer's last sentence is in the pane. */
  complete: boolean
  codeBlocks: number
  tables: number
  /** Markdown syntax (a fence) shows as text: not rendered. */
  rawMarkdown: boolean
}

export interface EstimateShown {
  /** The last keystroke before it (event.timeStamp), the DOM change, the frame that painted it. */
  keyAt: number | null
  domAt: number
  paintAt: number | null
  text: string
}

/** What page-probes.js offers, on the page's clock (ms since navigation). */
export interface LongFrame {
  start: number
  duration: number
  /** Of which: scripts, then style and layout (the rest is the frame's rendering and waiting). */
  scriptMs: number
  styleAndLayoutMs: number
}

export interface PageProbes {
  longTasks(): Array<{ start: number; duration: number }>
  /** Long animation frames (over 50 ms), with what their time went on. */
  longFrames(): LongFrame[]
  /** When the prompt box and main's first answer were both shown; null until then. */
  interactiveAt(): number | null
  watchFirstAnswerPaint(): void
  firstPaintAt(): number | null
  /** An answer is streaming: the composer offers "Stop all". */
  running(): boolean
  answers(lastSentence: string): AnswerShown[]
  /** Puts a text in the Prompt box at once, as a paste does, with the caret at its end. */
  setPrompt(text: string): void
  watchEstimates(): void
  /** Each time the estimate strip stopped being busy since watchEstimates(). */
  estimates(): EstimateShown[]
  /** event.timeStamp of the last keydown. */
  lastKeyAt(): number | null
  estimateText(): string
}

/** Calls one of the page's probes. */
export function callProbe<K extends keyof PageProbes>(page: Page, name: K, ...args: Parameters<PageProbes[K]>): Promise<ReturnType<PageProbes[K]>> {
  return page.evaluate(
    ({ name, args }) => {
      const probes = (globalThis as unknown as { __juxtaBench: Record<string, (...values: unknown[]) => unknown> }).__juxtaBench
      return probes[name]!(...args)
    },
    { name, args: args as unknown[] }
  ) as Promise<ReturnType<PageProbes[K]>>
}

export function difference(after: MainThreadTimes, before: MainThreadTimes): MainThreadTimes {
  return {
    cpuMs: after.cpuMs - before.cpuMs,
    taskMs: after.taskMs - before.taskMs,
    scriptMs: after.scriptMs - before.scriptMs,
    layoutMs: after.layoutMs - before.layoutMs,
    styleMs: after.styleMs - before.styleMs
  }
}

/** Where CPU profiles go when JUXTA_BENCH_PROFILE names a folder; null when profiling is off. */
export function profileDir(): string | null {
  return process.env['JUXTA_BENCH_PROFILE'] || null
}
