// The compare engine's public surface: the engine, its errors, and the helpers bindings need.
export { createCompareEngine, type CompareEngine, type CompareEngineOptions } from './compare-engine'
export { CompareInputError, CompareNotFoundError } from './run-input'
export { COALESCE_MS, MAX_PENDING_CHARS, DeltaCoalescer, type Schedule } from './delta-coalescer'
export { EndpointLimiter, endpointOf, type ConcurrencyLimits } from './endpoint-limiter'
export { assistantMessageOf, historyOfPane, threadFromSaved } from './threads'
export type { KeyLookup, ProviderTuning } from './pane-provider'
