/**
 * URLs the renderer may hand to main, as a base URL of a profile or as a link to open. The same
 * table checks the profile schema (tests/unit/url-safety.test.ts) and the built app's window
 * (tests/build/electron-hardening.test.ts): only plain http(s) passes either.
 */

/** Accepted, with the form the OS browser is given (the parser's normalization). */
export const PLAIN_HTTP_URLS: Array<[url: string, normalized: string]> = [
  ['https://platform.openai.com/docs', 'https://platform.openai.com/docs'],
  ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434/v1'],
  ['http://localhost:1234/v1', 'http://localhost:1234/v1'],
  ['HTTPS://Example.COM/Path?q=1#part', 'https://example.com/Path?q=1#part'],
  ['Http://[::1]:8080/', 'http://[::1]:8080/'],
  ['https://münchen.example/', 'https://xn--mnchen-3ya.example/']
]

/** Refused, each with why. */
export const REFUSED_URLS: Array<[why: string, url: string]> = [
  ['javascript:', 'javascript:alert(document.cookie)'],
  ['javascript: in capitals', 'JAVASCRIPT:alert(1)'],
  ['javascript: split by a tab (the parser drops tabs)', 'java\tscript:alert(1)'],
  ['file:', 'file:///etc/passwd'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['ftp:', 'ftp://example.com/file'],
  ['chrome:', 'chrome://settings'],
  ['blob:', 'blob:https://example.com/0b9d6c5e-2b7d-4f2d-9a0e-5f3c1e2d4a6b'],
  ['mailto:', 'mailto:someone@example.com'],
  ['a custom scheme', 'vscode://file/etc/passwd'],
  ['relative', '/v1/chat/completions'],
  ['protocol-relative', '//evil.example/'],
  ['no slashes after the scheme', 'http:evil.example'],
  ['one slash', 'https:/evil.example'],
  ['empty', ''],
  ['only the scheme', 'https://'],
  ['leading space', ' https://example.com'],
  ['trailing line break', 'https://example.com\n'],
  ['a tab inside the host', 'https://exa\tmple.com'],
  ['a line break inside the path', 'https://example.com/a\nb'],
  ['a NUL byte', 'https://example.com/\u0000'],
  ['a right-to-left override', 'https://example.com/\u202Egnp.exe'],
  ['a zero-width space', 'https://exam\u200Bple.com'],
  ['a non-breaking space', 'https://example.com/\u00A0'],
  ['a backslash read as a slash', 'https://evil.example\\@vendor.example'],
  ['user and password', 'http://user:pass@127.0.0.1:8080/v1'],
  ['a user alone', 'https://user@example.com'],
  ['a host disguised by a user part', 'https://api.openai.com@evil.example/v1'],
  ['an invalid port', 'http://example.com:99999/'],
  ['an invalid IPv6 host', 'http://[::1/']
]
