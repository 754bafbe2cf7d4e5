import type { z } from 'zod'

/**
 * A contract is plain data: route names mapped to an input schema (parsed on the main side)
 * and an output type, and event names mapped to a payload type. Both sides and every transport
 * are derived from it; output and payload types exist only for the compiler.
 */

// Type-only markers: never set at run time, they carry the output and payload types.
declare const outputType: unique symbol
declare const payloadType: unique symbol

export interface RouteDefinition<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly [outputType]?: O
}

export interface EventDefinition<P = unknown> {
  readonly [payloadType]?: P
}

export interface Contract {
  readonly routes: Readonly<Record<string, RouteDefinition>>
  readonly events: Readonly<Record<string, EventDefinition>>
}

/** `route(inputSchema).returns<Output>()` — TypeScript cannot infer one type argument and take the other. */
export function route<I extends z.ZodType>(input: I): { returns<O>(): RouteDefinition<I, O> } {
  return { returns: () => ({ input }) }
}

export function event<P>(): EventDefinition<P> {
  return {}
}

export function defineContract<C extends Contract>(contract: C): C {
  return contract
}

export type RouteName<C extends Contract> = keyof C['routes'] & string
export type EventName<C extends Contract> = keyof C['events'] & string

/** What a caller sends (before defaults are applied). */
export type RouteInput<C extends Contract, N extends RouteName<C>> = z.input<C['routes'][N]['input']>
/** What a handler receives: the input after its schema parsed it. */
export type ParsedInput<C extends Contract, N extends RouteName<C>> = z.output<C['routes'][N]['input']>
export type RouteOutput<C extends Contract, N extends RouteName<C>> =
  C['routes'][N] extends RouteDefinition<z.ZodType, infer O> ? O : never
export type EventPayload<C extends Contract, E extends EventName<C>> = C['events'][E] extends EventDefinition<infer P> ? P : never
