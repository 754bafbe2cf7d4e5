import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { juxtaContract } from '../../shared/contract/juxta-contract'
import { startBrowserHost } from '../host/browser-host'
import { openInBrowser } from '../host/open-browser'
import { createDispatcher } from '../ipc/dispatcher'
import { createHandlers } from '../ipc/handlers'
import type { MainServices } from '../services'
import { type CliIO, EXIT, UsageError } from './cli-io'

export const WEB_USAGE = `Usage: juxta web [--config FILE] [--port N] [--no-open]

Runs Juxta in your browser: serves the app on 127.0.0.1 and opens it. The address printed
carries a key for this launch only; keep it to yourself. Ctrl+C stops it.
--config FILE  use the profiles in FILE (read-only) instead of the saved ones
--port N       listen on port N (default: any free port)
--no-open      print the address without opening a browser
`

export interface WebCommandContext {
  /** The built renderer: out/renderer, beside out/main where cli.js runs. */
  rendererDir: string
  /** The app's services on the data directory (no safeStorage: this is not Electron), with a profiles file when given. */
  services: (profilesFile: string | undefined) => Promise<MainServices>
  /** The platform opener by default. */
  openBrowser?: (url: string) => void
  /** Settles when the server should stop; SIGINT or SIGTERM by default. */
  stopped?: Promise<unknown>
}

export async function runWebCommand(argv: string[], io: CliIO, context: WebCommandContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    io.stdout(WEB_USAGE)
    return EXIT.ok
  }
  const port = values.port === undefined ? 0 : parsePort(values.port)
  if (!existsSync(join(context.rendererDir, 'index.html'))) {
    throw new Error(`the app's page is not built (no ${join(context.rendererDir, 'index.html')}): run "npm run build" in the checkout`)
  }

  const services = await context.services(values.config)
  try {
    for (const notice of services.notices) io.stderr(`juxta: ${notice}\n`)
    const host = await startBrowserHost({
      rendererDir: context.rendererDir,
      port,
      dispatch: createDispatcher(juxtaContract, createHandlers(services))
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${port} is in use: choose another with --port, or 0 for any`)
      throw error
    })
    try {
      io.stdout(`Juxta is running at ${host.url}\n`)
      if (!values['no-open']) (context.openBrowser ?? openInBrowser)(host.url)
      await (context.stopped ?? untilTerminated())
    } finally {
      await host.close()
    }
  } finally {
    await services.close()
  }
  return EXIT.ok
}

function parsePort(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`)
  return port
}

/** Ctrl+C or a service manager's stop: the server closes and the database is closed cleanly. */
function untilTerminated(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
