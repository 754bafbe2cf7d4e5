import { describe, expect, it } from 'vitest'
import { ProviderError, kindForStatus, parseRetryAfter } from '../../src/main/providers/provider-error'

const headers = (values: Record<string, string>) => new Headers(values)

describe('kindForStatus', () => {
  it.each([
    [400, 'bad_request'],
    [401, 'auth'],
    [403, 'permission'],
    [404, 'not_found'],
    [408, 'timeout'],
    [413, 'context_length'],
    [422, 'bad_request'],
    [429, 'rate_limit'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [529, 'overloaded'],
    [418, 'unknown']
  ] as const)('maps HTTP %i to %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind)
  })

  it('prefers the vendor error type over the status', () => {
    expect(kindForStatus(500, 'overloaded_error')).toBe('overloaded')
    expect(kindForStatus(undefined, 'overloaded_error')).toBe('overloaded')
    expect(kindForStatus(400, 'context_length_exceeded')).toBe('context_length')
    expect(kindForStatus(400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum')).toBe(
      'context_length'
    )
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z')
  it('reads retry-after-ms first, then retry-after in seconds or as a date', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500)
    expect(parseRetryAfter(headers({ 'retry-after': '2' }), now)).toBe(2000)
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:07 GMT' }), now)).toBe(7000)
  })
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(headers({}), now)).toBeUndefined()
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(parseRetryAfter(headers({ 'retry-after': '-3' }), now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})

describe('ProviderError', () => {
  it('says what happened for people and never carries the key', () => {
    const key = 'sk-test-abcdefgh'
    const error = new ProviderError({
      kind: 'auth',
      provider: 'oa',
      status: 401,
      detail: `Incorrect API key provided: ${key}`,
      secrets: [key]
    })
    expect(error.message).toBe('The API key was rejected (HTTP 401): Incorrect API key provided: [redacted]')
    expect(error.retryable).toBe(false)
    expect(JSON.stringify(error.toInfo())).not.toContain(key)
  })

  it('derives retryability from the kind unless told otherwise', () => {
    expect(new ProviderError({ kind: 'rate_limit', provider: 'p' }).retryable).toBe(true)
    expect(new ProviderError({ kind: 'overloaded', provider: 'p' }).retryable).toBe(true)
    expect(new ProviderError({ kind: 'rate_limit', provider: 'p', retryable: false }).retryable).toBe(false)
    expect(new ProviderError({ kind: 'bad_request', provider: 'p' }).retryable).toBe(false)
  })

  it('round-trips through its serialisable form', () => {
    const error = new ProviderError({ kind: 'rate_limit', provider: 'an', status: 429, retryAfterMs: 3000, detail: 'slow down' })
    const info = error.toInfo()
    expect(info).toEqual({
      kind: 'rate_limit',
      provider: 'an',
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
      message: 'Rate limited (HTTP 429): slow down'
    })
    const back = ProviderError.fromInfo(info)
    expect(back).toBeInstanceOf(ProviderError)
    expect(back.toInfo()).toEqual(info)
  })
})
