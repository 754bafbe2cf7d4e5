import type { Snippet } from '../../../../shared/history'

/**
 * A search snippet with its matches marked. The text is rendered as text, each highlight range
 * as a <mark>: never as HTML, whatever the conversation contains.
 */
export function SnippetText({ snippet }: { snippet: Snippet }) {
  const parts: Array<{ text: string; marked: boolean }> = []
  let at = 0
  const ranges = [...snippet.highlights].sort((a, b) => a.start - b.start)
  for (const { start: rawStart, end: rawEnd } of ranges) {
    const start = Math.max(at, Math.min(rawStart, snippet.text.length))
    const end = Math.min(Math.max(rawEnd, start), snippet.text.length)
    if (end <= start) continue
    if (start > at) parts.push({ text: snippet.text.slice(at, start), marked: false })
    parts.push({ text: snippet.text.slice(start, end), marked: true })
    at = end
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), marked: false })
  return (
    <span className="history-snippet">
      {parts.map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </span>
  )
}
