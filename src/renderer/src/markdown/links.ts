/** Only web and mail links become links (opened outside the app); anything else (javascript:, file:, relative) stays text. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href)
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null
  } catch {
    return null
  }
}
