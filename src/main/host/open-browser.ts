import { spawn } from 'node:child_process'

/**
 * Opens a URL with the platform's own opener. Best effort: a machine without a browser (a
 * server, a container) just does not open one, and the printed URL still works.
 */
export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const [command, args, verbatim] =
    platform === 'darwin'
      ? ['open', [url], false]
      : platform === 'win32'
        ? // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
          ['cmd', ['/c', 'start', '""', `"${url}"`], true]
        : ['xdg-open', [url], false]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: verbatim })
    child.on('error', () => {})
    child.unref()
  } catch {
    // As above: not opening a browser is not an error.
  }
}
