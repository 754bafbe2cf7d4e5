import type { PaneEstimate } from '../../../../shared/estimate'
import { formatCount, formatUsd } from '../../format'
import { useJuxtaStore } from '../../store'
import { paneLabelOf } from '../../store/pane-state'

function costRange(pane: PaneEstimate): string {
  if (pane.inputCostUsd === null) return 'price unknown'
  if (pane.maxOutputCostUsd === null) return `${formatUsd(pane.inputCostUsd)} … ?`
  return `${formatUsd(pane.inputCostUsd)} … ${formatUsd(pane.inputCostUsd + pane.maxOutputCostUsd)}`
}

function PaneLine({ paneId, pane }: { paneId: string; pane: PaneEstimate }) {
  const label = useJuxtaStore((state) => paneLabelOf(state, paneId))
  const contextWarning = pane.fits === false
  return (
    <li className={contextWarning ? 'estimate-pane estimate-warn' : 'estimate-pane'} aria-label={`Estimate for ${label}`}>
      <span className="estimate-model">{label}</span>
      <span className="estimate-tokens" title={pane.exact ? `exact (${pane.method})` : `approximate: ${pane.approximateReason ?? pane.method}`}>
        <span aria-hidden="true">{pane.exact ? '=' : '~'}</span>
        <span className="visually-hidden">{pane.exact ? 'exactly ' : 'about '}</span>
        {formatCount(pane.inputTokens)} tokens in
      </span>
      <span className="estimate-cost">{costRange(pane)}</span>
      {pane.warnings.map((warning) => (
        <span key={warning} className="estimate-warning">
          {warning}
        </span>
      ))}
    </li>
  )
}

/** Under the composer, while typing: what the prompt costs on every pane, and in all. */
export function EstimateStrip() {
  const estimate = useJuxtaStore((state) => state.estimate)
  const { status, value, paneIds, error } = estimate
  return (
    <section className="estimate-strip" aria-label="Estimate" aria-busy={status === 'pending' || undefined}>
      {status === 'idle' && <p className="muted">Type a prompt to see what it costs on each pane.</p>}
      {status === 'error' && <p className="estimate-error">No estimate: {error}</p>}
      {value && status !== 'idle' && status !== 'error' && (
        <>
          <ul className={status === 'pending' ? 'estimate-panes stale' : 'estimate-panes'}>
            {value.panes.map((pane, index) => (
              <PaneLine key={paneIds[index] ?? index} paneId={paneIds[index] ?? ''} pane={pane} />
            ))}
          </ul>
          <p className="estimate-total">
            <span>Total</span> {formatUsd(value.totalUsd.min)} … {formatUsd(value.totalUsd.max)}
            {value.unpriced.length > 0 && <span className="muted"> (without {value.unpriced.join(', ')}: price unknown)</span>}
          </p>
        </>
      )}
      {!value && status === 'pending' && <p className="muted">Estimating…</p>}
    </section>
  )
}
