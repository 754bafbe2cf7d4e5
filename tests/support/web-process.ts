import { type ChildProcess, spawn } from 'node:child_process'

/**
 * `juxta web` as a user runs it: the built command in a process of its own, so it can be
 * killed outright and started again, and everything it prints is kept.
 */
export interface WebProcess {
  /** The page URL it printed, with its launch token. */
  url: URL
  token: string
  child: ChildProcess
  /** Everything written so far. */
  output(): { stdout: string; stderr: string }
  /** Resolves once the process has exited (and been reaped), however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  kill(): Promise<void>
  /** SIGTERM: the clean stop of Ctrl+C or a service manager. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const URL_LINE = /Juxta is running at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)\n/

/** Runs a command of the built CLI and collects its output. */
export function runBuiltCli(
  cli: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  stdin = ''
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...argv], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  const output = collect(child)
  child.stdin!.end(stdin)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, ...output() }))
  })
}

/** Starts `juxta web --no-open` and resolves once it prints its address (or fails with what it printed). */
export async function startWebProcess(cli: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<WebProcess> {
  const child = spawn(process.execPath, [cli, 'web', '--no-open'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = collect(child)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal }))
  )
  const printed = await new Promise<string>((resolve, reject) => {
    let settled = false
    const timer = setTimeout(() => fail(`no address within ${timeoutMs / 1000} s`), timeoutMs)
    const fail = (why: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`juxta web: ${why}\nstdout: ${output().stdout}\nstderr: ${output().stderr}`))
    }
    child.stdout!.on('data', () => {
      const match = URL_LINE.exec(output().stdout)
      if (!match || settled) return
      settled = true
      clearTimeout(timer)
      resolve(match[1]!)
    })
    void exited.then(({ code, signal }) => fail(`exited (${signal ?? code}) before serving`))
  })
  const url = new URL(printed)
  return {
    url,
    token: url.hash.replace('#token=', ''),
    child,
    output,
    exited,
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    },
    stop: () => {
      child.kill('SIGTERM')
      return exited
    }
  }
}

function collect(child: ChildProcess): () => { stdout: string; stderr: string } {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text))
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  return () => ({ stdout, stderr })
}
