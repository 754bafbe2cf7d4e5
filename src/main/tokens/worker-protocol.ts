import type { GenerationRequest } from '../../shared/generation.ts'
import type { TokenEstimate } from './token-estimate.ts'

/** Messages between TokenCounter (main thread) and token-worker.ts. Requests carry an id that the reply repeats. */

export type CountJob =
  | { id: number; type: 'countChat'; request: GenerationRequest }
  | { id: number; type: 'countText'; modelId: string; text: string }

/** Drop the job with this id if it has not started: its answer is no longer wanted. */
export interface CancelMessage {
  id: number
  type: 'cancel'
}

export type WorkerRequest = CountJob | CancelMessage

export type WorkerReply =
  | { id: number; ok: true; result: TokenEstimate | number }
  | { id: number; ok: false; error: string }
