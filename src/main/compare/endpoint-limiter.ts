import type { ProviderProfile } from '../../shared/profiles'

/** How many requests may be in flight at once per endpoint. Off unless given. */
export interface ConcurrencyLimits {
  /** The default limit of every endpoint. */
  perEndpoint?: number
  /** Limits of particular endpoints, by profile id or base URL (as endpointOf gives it). */
  endpoints?: Readonly<Record<string, number>>
}

/**
 * The endpoint a profile's requests go to: its base URL (so two profiles on one server share
 * a limit), or its id when it uses the vendor's default URL.
 */
export function endpointOf(profile: ProviderProfile): string {
  if (!profile.baseURL || !URL.canParse(profile.baseURL)) return profile.id
  const url = new URL(profile.baseURL)
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export type Release = () => void

interface Waiter {
  grant: () => void
}

/**
 * Per-endpoint slots. A pane over the limit waits its turn (first come, first served) instead
 * of failing; stopping it while it waits takes it out of the line.
 */
export class EndpointLimiter {
  readonly #limits: ConcurrencyLimits
  readonly #active = new Map<string, number>()
  readonly #waiting = new Map<string, Waiter[]>()

  constructor(limits: ConcurrencyLimits = {}) {
    for (const value of [limits.perEndpoint, ...Object.values(limits.endpoints ?? {})]) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`a concurrency limit must be a whole number above 0, not ${value}`)
    }
    this.#limits = limits
  }

  limitOf(profile: ProviderProfile): number | null {
    const endpoint = endpointOf(profile)
    return this.#limits.endpoints?.[profile.id] ?? this.#limits.endpoints?.[endpoint] ?? this.#limits.perEndpoint ?? null
  }

  inFlight(endpoint: string): number {
    return this.#active.get(endpoint) ?? 0
  }

  /**
   * Resolves with the function that frees the slot. `onQueued` is called when the slot is not
   * free at once. Rejects with the signal's reason when aborted while waiting.
   */
  acquire(profile: ProviderProfile, signal: AbortSignal, onQueued: () => void): Promise<Release> {
    const endpoint = endpointOf(profile)
    const limit = this.limitOf(profile)
    if (signal.aborted) return Promise.reject(abortReason(signal))
    if (limit === null || this.inFlight(endpoint) < limit) return Promise.resolve(this.#take(endpoint))
    return new Promise<Release>((resolve, reject) => {
      const line = this.#waiting.get(endpoint) ?? []
      this.#waiting.set(endpoint, line)
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort)
          resolve(this.#take(endpoint))
        }
      }
      const onAbort = (): void => {
        const index = line.indexOf(waiter)
        if (index >= 0) line.splice(index, 1)
        reject(abortReason(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      line.push(waiter)
      onQueued()
    })
  }

  #take(endpoint: string): Release {
    this.#active.set(endpoint, this.inFlight(endpoint) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      this.#active.set(endpoint, this.inFlight(endpoint) - 1)
      this.#waiting.get(endpoint)?.shift()?.grant()
    }
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
