import { describe, expect, it } from 'vitest'
import { redactSecrets } from '../../src/main/providers/redact'

describe('redactSecrets', () => {
  it('removes a known key wherever it appears, even without a vendor shape', () => {
    const key = 'my-private-gateway-token-123'
    expect(redactSecrets(`bad token ${key}; again ${key}`, [key])).toBe('bad token [redacted]; again [redacted]')
  })

  it('removes a known key of no vendor shape echoed partly masked, and any word holding a piece of it', () => {
    const key = 'gatewaytoken-0123456789abcdef'
    const masked = `${key.slice(0, 12)}${'*'.repeat(12)}${key.slice(-4)}`
    expect(redactSecrets(`Incorrect API key provided: ${masked} (check "${key.slice(5, 15)}")`, [key])).toBe(
      'Incorrect API key provided: [redacted] (check "[redacted]")'
    )
    // Fewer than eight characters in a row are not a piece of the key: the last four stay, as keys.status shows them.
    expect(redactSecrets('ends in cdef; gateway down', [key])).toBe('ends in cdef; gateway down')
  })

  it.each([
    ['Incorrect API key provided: sk-proj-AbCdEf0123456789xyz.', 'Incorrect API key provided: [redacted].'],
    ['invalid x-api-key: sk-ant-api03-AbCdEf_xyz-QQ', 'invalid x-api-key: [redacted]'],
    ['key sk-or-v1-0123456789abcdef0123 rejected', 'key [redacted] rejected'],
    ['Incorrect API key provided: sk-abc12***********************wxyz', 'Incorrect API key provided: [redacted]'],
    ['groq gsk_ABCDEFGHIJKLmnopqrstu1234 bad', 'groq [redacted] bad'],
    ['xai-ABCDEFGHIJKLmnop123 bad', '[redacted] bad'],
    ['google AIzaSyA-0123456789abcdefghijklmnop', 'google [redacted]'],
    ['Authorization: Bearer abcdefghijklmnop.qrs', 'Authorization: Bearer [redacted]'],
    ['{"api_key": "zzzzzzzzzzzz"}', '{"api_key": "[redacted]"}']
  ])('removes key-shaped text: %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected)
  })

  it('leaves ordinary text alone', () => {
    const text = 'The model gpt-4o-mini does not exist or you do not have access to it. Ask for a skeleton key.'
    expect(redactSecrets(text, ['abc'])).toBe(text)
  })
})
