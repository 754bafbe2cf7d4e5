/** Figures as the window shows them (the same forms as the `juxta` commands print). */

export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'price unknown'
  if (value === 0) return '$0'
  if (value < 0.0001) return '<$0.0001'
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('en-US')
}

/** 128000 → "128k", 1048576 → "1M". */
export function formatTokensShort(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toFixed(value % 1_000_000 === 0 ? 0 : 1))}M`
  if (value >= 1000) return `${Math.round(value / 1000)}k`
  return String(value)
}

export function formatSeconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`
}

export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return value >= 100 ? value.toFixed(0) : value.toFixed(1)
}

/** USD per million tokens, as prices are quoted. */
export function formatPricePerMillion(value: number): string {
  if (value === 0) return '$0'
  return `$${value < 0.1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1)}`
}
