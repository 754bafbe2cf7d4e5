import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { juxtaActions, useJuxtaStore } from '../../store'
import { isActive, paneLabelOf } from '../../store/pane-state'
import { wordDiff } from './word-diff'

/** Two panes' answers, word by word: what the second adds (inserted) and leaves out (deleted). */
export function DiffView() {
  const diff = useJuxtaStore((state) => state.diff)
  const options = useJuxtaStore(useShallow((state) => state.paneIds.map((id) => `${id}\u0000${paneLabelOf(state, id)}`)))
  const left = useJuxtaStore((state) => (diff ? state.panes[diff.left]?.turn?.answer : undefined))
  const right = useJuxtaStore((state) => (diff ? state.panes[diff.right]?.turn?.answer : undefined))
  const busy = isActive(left?.status) || isActive(right?.status)
  const leftText = left?.text ?? ''
  const rightText = right?.text ?? ''
  // Not while either still streams: a diff per frame of two growing answers would stall the window.
  const result = useMemo(() => (busy ? null : wordDiff(leftText, rightText)), [busy, leftText, rightText])
  if (!diff) return null
  const actions = juxtaActions()
  const panes = options.map((option) => {
    const [id, label] = option.split('\u0000') as [string, string]
    return { id, label }
  })
  return (
    <section className="diff-view" aria-label="Word diff">
      <div className="diff-head">
        <h2>Word diff</h2>
        <label>
          From{' '}
          <select aria-label="Diff from" value={diff.left} onChange={(event) => actions.openDiff(event.target.value, diff.right)}>
            {panes.map((pane) => (
              <option key={pane.id} value={pane.id}>
                {pane.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          to{' '}
          <select aria-label="Diff to" value={diff.right} onChange={(event) => actions.openDiff(diff.left, event.target.value)}>
            {panes.map((pane) => (
              <option key={pane.id} value={pane.id}>
                {pane.label}
              </option>
            ))}
          </select>
        </label>
        {result && (
          <p className="diff-stats">
            <span className="diff-added-count">+{result.added} words</span> <span className="diff-removed-count">−{result.removed} words</span>
          </p>
        )}
        <button type="button" className="small" onClick={actions.closeDiff}>
          Close diff
        </button>
      </div>
      {busy ? (
        <p className="muted">The diff appears when both answers are complete.</p>
      ) : !left || !right ? (
        <p className="muted">Pick two panes that have answered.</p>
      ) : !result ? (
        <p className="muted">These answers are too long and too different to diff word by word.</p>
      ) : (
        <div className="diff-text">
          {result.segments.map((segment, index) =>
            segment.kind === 'added' ? (
              <ins key={index}>{segment.text}</ins>
            ) : segment.kind === 'removed' ? (
              <del key={index}>{segment.text}</del>
            ) : (
              <span key={index}>{segment.text}</span>
            )
          )}
        </div>
      )}
    </section>
  )
}
