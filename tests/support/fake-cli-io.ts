import type { CliIO } from '../../src/main/cli/cli-io'

/** A CliIO that records what a command prints and feeds it a fixed standard input. */
export interface RecordingIO extends CliIO {
  readonly output: { stdout: string; stderr: string; stdinReads: number }
}

export function recordingIO(env: NodeJS.ProcessEnv = {}, stdin = ''): RecordingIO {
  const output = { stdout: '', stderr: '', stdinReads: 0 }
  return {
    output,
    stdout: (text) => void (output.stdout += text),
    stderr: (text) => void (output.stderr += text),
    env,
    readStdin: async () => {
      output.stdinReads++
      return stdin
    },
    isTTY: false
  }
}
