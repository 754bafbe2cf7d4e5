import { type ResourceLimits, Worker } from 'node:worker_threads'
import type { GenerationRequest } from '../../shared/generation.ts'
import type { TokenEstimate } from './token-estimate.ts'
import type { CountJob, WorkerReply } from './worker-protocol.ts'
import { defaultTokenWorkerUrl } from './worker-url.ts'

/**
 * Token counting behind an async API, in a worker thread: encoding a long prompt takes
 * hundreds of milliseconds, which must never freeze the thread that asks.
 */
export interface TokenCounter {
  /** Input tokens of a request (see estimateChatTokens). Rejects with the signal's reason when aborted. */
  countChat(request: GenerationRequest, options?: CountOptions): Promise<TokenEstimate>
  /** Tokens in a text, with the model's encoding (o200k for models not OpenAI's). */
  countText(modelId: string, text: string, options?: CountOptions): Promise<number>
  /** Ends the worker; pending and later calls reject. */
  close(): Promise<void>
}

export interface CountOptions {
  /** Abort when the answer is no longer wanted, e.g. the prompt changed again. */
  signal?: AbortSignal
}

export interface TokenCounterOptions {
  /** The worker's entry file; defaults to the source file next to this module. */
  workerUrl?: URL
  /** Bounds for the worker's memory: exceeding them ends the worker, not the app. */
  resourceLimits?: ResourceLimits
}

/** The worker died (crashed, ran out of memory, exited); the next call starts a new one. */
export class TokenWorkerError extends Error {
  override readonly name = 'TokenWorkerError'
}

export function createTokenCounter(options: TokenCounterOptions = {}): TokenCounter {
  return new WorkerTokenCounter(options.workerUrl ?? defaultTokenWorkerUrl(), options.resourceLimits)
}

/** A job before it is given an id; Omit on each member keeps the union discriminated. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never
type Job = WithoutId<CountJob>

interface Pending {
  worker: Worker
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Detaches the abort listener. */
  release: () => void
}

class WorkerTokenCounter implements TokenCounter {
  private readonly workerUrl: URL
  private readonly resourceLimits: ResourceLimits | undefined
  private worker: Worker | undefined
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private closed = false

  constructor(workerUrl: URL, resourceLimits: ResourceLimits | undefined) {
    this.workerUrl = workerUrl
    this.resourceLimits = resourceLimits
  }

  countChat(request: GenerationRequest, options: CountOptions = {}): Promise<TokenEstimate> {
    return this.call({ type: 'countChat', request }, options.signal) as Promise<TokenEstimate>
  }

  countText(modelId: string, text: string, options: CountOptions = {}): Promise<number> {
    return this.call({ type: 'countText', modelId, text }, options.signal) as Promise<number>
  }

  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = undefined
    this.rejectAll(undefined, new TokenWorkerError('the token counter was closed'))
    await worker?.terminate()
  }

  private call(job: Job, signal: AbortSignal | undefined): Promise<unknown> {
    if (this.closed) return Promise.reject(new TokenWorkerError('the token counter was closed'))
    if (signal?.aborted) return Promise.reject(signal.reason)
    const worker = this.ensureWorker()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.settle(id)
        // If the worker has not started the job it drops it; if it has, the reply is ignored.
        worker.postMessage({ type: 'cancel', id })
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.pending.set(id, { worker, resolve, reject, release: () => signal?.removeEventListener('abort', onAbort) })
      // Keep the process alive only while an answer is awaited.
      worker.ref()
      try {
        worker.postMessage({ ...job, id })
      } catch (error) {
        // A request that cannot be cloned (a function in extras, say) fails alone.
        this.settle(id)
        reject(error)
      }
    })
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(this.workerUrl, { resourceLimits: this.resourceLimits })
    worker.unref()
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.settle(reply.id)
      if (!pending) return // cancelled meanwhile
      if (reply.ok) pending.resolve(reply.result)
      else pending.reject(new Error(`token counting failed: ${reply.error}`))
    })
    worker.on('error', (error) => this.lose(worker, `the token worker crashed: ${error.message}`))
    worker.on('exit', (code) => this.lose(worker, `the token worker exited (code ${code})`))
    this.worker = worker
    return worker
  }

  /** Forgets a call, returning it if it was still pending. */
  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id)
    if (!pending) return undefined
    this.pending.delete(id)
    pending.release()
    if (![...this.pending.values()].some((other) => other.worker === pending.worker)) pending.worker.unref()
    return pending
  }

  /** A worker died: its calls fail, and the next call starts a fresh worker. */
  private lose(worker: Worker, message: string): void {
    if (this.worker === worker) this.worker = undefined
    this.rejectAll(worker, new TokenWorkerError(message))
  }

  private rejectAll(worker: Worker | undefined, error: TokenWorkerError): void {
    for (const [id, pending] of this.pending) {
      if (worker && pending.worker !== worker) continue
      this.settle(id)
      pending.reject(error)
    }
  }
}
