import type { ProviderKind } from '../../shared/profiles'
import type { Provider, ProviderOptions } from './provider'

export type ProviderFactory = (options: ProviderOptions) => Provider

/**
 * Provider kinds (wire formats) and the instances made from them. An instance is cached by
 * the key the caller gives, typically the profile id plus a fingerprint of its settings, so
 * a pane reuses its client (and its connection pool) across turns.
 */
export class ProviderRegistry {
  private readonly factories = new Map<string, ProviderFactory>()
  private readonly instances = new Map<string, Provider>()

  register(kind: ProviderKind, factory: ProviderFactory): this {
    if (this.factories.has(kind)) throw new Error(`A provider kind "${kind}" is already registered`)
    this.factories.set(kind, factory)
    return this
  }

  /** Removes a kind and forgets every cached instance of it. */
  unregister(kind: ProviderKind): boolean {
    for (const [key, provider] of this.instances) if (provider.kind === kind) this.instances.delete(key)
    return this.factories.delete(kind)
  }

  kinds(): ProviderKind[] {
    return [...this.factories.keys()] as ProviderKind[]
  }

  has(kind: ProviderKind): boolean {
    return this.factories.has(kind)
  }

  /** A provider for the profile; with a cache key, the same instance each time for that key. */
  create(options: ProviderOptions, cacheKey?: string): Provider {
    if (cacheKey !== undefined) {
      const cached = this.instances.get(cacheKey)
      if (cached) return cached
    }
    const factory = this.factories.get(options.profile.kind)
    if (!factory) {
      const known = this.kinds().join(', ') || 'none'
      throw new Error(`Unknown provider kind "${options.profile.kind}" for profile "${options.profile.id}" (known: ${known})`)
    }
    const provider = factory(options)
    if (cacheKey !== undefined) this.instances.set(cacheKey, provider)
    return provider
  }

  /** Cached instances, e.g. to drop them once a profile's key changes. */
  cached(): ReadonlyMap<string, Provider> {
    return this.instances
  }

  evict(cacheKey: string): boolean {
    return this.instances.delete(cacheKey)
  }

  clear(): void {
    this.instances.clear()
  }
}
