// Without dependencies, so the renderer can check links without bundling the schemas.

/**
 * Why a string is not a usable http(s) URL, or null when it is: absolute, http:// or https://,
 * and written plainly. Refused besides other schemes and relative URLs: whitespace, control
 * and invisible formatting characters anywhere (the URL parser silently drops tabs and line
 * breaks, so "http://exa<TAB>mple.com" reaches a host other than the one shown, and a
 * right-to-left override can disguise one), backslashes (read as "/", so what looks like a
 * path can be the host), and a user:password@ part (a secret that belongs in the key or a
 * header, which are kept out of the database and masked; and "https://vendor.example@evil.example"
 * reads as one host but goes to the other). Profiles' base URLs and links handed to the OS
 * browser both pass this.
 */
export function httpUrlProblem(value: string): string | null {
  const notHttp = 'must be an http:// or https:// URL'
  if (!/^https?:\/\//i.test(value)) return notHttp
  if (/[\s\p{Cc}\p{Cf}]/u.test(value)) return 'must not contain spaces, line breaks or invisible characters'
  if (value.includes('\\')) return 'must not contain a backslash'
  if (!URL.canParse(value)) return notHttp
  const url = new URL(value)
  if (url.username !== '' || url.password !== '') return 'must not contain a user:password@ part: put the key in the key field, or a header'
  return url.hostname === '' ? notHttp : null
}

export function isHttpUrl(value: string): boolean {
  return httpUrlProblem(value) === null
}
