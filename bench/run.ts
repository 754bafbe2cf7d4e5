import { readFile, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { runEstimateBench } from './estimate-bench'
import { runPipelineBench } from './pipeline-bench'
import { runRenderBench } from './render-bench'
import type { BenchRow } from './stats'
import { runStartupBench } from './startup-bench'
import { runTokenizerBench } from './tokenizer-bench'
import { runUiEstimateBench } from './ui-estimate-bench'

// `npm run bench`: runs every benchmark, prints a table, writes bench/results.json.
// `npm run bench -- render startup`: only those sections; the others keep their last results
// in bench/results.json.

const SECTIONS: Record<string, { run: () => Promise<BenchRow[]>; about: string }> = {
  pipeline: { run: runPipelineBench, about: '8 × 4,000 tokens through provider → engine → WebSocket vs the SDK alone' },
  estimate: { run: runEstimateBench, about: 'a 100k-token prompt estimated for 8 models, in-process' },
  tokenizer: { run: runTokenizerBench, about: 'js-tiktoken vs gpt-tokenizer vs tiktoken (WASM) on the same prompt' },
  'ui-estimate': { run: runUiEstimateBench, about: 'the same estimate as typed in the app, in Chromium' },
  render: { run: runRenderBench, about: '8 panes streaming 20k- and 40k-token markdown answers in Chromium (about 4 minutes)' },
  startup: { run: runStartupBench, about: 'juxta web ready, renderer size, time to interactive in Chromium' }
}

interface Results {
  date: string
  node: string
  cpus: number
  metrics: Record<string, number>
  rows: BenchRow[]
  /** Each section's rows and when they were taken, so a partial run keeps the rest. */
  sections: Record<string, { date: string; rows: BenchRow[] }>
}

const RESULTS_FILE = join(import.meta.dirname, 'results.json')

const asked = process.argv.slice(2)
const unknown = asked.filter((name) => !(name in SECTIONS))
if (unknown.length > 0) {
  console.error(`unknown section ${unknown.join(', ')}. Sections:\n${Object.entries(SECTIONS).map(([name, { about }]) => `  ${name.padEnd(12)} ${about}`).join('\n')}`)
  process.exit(2)
}
const chosen = Object.keys(SECTIONS).filter((name) => asked.length === 0 || asked.includes(name))

const sections = { ...(await previousSections()) }
const fresh: BenchRow[] = []
for (const name of chosen) {
  const rows = await SECTIONS[name]!.run()
  sections[name] = { date: new Date().toISOString(), rows }
  fresh.push(...rows)
}

printTable(fresh)

const rows = Object.keys(SECTIONS).flatMap((name) => sections[name]?.rows ?? [])
const results: Results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  metrics: Object.fromEntries(rows.map((row) => [row.metric, row.value])),
  rows,
  sections
}
await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
if (fresh.some((row) => row.pass === false)) process.exitCode = 1

/** The sections of the last results file; a file from before sections were kept has its rows sorted by their metric's prefix. */
async function previousSections(): Promise<Results['sections']> {
  let previous: Partial<Results>
  try {
    previous = JSON.parse(await readFile(RESULTS_FILE, 'utf8')) as Partial<Results>
  } catch {
    return {}
  }
  if (previous.sections) return previous.sections
  const sections: Results['sections'] = {}
  for (const row of previous.rows ?? []) {
    const name = row.metric.split('.')[0]!
    if (!(name in SECTIONS)) continue
    ;(sections[name] ??= { date: previous.date ?? '', rows: [] }).rows.push(row)
  }
  return sections
}

function printTable(rows: BenchRow[]): void {
  const header = ['metric', 'value', 'budget', 'ok', 'note']
  const cells = rows.map((row) => [row.metric, `${row.value} ${row.unit}`, row.budget ?? '', row.pass === undefined ? '' : row.pass ? 'yes' : 'NO', row.note ?? ''])
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)))
  const line = (values: string[]): string => values.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd()
  console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n'))
}
