/**
 * Text to the clipboard. The async Clipboard API first; where it is refused (the desktop window
 * grants no permissions, an unfocused page) a selected off-screen textarea and the copy command,
 * which need none.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.className = 'offscreen'
    document.body.append(area)
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    area.select()
    let copied: boolean
    try {
      copied = document.execCommand('copy')
    } catch {
      copied = false
    }
    area.remove()
    previous?.focus()
    return copied
  }
}

/** A file for the user to keep, through the browser's download (the desktop app asks where to save it). */
export function downloadText(fileName: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.className = 'offscreen'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
