import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import type { Usage } from '../../src/shared/generation'
import { type OpenStoreOptions, type OpenedStore, openStore } from '../../src/main/store/open-store'
import type { Store } from '../../src/main/store/store'

/** Real SQLite files in fresh temporary directories, removed (and their stores closed) after each test. */
const dirs: string[] = []
const stores: Store[] = []

afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'juxta-store-'))
  dirs.push(dir)
  return dir
}

/** Opens a store in `dataDir` (a new temporary one by default), closed after the test. */
export function open(options: Partial<OpenStoreOptions> = {}): OpenedStore & { dataDir: string } {
  const dataDir = options.dataDir ?? tempDir()
  const opened = openStore({ ...options, dataDir })
  stores.push(opened.store)
  return { ...opened, dataDir }
}

export function usage(inputTokens: number, outputTokens: number, extra: Partial<Usage> = {}): Usage {
  return { inputTokens, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false, ...extra }
}

/** A conversation of two panes and one turn whose answers are finished with these texts. */
export function seedConversation(store: Store, prompt: string, answers: [string, string], title?: string): number {
  const { conversation, panes } = store.conversations.create({
    ...(title !== undefined && { title }),
    panes: [
      { profileId: 'oa', modelId: 'gpt-4o-mini', parameters: { temperature: 0.2, maxTokens: 500 } },
      { profileId: 'an', modelId: 'claude-haiku-4-5', systemPrompt: 'Be brief.' }
    ]
  })
  const turn = store.conversations.addTurn(conversation.id, { prompt })
  answers.forEach((text, index) => {
    const writer = store.startResponse(turn.id, panes[index]!.id, { timer: () => () => {} })
    writer.appendText(text)
    writer.finish({ finishReason: 'stop', usage: usage(12, 34) })
  })
  return conversation.id
}

/** The repository's hook that lets Node run the TypeScript sources with extensionless imports. */
export const TS_HOOKS = fileURLToPath(new URL('../../bench/ts-hooks.mjs', import.meta.url))

/** Starts a TypeScript file of tests/support as a child Node process with an IPC channel. */
export function forkTs(file: string, args: string[]): ChildProcess {
  return fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    execArgv: ['--import', TS_HOOKS],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
}

/** Resolves with the exit code (or signal) and everything the child wrote to stderr. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })))
}
