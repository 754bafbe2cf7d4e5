import { z } from 'zod'
import type { PriceSource } from './catalog'
import type { ErrorInfo } from './errors'
import { type FinishReason, REASONING_EFFORTS, type Usage } from './generation'
import type { ModelParameters, ResponseTimings } from './history'
import { messageSchema, toolDefinitionSchema } from './message-schemas'
import type { AssistantMessage, Message, ToolCall, ToolDefinition } from './messages'
import { parseModelRef } from './profiles'
import { MAX_PANES, nextHistory } from './conversation-thread'

/**
 * A comparison run: one prompt sent to 1–16 panes at once, each a model instance with its own
 * parameters, system prompt and conversation. Everything here crosses IPC and WebSocket, so it
 * is plain JSON data: no Dates, Maps, functions or class instances. Times are milliseconds of
 * main's clock (epoch based); ids of saved records are the store's integers.
 */

export { MAX_PANES, nextHistory }

/**
 * Bounds on what a run may carry, so that one request from a window or socket cannot exhaust
 * memory: far above real use (a prompt of about 500k tokens; long conversations in every pane).
 */
export const RUN_LIMITS = {
  promptChars: 2 * 1024 * 1024,
  /** The whole input as JSON, histories included. */
  inputJsonChars: 64 * 1024 * 1024,
  idChars: 100,
  modelRefChars: 400,
  tools: 128
} as const

const boundedId = (what: string) => z.string().min(1, `${what} is empty`).max(RUN_LIMITS.idChars, `${what} has at most ${RUN_LIMITS.idChars} characters`)

export const modelParametersSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
  reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
  thinkingBudget: z.number().int().positive().optional()
}) satisfies z.ZodType<ModelParameters>

/** One pane of a run. */
export interface PaneSpec {
  /** Chosen by the caller, unique within the run (e.g. "a", "b" or a UI id); every event names it. */
  id: string
  /** The model instance, "profileId:modelId". The same one may appear in several panes. */
  model: string
  parameters?: ModelParameters
  /** This pane's system prompt; absent: the run's `system`; "" for none. */
  systemPrompt?: string | null
  /** This pane's conversation so far, before the prompt; absent for a first turn. Ignored when the run has a `thread`. */
  history?: Message[]
  /**
   * The saved pane this one continues (RunHandle.panes[].storedPaneId of the earlier turn), with
   * the run's `conversationId`. When the model, parameters or system prompt changed, the answer is
   * saved under a new pane of the conversation, so earlier answers stay with the model that wrote them.
   */
  storedPaneId?: number
}

/** "Continue with this answer": the history every pane of the next run is sent. From engine.continueWith(). */
export interface ContinuedThread {
  history: Message[]
  /** The saved answer continued, when it was saved; recorded on the next turn. */
  continuedFromResponseId: number | null
}

export interface RunInput {
  prompt: string
  /** 1 to MAX_PANES; a one-pane run is the plain chat. */
  panes: PaneSpec[]
  /** System prompt of panes that have none of their own. */
  system?: string
  tools?: ToolDefinition[]
  /** After continueWith(): every pane is sent this history instead of its own. */
  thread?: ContinuedThread
  /** Add this run as the next turn of a saved conversation; absent starts a new one. */
  conversationId?: number
  /** Title of a new conversation; by default its first prompt. */
  title?: string
  /** false: nothing is written to the store. Default true. */
  save?: boolean
}

export const paneSpecSchema = z.strictObject({
  id: boundedId('a pane id'),
  model: z.string().max(RUN_LIMITS.modelRefChars).refine((ref) => parseModelRef(ref) !== null, 'write a model as PROFILE:MODEL, e.g. "openai:gpt-4o-mini"'),
  parameters: modelParametersSchema.optional(),
  systemPrompt: z.string().max(RUN_LIMITS.promptChars).nullable().optional(),
  history: z.array(messageSchema).optional(),
  storedPaneId: z.number().int().positive().optional()
}) satisfies z.ZodType<PaneSpec>

export const continuedThreadSchema = z.strictObject({
  history: z.array(messageSchema),
  continuedFromResponseId: z.number().int().positive().nullable()
}) satisfies z.ZodType<ContinuedThread>

/** The input of a run, for a transport to parse; the engine parses it too. */
export const runInputSchema = z
  .strictObject({
    prompt: z
      .string()
      .max(RUN_LIMITS.promptChars, 'the prompt is too long')
      .refine((prompt) => prompt.trim() !== '', 'the prompt is empty'),
    panes: z
      .array(paneSpecSchema)
      .min(1, 'a run needs at least one pane')
      .max(MAX_PANES, `a run can have at most ${MAX_PANES} panes`),
    system: z.string().max(RUN_LIMITS.promptChars).optional(),
    tools: z.array(toolDefinitionSchema).max(RUN_LIMITS.tools).optional(),
    thread: continuedThreadSchema.optional(),
    conversationId: z.number().int().positive().optional(),
    title: z.string().max(10_000).optional(),
    save: z.boolean().optional()
  })
  .superRefine((input, context) => {
    if (JSON.stringify(input).length > RUN_LIMITS.inputJsonChars) {
      context.addIssue({ code: 'custom', path: [], message: 'the run is too large (its histories above all)' })
    }
    const seen = new Set<string>()
    const stored = new Set<number>()
    input.panes.forEach((pane, index) => {
      if (seen.has(pane.id)) context.addIssue({ code: 'custom', path: ['panes', index, 'id'], message: `"${pane.id}" is used by another pane` })
      seen.add(pane.id)
      if (pane.storedPaneId === undefined) return
      if (stored.has(pane.storedPaneId)) {
        context.addIssue({ code: 'custom', path: ['panes', index, 'storedPaneId'], message: 'continued by another pane too' })
      }
      stored.add(pane.storedPaneId)
      if (input.conversationId === undefined && input.save !== false) {
        context.addIssue({ code: 'custom', path: ['panes', index, 'storedPaneId'], message: 'needs the conversationId it belongs to' })
      }
    })
  }) satisfies z.ZodType<RunInput>

/** Names an answer to stop, retry or continue: a pane of a run. */
export const paneRefSchema = z.strictObject({ runId: boundedId('a run id'), paneId: boundedId('a pane id') })
/** stop(runId) stops every pane; with paneId, that pane only. */
export const stopInputSchema = z.strictObject({ runId: boundedId('a run id'), paneId: boundedId('a pane id').optional() })

/** An answer saved in an earlier session: continued from the store instead of the engine's memory. */
export interface StoredResponseRef {
  conversationId: number
  responseId: number
}

/** A live answer by its RunEvent/PaneResult responseId, or a saved one. */
export type ContinueFrom = string | StoredResponseRef

export const continueFromSchema = z.union([
  boundedId('a response id'),
  z.strictObject({ conversationId: z.number().int().positive(), responseId: z.number().int().positive() })
]) satisfies z.ZodType<ContinueFrom>

/**
 * - queued: waiting for a free slot of its endpoint (only with a concurrency limit)
 * - waiting: the request is sent; no output yet
 * - streaming: output is arriving
 * - retrying: a retryable failure before any output; sent again in `retryInMs`
 * - done / error / stopped: final; text received before an error or stop is kept
 */
export const PANE_STATUSES = ['queued', 'waiting', 'streaming', 'retrying', 'done', 'error', 'stopped'] as const
export type PaneStatus = (typeof PANE_STATUSES)[number]
export type ActivePaneStatus = Extract<PaneStatus, 'queued' | 'waiting' | 'streaming' | 'retrying'>
export type FinalPaneStatus = Extract<PaneStatus, 'done' | 'error' | 'stopped'>

/**
 * queuedAt, sentAt (the last send, after any retry's wait), firstTokenAt, lastTokenAt; ttftMs from
 * sending to the first output; tokensPerSecond = output tokens over first → last token. The same
 * figures the store saves.
 */
export type PaneMetrics = ResponseTimings

/** What an answer cost, USD. */
export interface PaneCost {
  /** From the usage at the model's prices, cached input and cache writes at their own; null when the price is unknown. */
  computedUsd: number | null
  /** What the provider says it charged (OpenRouter's usage.cost); null when it does not say. */
  reportedUsd: number | null
  /** Both known and more than 5% apart: the catalog price is probably stale. */
  mismatch: boolean
  priceSource: PriceSource
  /** The server sent no usage; the tokens (and so the cost) are Juxta's estimate. */
  estimatedUsage: boolean
}

/** How one attempt of one pane ended. */
export interface PaneResult {
  runId: string
  paneId: string
  model: string
  /** 1 for the first attempt; retry() adds one. */
  attempt: number
  /** Names this answer to continueWith(). */
  responseId: string
  storedPaneId: number | null
  storedResponseId: number | null
  status: FinalPaneStatus
  text: string
  reasoning: string
  reasoningSignature: string | null
  toolCalls: ToolCall[]
  /** Null only when the request was never sent (stopped while queued, no API key …). */
  usage: Usage | null
  cost: PaneCost
  metrics: PaneMetrics
  finishReason: FinishReason
  /** The vendor's own finish reason, e.g. "end_turn". */
  rawFinishReason: string | null
  error: ErrorInfo | null
  /** The model that answered, as the server named it (a dated snapshot, say). */
  servedModel: string | null
  /** The assistant message to append to this pane's history; null when nothing was produced. */
  message: AssistantMessage | null
}

interface PaneEventBase {
  runId: string
  paneId: string
}

/** A new attempt of a pane begins: clear what the pane showed. */
export interface PaneStartedEvent extends PaneEventBase {
  type: 'pane-started'
  attempt: number
  responseId: string
  model: string
  storedResponseId: number | null
  queuedAt: number
}

export interface PaneStatusEvent extends PaneEventBase {
  type: 'status'
  /** Final statuses arrive in `pane-finished`. */
  status: ActivePaneStatus
  /** When the pane entered this status; 'waiting' at sending, 'streaming' at the first token. */
  at: number
  /** 'retrying': how long until the request is sent again. */
  retryInMs?: number
  /** 'retrying': the failure being retried, and which attempt of how many failed. */
  error?: ErrorInfo
  retryAttempt?: number
  maxAttempts?: number
}

/** Text of the answer, coalesced: several provider deltas in one event, in order, nothing dropped. */
export interface PaneTextEvent extends PaneEventBase {
  type: 'text-delta'
  text: string
}

export interface PaneReasoningEvent extends PaneEventBase {
  type: 'reasoning-delta'
  text: string
}

export interface PaneToolCallEvent extends PaneEventBase {
  type: 'tool-call'
  toolCall: ToolCall
}

/** Token usage as the provider reports it mid-stream (Anthropic sends input tokens first). */
export interface PaneUsageEvent extends PaneEventBase {
  type: 'usage'
  usage: Usage
}

export interface PaneFinishedEvent extends PaneEventBase {
  type: 'pane-finished'
  result: PaneResult
}

/** What the engine pushes to the UI, every event tagged { runId, paneId }. */
export type RunEvent =
  | PaneStartedEvent
  | PaneStatusEvent
  | PaneTextEvent
  | PaneReasoningEvent
  | PaneToolCallEvent
  | PaneUsageEvent
  | PaneFinishedEvent

export type RunEventType = RunEvent['type']

/** What start() returns at once: ids to address the run and, when saved, its records. */
export interface RunHandle {
  runId: string
  conversationId: number | null
  turnId: number | null
  panes: Array<{ paneId: string; model: string; storedPaneId: number | null }>
}

/** Every pane's latest result, in pane order, once all have settled. */
export interface RunSummary {
  runId: string
  conversationId: number | null
  turnId: number | null
  prompt: string
  panes: PaneResult[]
}
