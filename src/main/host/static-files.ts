import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'

/** Only what the built renderer contains; anything else is sent as opaque bytes (and nosniff keeps it so). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file a URL path names inside root, or null: for "..", encoded separators, NUL, a
 * directory (there is no listing; "/" alone means index.html), or a symlink leading out of root.
 * `root` must already be a real path.
 */
export async function resolveStaticFile(root: string, pathname: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded === '/') decoded = '/index.html'
  if (!decoded.startsWith('/') || /[\\\0]/.test(decoded)) return null
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null
  const candidate = resolve(root, `.${decoded}`)
  if (!candidate.startsWith(root + sep)) return null
  try {
    const real = await realpath(candidate)
    if (!real.startsWith(root + sep)) return null
    return (await stat(real)).isFile() ? real : null
  } catch {
    return null
  }
}

/** Streams a file with its type and length; the security headers are the caller's. */
export async function sendFile(response: ServerResponse, file: string, headOnly: boolean): Promise<void> {
  const { size } = await stat(file)
  response.writeHead(200, {
    'Content-Type': contentType(file),
    'Content-Length': size,
    // Never a stale page after an update: index.html is not stored, and other files are fetched
    // again on each load (no validators are sent; on loopback that costs a few milliseconds).
    'Cache-Control': file.endsWith('.html') ? 'no-store' : 'no-cache'
  })
  if (headOnly) {
    response.end()
    return
  }
  const stream = createReadStream(file)
  stream.on('error', () => response.destroy())
  stream.pipe(response)
}
