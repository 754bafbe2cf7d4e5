import { describe, expect, it } from 'vitest'
import { describeIssues } from '../../src/main/config/schema-errors'
import { httpUrlProblem, isHttpUrl, providerProfileSchema } from '../../src/shared/profiles'
import { PLAIN_HTTP_URLS, REFUSED_URLS } from '../support/url-cases'

// Base URLs supplied by the renderer (or a profiles file): only plain http(s). The same rule
// decides which links the desktop window hands to the OS browser; the built app is checked
// against this table in tests/build/electron-hardening.test.ts.

function baseUrlIssues(baseURL: string): string[] {
  const parsed = providerProfileSchema.safeParse({ id: 'p', kind: 'openai', baseURL })
  return parsed.success ? [] : describeIssues(parsed.error)
}

describe('base URLs of profiles', () => {
  it.each(PLAIN_HTTP_URLS)('accepts %s', (url) => {
    expect(isHttpUrl(url)).toBe(true)
    expect(baseUrlIssues(url)).toEqual([])
  })

  it.each(REFUSED_URLS)('refuses %s', (_why, url) => {
    expect(isHttpUrl(url)).toBe(false)
    expect(baseUrlIssues(url)).toEqual([`baseURL: ${httpUrlProblem(url)}`])
  })

  it('says why, in words the user can act on', () => {
    expect(baseUrlIssues('file:///etc/passwd')).toEqual(['baseURL: must be an http:// or https:// URL'])
    expect(baseUrlIssues('http://user:pass@127.0.0.1/v1')).toEqual([
      'baseURL: must not contain a user:password@ part: put the key in the key field, or a header'
    ])
    expect(baseUrlIssues('https://api.example.com/v1 ')).toEqual(['baseURL: must not contain spaces, line breaks or invisible characters'])
    expect(baseUrlIssues('https://evil.example\\@api.example.com')).toEqual(['baseURL: must not contain a backslash'])
  })
})
