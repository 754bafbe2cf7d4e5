import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The names the server answers to. A browser sends exactly one of these as Host; anything else is DNS rebinding or a mistake. */
export function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function ownOrigins(port: number): string[] {
  return ownHosts(port).map((host) => `http://${host}`)
}

export function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host?.toLowerCase()
  return host !== undefined && ownHosts(port).includes(host)
}

/**
 * A browser sends Origin on every cross-origin request and on same-origin module scripts, but
 * not on a plain navigation; so an absent Origin is allowed only where `required` is false.
 */
export function originAllowed(request: IncomingMessage, port: number, required: boolean): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return !required
  return ownOrigins(port).includes(origin.toLowerCase())
}

/**
 * Constant-time comparison of the token given with the launch token. Both are hashed first so
 * the buffers compared always have the same length, whatever was sent.
 */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null || given === '') return false
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}
