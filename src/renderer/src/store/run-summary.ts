import type { PaneAnswer } from './pane-state'

/** One line of the summary after a run: which pane was best at what, and by how much. */
export interface SummaryLine {
  kind: 'first-token' | 'fastest' | 'cheapest' | 'longest'
  title: string
  paneId: string
  label: string
  value: number
}

export interface SummaryInput {
  paneId: string
  label: string
  answer: PaneAnswer
}

const TITLES: Record<SummaryLine['kind'], string> = {
  'first-token': 'First token first',
  fastest: 'Fastest',
  cheapest: 'Cheapest',
  longest: 'Longest'
}

/**
 * The run at a glance, over the panes that answered (done, or stopped with text): lowest time to
 * first token, highest tokens per second, lowest cost (priced answers only), most output tokens.
 * A line needs two panes with the figure: with one there is nothing to compare.
 */
export function summarizeRun(panes: readonly SummaryInput[]): SummaryLine[] {
  const answered = panes.filter(({ answer }) => answer.status === 'done' || (answer.status === 'stopped' && answer.text !== ''))
  const lines: SummaryLine[] = []
  const pick = (kind: SummaryLine['kind'], value: (answer: PaneAnswer) => number | null, better: (a: number, b: number) => boolean): void => {
    let best: SummaryLine | null = null
    let count = 0
    for (const { paneId, label, answer } of answered) {
      const figure = value(answer)
      if (figure === null || !Number.isFinite(figure)) continue
      count++
      if (!best || better(figure, best.value)) best = { kind, title: TITLES[kind], paneId, label, value: figure }
    }
    if (best && count >= 2) lines.push(best)
  }
  pick('first-token', (answer) => answer.ttftMs, (a, b) => a < b)
  pick('fastest', (answer) => answer.tokensPerSecond, (a, b) => a > b)
  pick('cheapest', (answer) => answer.cost.reportedUsd ?? answer.cost.computedUsd, (a, b) => a < b)
  pick('longest', (answer) => answer.usage?.outputTokens ?? null, (a, b) => a > b)
  return lines
}
