import { readHiddenLine } from './hidden-line'
/** What a command may touch of the outside world, so tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
  /** Reads all of standard input (for a prompt given as "-"). */
  readStdin: () => Promise<string>
  isTTY: boolean
  /** Reads a line from standard input without showing it, when standard input is a terminal (null: cancelled); absent otherwise. */
  readHidden?: (prompt: string) => Promise<string | null>
}

/** Exit statuses: 0 all good, 1 the work failed, 2 the command line or config was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** A problem with what the user typed; printed without a stack trace, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export function parsePositiveInt(text: string, flag: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${flag} must be a whole number above 0, not "${text}"`)
  return value
}

/** The prompt: the words after the options (unquoted words arrive as several), or stdin for "-". */
export async function readPrompt(positionals: string[], io: CliIO): Promise<string> {
  if (positionals.length === 0) throw new UsageError('give the prompt as the last argument, or "-" to read it from standard input')
  const prompt = positionals.length === 1 && positionals[0] === '-' ? await io.readStdin() : positionals.join(' ')
  if (!prompt.trim()) throw new UsageError('the prompt is empty')
  return prompt
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
    isTTY: Boolean(process.stdout.isTTY),
    ...(process.stdin.isTTY && { readHidden: (prompt: string) => readHiddenLine(process.stdin, (text) => process.stderr.write(text), prompt) })
  }
}
