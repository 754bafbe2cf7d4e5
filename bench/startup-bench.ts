import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type BenchRow, median, round } from './stats'
import { launchChromium } from './support/browser-app'
import { PAGE_PROBES_SCRIPT, callProbe } from './support/page-metrics'
import { ROOT } from './support/paths'

/**
 * Start-up, of the built app (`npm run build`; built first when out/ is missing or older than
 * the sources): how long `juxta web` takes from being spawned to printing its address (a fresh
 * data directory each time), the renderer's size as served (JS, CSS and HTML, gzip), and how
 * long a cold page load in Chromium takes to become interactive — the Prompt box there and main's
 * first answer (the version) shown.
 */

const HOST_STARTS = 7
const PAGE_LOADS = 7
const CLI = join(ROOT, 'out/main/cli.js')
const RENDERER = join(ROOT, 'out/renderer')

async function newestMtime(dir: string): Promise<number> {
  let newest = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs)
  }
  return newest
}

async function ensureBuilt(): Promise<void> {
  const built = existsSync(CLI) && existsSync(join(RENDERER, 'index.html'))
  if (built && (await stat(join(RENDERER, 'index.html'))).mtimeMs >= (await newestMtime(join(ROOT, 'src')))) return
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code})`))))
  })
}

interface RunningHost {
  url: string
  readyMs: number
  stop(): Promise<void>
}

/** Spawns `node out/main/cli.js web --no-open` on a fresh data directory; ready when it prints its address. */
async function startHost(): Promise<RunningHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'juxta-bench-startup-'))
  const started = performance.now()
  const child: ChildProcess = spawn(process.execPath, [CLI, 'web', '--no-open'], { cwd: ROOT, env: { ...process.env, JUXTA_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM')
    await exited
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = ''
      let stderr = ''
      const timer = setTimeout(() => reject(new Error(`juxta web printed no address in 30 s: ${stderr}`)), 30_000)
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)\n/.exec(stdout)
        if (!match) return
        clearTimeout(timer)
        resolve(match[1]!)
      })
      child.once('close', (code) => reject(new Error(`juxta web exited (${code}) before it was ready: ${stderr}`)))
    })
    return { url, readyMs: performance.now() - started, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** JS, CSS and HTML of the built renderer: bytes as built and gzipped. */
async function rendererSize(): Promise<{ rawKb: number; gzipKb: number; files: number }> {
  let raw = 0
  let gzip = 0
  let files = 0
  for (const entry of await readdir(RENDERER, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !['.js', '.css', '.html'].includes(extname(entry.name))) continue
    const bytes = await readFile(join(entry.parentPath, entry.name))
    raw += bytes.length
    gzip += gzipSync(bytes).length
    files++
  }
  return { rawKb: raw / 1024, gzipKb: gzip / 1024, files }
}

/** Cold page loads (a new browser context each: nothing cached), navigation to interactive, on the page's clock. */
async function timesToInteractive(url: string): Promise<number[]> {
  const browser = await launchChromium()
  try {
    const times: number[] = []
    // The first load is not counted: it starts Chromium's own processes.
    for (let load = 0; load <= PAGE_LOADS; load++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
      await context.addInitScript({ path: PAGE_PROBES_SCRIPT })
      const page = await context.newPage()
      await page.goto(url)
      let interactiveAt: number | null = null
      for (const deadline = Date.now() + 20_000; interactiveAt === null && Date.now() < deadline; ) {
        interactiveAt = await callProbe(page, 'interactiveAt')
        if (interactiveAt === null) await new Promise((resolve) => setTimeout(resolve, 20))
      }
      if (interactiveAt === null) throw new Error('the page did not become interactive in 20 s')
      if (load > 0) times.push(interactiveAt)
      await context.close()
    }
    return times
  } finally {
    await browser.close()
  }
}

export async function runStartupBench(): Promise<BenchRow[]> {
  await ensureBuilt()
  const ready: number[] = []
  for (let start = 0; start <= HOST_STARTS; start++) {
    const host = await startHost()
    // The first start is not counted: it warms the file cache.
    if (start > 0) ready.push(host.readyMs)
    await host.stop()
  }
  const size = await rendererSize()
  const host = await startHost()
  let tti: number[]
  try {
    tti = await timesToInteractive(host.url)
  } finally {
    await host.stop()
  }
  return [
    { metric: 'startup.hostReadyMs', value: round(median(ready)), unit: 'ms', note: `spawn of "node out/main/cli.js web --no-open" → address printed; median of ${HOST_STARTS}, range ${round(Math.min(...ready))}–${round(Math.max(...ready))}` },
    { metric: 'startup.rendererGzipKb', value: round(size.gzipKb), unit: 'KB', note: `out/renderer: ${size.files} JS/CSS/HTML files, ${round(size.rawKb)} KB before gzip` },
    { metric: 'startup.ttiMs', value: round(median(tti)), unit: 'ms', note: `cold page load in Chromium → Prompt box and main's first answer shown; median of ${PAGE_LOADS}, range ${round(Math.min(...tti))}–${round(Math.max(...tti))}` }
  ]
}
