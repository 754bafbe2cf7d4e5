import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CliIO } from '../../src/main/cli/cli-io'
import { UsageError } from '../../src/main/cli/cli-io'
import { runHistoryCommand } from '../../src/main/cli/history-command'
import { open, seedConversation, tempDir } from '../support/store'

async function history(argv: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: {},
    readStdin: async () => '',
    isTTY: false
  }
  const code = await runHistoryCommand(argv, io, { dataDir })
  return { code, stdout, stderr }
}

function seededDirectory(): string {
  const { store, dataDir } = open()
  seedConversation(store, 'Какая столица России?', ['Столица России — Москва.', 'Moscow.'], 'Russian capital')
  seedConversation(store, '東京について教えて', ['東京は日本の首都です。', 'Tokyo is the capital of Japan.'], 'Tokyo')
  store.close()
  return dataDir
}

describe('juxta history', () => {
  it('prints one JSON object per conversation, newest first', async () => {
    const run = await history(['--json'], seededDirectory())
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(lines.map((line) => [line.type, line.title, line.models, line.turns])).toEqual([
      ['conversation', 'Tokyo', ['oa:gpt-4o-mini', 'an:claude-haiku-4-5'], 1],
      ['conversation', 'Russian capital', ['oa:gpt-4o-mini', 'an:claude-haiku-4-5'], 1]
    ])
    expect(lines[0].id).toBeTypeOf('number')
    expect(new Date(lines[0].updatedAt).toISOString()).toBe(lines[0].updatedAt)
    expect(lines[0]).not.toHaveProperty('match')
  })

  it('prints a table of id, date, title and models', async () => {
    const run = await history([], seededDirectory())
    const [header, rule, ...rows] = run.stdout.trimEnd().split('\n')
    expect(header).toMatch(/^id\s+date\s+title\s+models$/)
    expect(rule).toMatch(/^─+/)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatch(/^\s*2\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+Tokyo\s+oa:gpt-4o-mini, an:claude-haiku-4-5$/)
  })

  it('searches, with the matching passage marked', async () => {
    const dataDir = seededDirectory()
    const table = await history(['--search', 'москва'], dataDir)
    expect(table.stdout).toMatch(/\bmatch\b/)
    expect(table.stdout).toContain('Столица России — [Москва].')
    expect(table.stdout).not.toContain('Tokyo')

    const json = await history(['--search', '首都', '--json'], dataDir)
    const [line, ...rest] = json.stdout.trimEnd().split('\n').map((text) => JSON.parse(text))
    expect(rest).toEqual([])
    expect(line.title).toBe('Tokyo')
    expect(line.match.source).toBe('response')
    expect(line.match.snippet.text).toBe('東京は日本の首都です。')
    expect(line.match.snippet.highlights).toEqual([{ start: 6, end: 8 }])

    expect((await history(['--search', 'nowhere to be found'], dataDir)).stdout).toBe('No conversation contains "nowhere to be found".\n')
  })

  it('works on an empty data directory, and says so', async () => {
    const run = await history([], tempDir())
    expect(run).toEqual({ code: 0, stdout: 'No saved conversations.\n', stderr: '' })
    expect((await history(['--json'], tempDir())).stdout).toBe('')
  })

  it('reports a damaged data file on stderr and goes on', async () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'juxta.db'), 'garbage'.repeat(100))
    const run = await history([], dataDir)
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^juxta: Juxta's data file could not be read \(file is not a database\)\. It was kept as .*juxta\.db\.corrupt-\d{8}-\d{6}/)
    expect(run.stdout).toBe('No saved conversations.\n')
  })

  it('refuses bad arguments as usage errors', async () => {
    const dataDir = tempDir()
    await expect(history(['--limit', '0'], dataDir)).rejects.toThrow(UsageError)
    await expect(history(['--serch', 'x'], dataDir)).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' })
    await expect(history(['stray'], dataDir)).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' })
    expect((await history(['--help'], dataDir)).stdout).toMatch(/^Usage: juxta history/)
  })
})
