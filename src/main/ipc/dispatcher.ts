import { z } from 'zod'
import type { Contract, EventName, EventPayload, ParsedInput, RouteName, RouteOutput } from '../../shared/contract/define'
import { type ContractErrorCode, type Result, failure, ok } from '../../shared/contract/result'
import { describeIssues } from '../config/schema-errors'
import { CredentialError } from '../credentials/credential-error'
import { ProviderError } from '../providers/provider-error'
import { redactSecrets } from '../providers/redact'
import { ImportError } from '../store/conversation-json'
import { RouteError } from './route-error'

/** Who is calling, as a transport knows it: where its events go, and when it has gone away. */
export interface Caller {
  /** Sends an event to this caller only; does nothing once it is gone. */
  emit(event: string, payload: unknown): void
  /** Aborted when the caller goes away (window destroyed, socket closed): stop work done for it. */
  signal: AbortSignal
}

export interface HandlerContext<C extends Contract> {
  /** Events go to the caller that made this request (the window or socket that started a run). */
  emit<E extends EventName<C>>(event: E, payload: EventPayload<C, E>): void
  signal: AbortSignal
}

export type Handler<C extends Contract, N extends RouteName<C>> = (
  input: ParsedInput<C, N>,
  context: HandlerContext<C>
) => RouteOutput<C, N> | Promise<RouteOutput<C, N>>

/** Exhaustive: a contract route without a handler, or a handler without a route, does not compile. */
export type Handlers<C extends Contract> = { [N in RouteName<C>]: Handler<C, N> }

/** One call from any transport: never throws, always answers with a plain value. */
export type Dispatch = (route: string, input: unknown, caller: Caller) => Promise<Result<unknown>>

export interface DispatcherOptions {
  /** Unexpected failures (not a RouteError or a known error type), for the log; already redacted. */
  onUnexpectedError?: (route: string, detail: string) => void
}

const MAX_ISSUES = 20
const MAX_MESSAGE_CHARS = 2000
const MAX_DEPTH = 64
// A handler never needs these as field names; refusing them up front rules out prototype tricks
// in any schema (z.record, for one, silently drops "__proto__" instead of refusing it).
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export function createDispatcher<C extends Contract>(contract: C, handlers: Handlers<C>, options: DispatcherOptions = {}): Dispatch {
  const onUnexpectedError = options.onUnexpectedError ?? ((route, detail) => console.error(`juxta: ${route} failed: ${detail}`))

  const dispatch: Dispatch = async (route, input, caller) => {
    if (typeof route !== 'string' || !Object.hasOwn(contract.routes, route) || !Object.hasOwn(handlers, route)) {
      return failure('unknown_route', safeMessage(`no route "${clip(String(route), 100)}"`))
    }
    const unsafe = findUnsafeKey(input, 0, new Set())
    if (unsafe) return failure('invalid_input', `invalid input: ${unsafe}`, [unsafe])
    let parsed: ReturnType<z.ZodType['safeParse']>
    try {
      parsed = contract.routes[route]!.input.safeParse(input)
    } catch {
      // A refinement met a value it cannot handle (a BigInt, from Electron's structured clone).
      return failure('invalid_input', 'invalid input: a value of a type the route does not take')
    }
    if (!parsed.success) return invalidInput(parsed.error)

    const handler = handlers[route as RouteName<C>] as (input: unknown, context: HandlerContext<C>) => unknown
    const context: HandlerContext<C> = { emit: (event, payload) => caller.emit(event, payload), signal: caller.signal }
    try {
      return ok(await handler(parsed.data, context))
    } catch (error) {
      return errorResult(route, error, onUnexpectedError)
    }
  }
  return dispatch
}

function errorResult(route: string, error: unknown, onUnexpectedError: (route: string, detail: string) => void): Result<never> {
  if (error instanceof RouteError) return failure(error.code, safeMessage(error.message))
  if (error instanceof z.ZodError) return invalidInput(error)
  if (error instanceof ImportError) return failure('invalid_input', safeMessage(error.message))
  if (error instanceof CredentialError) {
    const code: ContractErrorCode = error.code === 'store_failed' ? 'failed' : 'invalid_input'
    return failure(code, safeMessage(error.message))
  }
  if (error instanceof ProviderError) return failure('failed', safeMessage(error.message))
  // Something no handler expected: the first line of its message goes back (a stack, or a
  // message that quotes one, would tell the window about main's files), the stack to the log,
  // both with anything key-shaped removed.
  const message = error instanceof Error ? error.message : String(error)
  onUnexpectedError(route, redactSecrets(error instanceof Error ? (error.stack ?? message) : message))
  return failure('failed', safeMessage(message.split('\n')[0]!.trim() || 'something went wrong', 300))
}

function invalidInput(error: z.ZodError): Result<never> {
  const issues = describeIssues(error).slice(0, MAX_ISSUES).map((issue) => safeMessage(issue, 300))
  return failure('invalid_input', `invalid input: ${issues.join('; ')}`, issues)
}

function safeMessage(message: string, limit = MAX_MESSAGE_CHARS): string {
  return clip(redactSecrets(message), limit)
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}

/**
 * The first forbidden field name, or a nesting deeper than any real input, described; null when
 * clean. Each object is visited once: Electron's structured clone keeps shared references, and
 * an object referring to itself twice would otherwise take 2^depth steps.
 */
function findUnsafeKey(value: unknown, depth: number, seen: Set<object>): string | null {
  if (typeof value !== 'object' || value === null || seen.has(value)) return null
  if (depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep`
  seen.add(value)
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `"${key}" is not allowed as a field name`
    const found = findUnsafeKey((value as Record<string, unknown>)[key], depth + 1, seen)
    if (found) return found
  }
  return null
}
