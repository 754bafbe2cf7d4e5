import { describe, expect, it } from 'vitest'
import { EndpointLimiter, endpointOf } from '../../src/main/compare/endpoint-limiter'
import type { ProviderProfile } from '../../src/shared/profiles'

const profile = (id: string, baseURL?: string): ProviderProfile => ({ id, kind: 'openai', models: [], ...(baseURL && { baseURL }) })

describe('EndpointLimiter', () => {
  it('groups profiles by base URL, else by id', () => {
    expect(endpointOf(profile('a', 'http://127.0.0.1:11434/v1/'))).toBe('http://127.0.0.1:11434/v1')
    expect(endpointOf(profile('b', 'http://127.0.0.1:11434/v1'))).toBe('http://127.0.0.1:11434/v1')
    expect(endpointOf(profile('openai'))).toBe('openai')
  })

  it('lets the limit through, queues the rest first come first served, and drops stopped waiters', async () => {
    const limiter = new EndpointLimiter({ perEndpoint: 1 })
    const local = profile('ollama', 'http://127.0.0.1:11434/v1')
    const sameServer = profile('ollama-2', 'http://127.0.0.1:11434/v1')
    const order: string[] = []
    const queued: string[] = []
    const take = (name: string, which: ProviderProfile, signal = new AbortController().signal) =>
      limiter.acquire(which, signal, () => queued.push(name)).then((release) => {
        order.push(name)
        return release
      })
    const first = await take('first', local)
    const stopped = new AbortController()
    const second = take('second', sameServer)
    const third = take('third', local, stopped.signal)
    const fourth = take('fourth', local)
    expect(queued).toEqual(['second', 'third', 'fourth'])
    expect(limiter.inFlight(endpointOf(local))).toBe(1)
    stopped.abort()
    await expect(third).rejects.toThrow()
    first()
    first() // releasing twice frees one slot only
    const releaseSecond = await second
    expect(order).toEqual(['first', 'second'])
    releaseSecond()
    ;(await fourth)()
    expect(order).toEqual(['first', 'second', 'fourth'])
    expect(limiter.inFlight(endpointOf(local))).toBe(0)
  })

  it('is off by default, and takes per-endpoint overrides by profile id or URL', async () => {
    const unlimited = new EndpointLimiter()
    for (let i = 0; i < 20; i++) await unlimited.acquire(profile('x'), new AbortController().signal, () => expect.fail('queued'))
    const limits = new EndpointLimiter({ perEndpoint: 4, endpoints: { slow: 1, 'http://127.0.0.1:8080/v1': 2 } })
    expect(limits.limitOf(profile('slow'))).toBe(1)
    expect(limits.limitOf(profile('llamacpp', 'http://127.0.0.1:8080/v1'))).toBe(2)
    expect(limits.limitOf(profile('other'))).toBe(4)
    expect(() => new EndpointLimiter({ perEndpoint: 0 })).toThrow(/above 0/)
  })
})
