/**
 * Worker-thread entry: counts tokens off the thread that asks, with the encoders and their
 * piece caches loaded once for the worker's life. Node runs this file straight from source
 * (type stripping), so everything it imports uses explicit .ts extensions and only erasable
 * TypeScript syntax; the app's bundle builds it as an entry of its own.
 */
import { type MessagePort, parentPort } from 'node:worker_threads'
import { estimateChatTokens, estimateTextTokens } from './chat-tokens.ts'
import { loadCounter } from './encoders.ts'
import type { CountJob, WorkerReply, WorkerRequest } from './worker-protocol.ts'

if (!parentPort) throw new Error('token-worker runs only as a worker thread')
const port: MessagePort = parentPort

const queue: CountJob[] = []
let draining = false

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    const index = queue.findIndex((job) => job.id === message.id)
    if (index >= 0) queue.splice(index, 1)
    return
  }
  queue.push(message)
  if (!draining) {
    draining = true
    setImmediate(drain)
  }
})

// Most models in a comparison count with o200k (the approximation uses it too): start loading it now.
void loadCounter('o200k_base')

/**
 * One job per turn of the event loop, so that cancellations which arrived meanwhile are seen
 * before a superseded job starts.
 */
async function drain(): Promise<void> {
  const job = queue.shift()
  if (!job) {
    draining = false
    return
  }
  port.postMessage(await run(job))
  setImmediate(drain)
}

async function run(job: CountJob): Promise<WorkerReply> {
  try {
    const result =
      job.type === 'countChat' ? await estimateChatTokens(job.request) : await estimateTextTokens(job.modelId, job.text)
    return { id: job.id, ok: true, result }
  } catch (error) {
    return { id: job.id, ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}
