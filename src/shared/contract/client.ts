import type { Contract, EventName, EventPayload, RouteInput, RouteName, RouteOutput } from './define'
import type { Result } from './result'

/** The typed API both sides see; every transport provides it. */
export interface ContractClient<C extends Contract> {
  /** Never rejects: every failure, the transport's included, is a `{ ok: false }` value. */
  invoke<N extends RouteName<C>>(route: N, input: RouteInput<C, N>): Promise<Result<RouteOutput<C, N>>>
  /** Listens for an event pushed to this client; returns the function that stops listening. */
  on<E extends EventName<C>>(event: E, listener: (payload: EventPayload<C, E>) => void): () => void
}

/** The same API untyped: what a transport actually moves (names and values as data). */
export interface RawClient {
  invoke(route: string, input: unknown): Promise<Result<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

/**
 * Types a transport by a contract. Sound because the other end parses every input with the
 * contract's schema and answers with the handler's typed output.
 */
export function typedClient<C extends Contract>(raw: RawClient): ContractClient<C> {
  return raw as ContractClient<C>
}
