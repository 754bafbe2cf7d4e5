import type { RawClient } from './client'
import { type ContractError, type Result, failure } from './result'

/**
 * The message protocol for transports that move messages rather than calls (the WebSocket of
 * browser mode, the in-memory pair of the tests). Plain data, JSON-safe.
 */
export type ClientMessage = { type: 'invoke'; id: number; route: string; input: unknown }

export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: string; payload: unknown }

/** The server checks what arrives; this is the client's check of what the server sends. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'object' || data === null) return null
  const message = data as Record<string, unknown>
  if (message['type'] === 'result' && Number.isSafeInteger(message['id']) && isResult(message['result'])) {
    return message as ServerMessage
  }
  if (message['type'] === 'event' && typeof message['event'] === 'string') return message as ServerMessage
  return null
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const result = value as { ok?: unknown; error?: Partial<ContractError> }
  return result.ok === true || (result.ok === false && typeof result.error?.code === 'string' && typeof result.error.message === 'string')
}

export interface WireClientOptions {
  /**
   * How long a call may wait for a connection before it fails as 'disconnected'. Once sent,
   * a call waits for its answer however long the work takes (a key test, a big estimate).
   */
  queueTimeoutMs?: number
}

interface Queued {
  message: ClientMessage
  resolve: (result: Result<unknown>) => void
  timer: ReturnType<typeof setTimeout>
}

/**
 * The client half of the protocol over a connection that may come and go: calls made while
 * there is none wait for one; calls in flight when it drops fail as 'disconnected' (they may
 * have run, so they are not resent).
 */
export class WireClient implements RawClient {
  readonly #queueTimeoutMs: number
  #send: ((message: ClientMessage) => void) | null = null
  #nextId = 1
  readonly #queued: Queued[] = []
  readonly #inFlight = new Map<number, (result: Result<unknown>) => void>()
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>()

  constructor(options: WireClientOptions = {}) {
    this.#queueTimeoutMs = options.queueTimeoutMs ?? 15_000
  }

  get connected(): boolean {
    return this.#send !== null
  }

  /** A connection is open: queued calls go out now. */
  attach(send: (message: ClientMessage) => void): void {
    this.#send = send
    for (const queued of this.#queued.splice(0)) {
      clearTimeout(queued.timer)
      this.#transmit(queued.message, queued.resolve)
    }
  }

  /** The connection is gone: answers to calls in flight will never come. */
  detach(message = 'the connection to Juxta was lost'): void {
    this.#send = null
    const inFlight = [...this.#inFlight.values()]
    this.#inFlight.clear()
    for (const resolve of inFlight) resolve(failure('disconnected', message))
  }

  /** One message from the server, already decoded; anything malformed is ignored. */
  receive(data: unknown): void {
    const message = parseServerMessage(data)
    if (!message) return
    if (message.type === 'result') {
      const resolve = this.#inFlight.get(message.id)
      this.#inFlight.delete(message.id)
      resolve?.(message.result)
      return
    }
    for (const listener of this.#listeners.get(message.event) ?? []) {
      try {
        listener(message.payload)
      } catch (error) {
        // One listener's bug must not keep the event from the others.
        reportListenerError(error)
      }
    }
  }

  invoke(route: string, input: unknown): Promise<Result<unknown>> {
    const message: ClientMessage = { type: 'invoke', id: this.#nextId++, route, input }
    return new Promise((resolve) => {
      if (this.#send) {
        this.#transmit(message, resolve)
        return
      }
      const queued: Queued = {
        message,
        resolve,
        timer: setTimeout(() => {
          this.#queued.splice(this.#queued.indexOf(queued), 1)
          resolve(failure('disconnected', 'Juxta is not reachable: no connection'))
        }, this.#queueTimeoutMs)
      }
      this.#queued.push(queued)
    })
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let listeners = this.#listeners.get(event)
    if (!listeners) this.#listeners.set(event, (listeners = new Set()))
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }

  #transmit(message: ClientMessage, resolve: (result: Result<unknown>) => void): void {
    this.#inFlight.set(message.id, resolve)
    try {
      this.#send!(message)
    } catch (error) {
      // An input that cannot be encoded (a function, a cycle) never left this side.
      this.#inFlight.delete(message.id)
      resolve(failure('invalid_input', `the input could not be sent: ${error instanceof Error ? error.message : String(error)}`))
    }
  }
}

function reportListenerError(error: unknown): void {
  // Rethrown outside the loop so it still reaches the console and error reporting.
  setTimeout(() => {
    throw error
  })
}
