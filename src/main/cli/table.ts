/** A plain-text table for terminals: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(header: string[], rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = header.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? '')))
  )
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => {
        const padding = ' '.repeat(widths[column]! - displayWidth(cell))
        return rightAligned.has(column) ? padding + cell : cell + padding
      })
      .join('  ')
      .trimEnd()
  const rule = widths.map((width) => '─'.repeat(width)).join('  ')
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n'
}

// Wide (CJK) characters take two terminal columns; emoji and combining marks are rare in model ids.
function displayWidth(text: string): number {
  let width = 0
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1
  return width
}

export function formatUsd(value: number | null): string {
  if (value === null) return 'unknown'
  if (value === 0) return '$0'
  if (value < 0.0001) return '<$0.0001'
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`
}

export function formatCount(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('en-US')
}
