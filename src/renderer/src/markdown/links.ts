import { isHttpUrl } from '../../../shared/http-url'

/**
 * Only plain web links become links, opened outside the app by main — which hands the OS
 * nothing but http(s) (window.ts), so a mailto:, javascript:, file: or relative link would be
 * dead or worse: those stay text.
 */
export function safeHref(href: string): string | null {
  return isHttpUrl(href) ? new URL(href).href : null
}
