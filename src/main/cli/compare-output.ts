import type { PaneResult, RunEvent } from '../../shared/compare'
import { emptyUsage } from '../../shared/generation'
import { formatCount, formatUsd, renderTable } from './table'

/** How `juxta compare` shows a run: NDJSON for scripts, or live text and a table for people. */

/** The last line of `juxta compare --json`: every pane's outcome, in a fixed documented shape. */
export function summaryLine(results: PaneResult[]): string {
  const panes = results.map((result) => {
    const usage = result.usage ?? emptyUsage(false)
    return {
      model: result.model,
      status: result.status,
      text: result.text,
      reasoning: result.reasoning,
      toolCalls: result.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
      usage: {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cachedInputTokens: usage.cachedInputTokens,
        cacheWriteTokens: usage.cacheWriteTokens,
        reasoningTokens: usage.reasoningTokens,
        estimated: usage.estimated
      },
      costUsd: result.cost.computedUsd,
      ttftMs: result.metrics.ttftMs,
      tokensPerSecond: result.metrics.tokensPerSecond,
      finishReason: result.finishReason,
      error: result.error ? { kind: result.error.kind, message: result.error.message } : null
    }
  })
  return `${JSON.stringify({ type: 'summary', panes })}\n`
}

/** A label per pane: its model, numbered when the same model runs in several panes. */
export function paneLabels(models: string[]): string[] {
  const counts = new Map<string, number>()
  for (const model of models) counts.set(model, (counts.get(model) ?? 0) + 1)
  const seen = new Map<string, number>()
  return models.map((model) => {
    if (counts.get(model) === 1) return model
    const index = (seen.get(model) ?? 0) + 1
    seen.set(model, index)
    return `${model} #${index}`
  })
}

/**
 * Answers as they stream, for a terminal. One pane: its text as it comes, like a chat. Several:
 * each complete line prefixed with its pane's label (a pane's unfinished line waits for its
 * newline or its end), so interleaved answers stay readable. Retries, tool calls and how each
 * pane ended are status lines of their own.
 */
export class LiveView {
  readonly #write: (text: string) => void
  readonly #labels: Map<string, string>
  readonly #width: number
  readonly #single: boolean
  readonly #partial = new Map<string, string>()
  /** Single pane: whether the cursor is mid-line. */
  #midLine = false

  constructor(write: (text: string) => void, panes: Array<{ paneId: string; label: string }>) {
    this.#write = write
    this.#labels = new Map(panes.map((pane) => [pane.paneId, pane.label]))
    this.#width = Math.max(...panes.map((pane) => pane.label.length))
    this.#single = panes.length === 1
  }

  show(event: RunEvent): void {
    switch (event.type) {
      case 'text-delta':
        return this.#text(event.paneId, event.text)
      case 'status':
        if (event.status === 'queued') this.#status(event.paneId, 'queued: waiting for a free slot of its endpoint')
        if (event.status === 'retrying') {
          const seconds = ((event.retryInMs ?? 0) / 1000).toFixed(1)
          this.#status(event.paneId, `retrying in ${seconds} s (${event.error?.message ?? 'failed'})`)
        }
        return
      case 'tool-call':
        return this.#status(event.paneId, `tool call ${event.toolCall.name} ${JSON.stringify(event.toolCall.arguments)}`)
      case 'pane-finished': {
        this.#endLine(event.paneId)
        const { result } = event
        if (result.status === 'error') this.#status(event.paneId, `error: ${result.error?.message ?? 'failed'}`)
        else if (result.status === 'stopped') this.#status(event.paneId, 'stopped')
        else if (!this.#single) this.#status(event.paneId, 'done')
        return
      }
      case 'pane-started':
      case 'reasoning-delta':
      case 'usage':
        return
    }
  }

  #text(paneId: string, text: string): void {
    if (this.#single) {
      this.#write(text)
      this.#midLine = !text.endsWith('\n')
      return
    }
    const lines = ((this.#partial.get(paneId) ?? '') + text).split('\n')
    this.#partial.set(paneId, lines.pop()!)
    for (const line of lines) this.#write(`${this.#prefix(paneId)}${line}\n`)
  }

  #endLine(paneId: string): void {
    if (this.#single) {
      if (this.#midLine) this.#write('\n')
      this.#midLine = false
      return
    }
    const rest = this.#partial.get(paneId)
    if (rest) this.#write(`${this.#prefix(paneId)}${rest}\n`)
    this.#partial.delete(paneId)
  }

  /** On a line of its own, after what the pane wrote before it. */
  #status(paneId: string, text: string): void {
    this.#endLine(paneId)
    this.#write(this.#single ? `· ${text}\n` : `${this.#prefix(paneId)}· ${text}\n`)
  }

  #prefix(paneId: string): string {
    return `${(this.#labels.get(paneId) ?? paneId).padEnd(this.#width)} │ `
  }
}

/** The table after a run: one row per pane, then what went wrong and what it all cost. */
export function summaryTable(results: PaneResult[], labels: string[]): string {
  const rows = results.map((result, index) => {
    const usage = result.usage
    const approx = isApproximate(result) ? ' ~' : ''
    return [
      labels[index] ?? result.model,
      result.status,
      result.metrics.ttftMs === null ? '—' : `${(result.metrics.ttftMs / 1000).toFixed(2)} s`,
      result.metrics.tokensPerSecond === null ? '—' : result.metrics.tokensPerSecond.toFixed(1),
      usage ? `${formatCount(usage.inputTokens)}${approx}` : '—',
      usage ? `${formatCount(usage.outputTokens)}${approx}` : '—',
      usage ? formatUsd(result.cost.computedUsd) : '—',
      result.finishReason
    ]
  })
  let text = renderTable(['model', 'status', 'TTFT', 'tok/s', 'tokens in', 'tokens out', 'cost', 'finish'], rows, new Set([2, 3, 4, 5, 6]))
  results.forEach((result, index) => {
    const label = labels[index] ?? result.model
    if (result.error) text += `${label}: ${result.error.message}\n`
    const { reportedUsd, computedUsd, mismatch } = result.cost
    if (reportedUsd !== null) text += `${label}: the provider reports ${formatUsd(reportedUsd)}${mismatch ? ` (our price says ${formatUsd(computedUsd)}: it may be out of date)` : ''}\n`
  })
  const priced = results.filter((result) => result.usage && result.cost.computedUsd !== null)
  if (priced.length > 0) {
    const total = priced.reduce((sum, result) => sum + result.cost.computedUsd!, 0)
    const unknown = results.flatMap((result, index) => (result.usage && result.cost.computedUsd === null ? [labels[index] ?? result.model] : []))
    text += `total: ${formatUsd(total)}${unknown.length > 0 ? ` (price unknown for ${unknown.join(', ')})` : ''}\n`
  }
  if (results.some(isApproximate)) text += '~ estimated: the server reported no usage\n'
  return text
}

/** Counted by us, not the server; nothing produced is exactly nothing, though. */
function isApproximate(result: PaneResult): boolean {
  return result.usage !== null && result.usage.estimated && result.usage.inputTokens + result.usage.outputTokens > 0
}
