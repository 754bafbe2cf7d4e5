import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runEstimateBench } from './estimate-bench'
import { runPipelineBench } from './pipeline-bench'
import type { BenchRow } from './stats'

// `npm run bench`: runs every benchmark, prints a table, writes bench/results.json.
const rows: BenchRow[] = [...(await runPipelineBench()), ...(await runEstimateBench())]

const header = ['metric', 'value', 'budget', 'ok', 'note']
const cells = rows.map((row) => [
  row.metric,
  `${row.value} ${row.unit}`,
  row.budget ?? '',
  row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
  row.note ?? ''
])
const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)))
const line = (values: string[]): string => values.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd()
console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n'))

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  metrics: Object.fromEntries(rows.map((row) => [row.metric, row.value])),
  rows
}
await mkdir(join(import.meta.dirname), { recursive: true })
await writeFile(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
if (rows.some((row) => row.pass === false)) process.exitCode = 1
