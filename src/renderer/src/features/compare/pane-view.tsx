import { memo, useEffect, useRef } from 'react'
import { CopyButton } from '../../shell/copy-button'
import { juxtaActions, useJuxtaStore } from '../../store'
import { isActive, paneLabelOf, type PaneWidth } from '../../store/pane-state'
import { AnswerView, Prompt, Transcript } from './answer-view'
import { ModelBadges, ModelPicker } from './model-picker'
import { ParametersPopover } from './parameters-popover'
import { PaneStatus } from './pane-status'
import { usePaneScroll } from './scroll'

const WIDTHS: Array<{ value: PaneWidth; label: string }> = [
  { value: 'narrow', label: 'Narrow' },
  { value: 'normal', label: 'Normal' },
  { value: 'wide', label: 'Wide' }
]

/**
 * One pane: a region named after its model, headed by its model picker, parameters and pane
 * controls; its live status and figures; its conversation and the current answer. Subscribed to
 * its own pane only, so other panes' streams never re-render it; its own stream re-renders it on
 * every update, so the picker, badges and parameters (which do not change then) are memoised.
 */
export const PaneView = memo(function PaneView({ id, index, count }: { id: string; index: number; count: number }) {
  const pane = useJuxtaStore((state) => state.panes[id])
  const label = useJuxtaStore((state) => paneLabelOf(state, id))
  const focusSeq = useJuxtaStore((state) => (state.focusRequest?.paneId === id ? state.focusRequest.seq : 0))
  const sync = useJuxtaStore((state) => state.syncScroll)
  const showReasoning = useJuxtaStore((state) => state.settings?.showReasoning ?? true)
  const canContinue = useJuxtaStore((state) => state.conversationId !== null)
  const region = useRef<HTMLElement>(null)
  const body = useRef<HTMLDivElement>(null)
  const turn = pane?.turn ?? null
  const answer = turn?.answer ?? null
  // Follows each event's growth; a new turn (a new history array) follows again from the bottom.
  const onScroll = usePaneScroll(id, body, answer, sync, pane?.history)

  useEffect(() => {
    if (focusSeq === 0) return
    region.current?.focus()
    region.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [focusSeq])

  if (!pane) return null
  const actions = juxtaActions()
  const active = isActive(answer?.status)
  const finished = answer !== null && !active
  const hasText = answer !== null && answer.text !== ''
  const continuable = finished && answer.message !== null && (turn?.runId ? answer.responseId !== null : canContinue && answer.storedResponseId !== null)

  return (
    <section ref={region} className="pane" role="region" aria-label={label} data-width={pane.width} data-best={answer?.best || undefined} tabIndex={-1}>
      <div className="pane-head">
        <span className="pane-number" aria-hidden="true">
          {index + 1}
        </span>
        <ModelPicker paneId={id} model={pane.model} />
        <div className="pane-tools">
          <ParametersPopover paneId={id} parameters={pane.parameters} systemPrompt={pane.systemPrompt} />
          <button type="button" className="icon" aria-label="Move pane left" title="Move left" disabled={index === 0} onClick={() => actions.movePane(id, -1)}>
            ←
          </button>
          <button type="button" className="icon" aria-label="Move pane right" title="Move right" disabled={index === count - 1} onClick={() => actions.movePane(id, 1)}>
            →
          </button>
          <select aria-label="Pane width" className="width-select" value={pane.width} onChange={(event) => actions.setPaneWidth(id, event.target.value as PaneWidth)}>
            {WIDTHS.map((width) => (
              <option key={width.value} value={width.value}>
                {width.label}
              </option>
            ))}
          </select>
          <button type="button" className="icon" aria-label="Remove pane" title="Remove pane" disabled={count <= 1} onClick={() => actions.removePane(id)}>
            ×
          </button>
        </div>
      </div>
      <ModelBadges model={pane.model} />
      {answer && (
        <PaneStatus answer={answer} canRetry={turn?.runId != null} onStop={() => actions.stopPane(id)} onRetry={() => void actions.retryPane(id)} />
      )}
      <div ref={body} className="pane-body" onScroll={onScroll}>
        <Transcript history={pane.history} from={pane.historyFrom} showReasoning={showReasoning} />
        {turn && (
          <div className="turn">
            <Prompt text={turn.prompt} />
            {answer && answer.model !== pane.model && answer.model !== '' && <p className="pane-note">Answered by {answer.model}</p>}
            {answer && <AnswerView answer={answer} showReasoning={showReasoning} />}
          </div>
        )}
        {!pane.model && <p className="pane-empty">Pick a model for this pane.</p>}
        {pane.model && !turn && pane.history.length === 0 && <p className="pane-empty">Ready. The answer will stream here.</p>}
      </div>
      {finished && (hasText || continuable) && (
        <div className="pane-actions">
          {hasText && <CopyButton text={() => answer.text} label="Copy answer" idleText="Copy" />}
          {answer.storedResponseId !== null && (
            <button type="button" className="small" aria-label="Best answer" aria-pressed={answer.best} onClick={() => void actions.markBest(id, !answer.best)}>
              {answer.best ? '★ Best' : '☆ Best'}
            </button>
          )}
          {continuable && (
            <button type="button" className="small" onClick={() => void actions.continueWith(id)}>
              Continue with this answer
            </button>
          )}
        </div>
      )}
    </section>
  )
})
