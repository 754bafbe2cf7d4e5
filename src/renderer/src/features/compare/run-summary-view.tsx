import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { formatCount, formatRate, formatSeconds, formatUsd } from '../../format'
import { juxtaActions, selectRunning, useJuxtaStore } from '../../store'
import { paneLabelOf } from '../../store/pane-state'
import { type SummaryLine, summarizeRun } from '../../store/run-summary'

function figure(line: SummaryLine): string {
  switch (line.kind) {
    case 'first-token':
      return formatSeconds(line.value)
    case 'fastest':
      return `${formatRate(line.value)} tok/s`
    case 'cheapest':
      return formatUsd(line.value)
    case 'longest':
      return `${formatCount(line.value)} tokens`
  }
}

/** After a run: which pane came first, fastest, cheapest, longest. */
export function RunSummaryView() {
  const running = useJuxtaStore(selectRunning)
  // The answers (objects that change only when a pane's answer does) and the labels.
  const answers = useJuxtaStore(useShallow((state) => state.paneIds.map((id) => state.panes[id]?.turn?.answer ?? null)))
  const labels = useJuxtaStore(useShallow((state) => state.paneIds.map((id) => paneLabelOf(state, id))))
  const paneIds = useJuxtaStore((state) => state.paneIds)
  const lines = useMemo(
    () => (running ? [] : summarizeRun(paneIds.flatMap((paneId, index) => (answers[index] ? [{ paneId, label: labels[index]!, answer: answers[index] }] : [])))),
    [running, paneIds, answers, labels]
  )
  if (lines.length === 0) return null
  return (
    <section className="run-summary" aria-label="Run summary">
      <h2>Summary</h2>
      <ul>
        {lines.map((line) => (
          <li key={line.kind}>
            <span className="summary-title">{line.title}</span>{' '}
            <button type="button" className="link" onClick={() => juxtaActions().focusPane(paneIds.indexOf(line.paneId) + 1)}>
              {line.label}
            </button>{' '}
            <span className="summary-figure">{figure(line)}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
