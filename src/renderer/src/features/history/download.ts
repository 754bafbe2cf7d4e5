/** Saves text as a file through the browser's download (a Blob behind an object URL, revoked after). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has taken its copy by the next task; a minute leaves room for a slow disk.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** A file name from a conversation title: no path separators or characters Windows refuses. */
export function exportFileName(title: string, id: number, extension: 'md' | 'json'): string {
  const base = title
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim()
  return `${base || 'conversation'} (${id}).${extension}`
}
