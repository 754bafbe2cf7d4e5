import { ConfigError } from '../config/profiles-file'
import { type CliIO, EXIT, UsageError } from './cli-io'

/**
 * For a command that reports its own bad arguments (so it behaves the same wired into runCli
 * or called alone), and for runCli itself: prints the problem, then the usage when there is one,
 * and returns exit status 2; or returns null for an error that is not about the command line or
 * profiles file.
 */
export function reportUsageProblem(error: unknown, usage: string, io: CliIO): number | null {
  if (error instanceof ConfigError) {
    io.stderr(`juxta: bad profiles file ${error.message}\n`)
    return EXIT.usage
  }
  // parseArgs reports unknown flags and missing values with these codes.
  const code = (error as { code?: unknown } | null)?.code
  if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    io.stderr(`juxta: ${(error as Error).message}\n${usage ? `\n${usage}` : ''}`)
    return EXIT.usage
  }
  return null
}
