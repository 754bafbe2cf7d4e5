import type { ErrorKind } from '../../../../shared/errors'
import { formatCount, formatRate, formatSeconds, formatUsd } from '../../format'
import type { PaneAnswer } from '../../store'
import { isActive } from '../../store/pane-state'
import { useNow } from '../../shell/shared-clock'

const ERROR_KINDS: Record<ErrorKind, string> = {
  auth: 'authentication',
  permission: 'permission',
  not_found: 'not found',
  bad_request: 'bad request',
  context_length: 'context too long',
  rate_limit: 'rate limited',
  overloaded: 'overloaded',
  timeout: 'timeout',
  network: 'network',
  server: 'server error',
  cancelled: 'cancelled',
  unknown: 'unknown'
}

export function errorKindLabel(kind: ErrorKind): string {
  return ERROR_KINDS[kind]
}

export function statusText(answer: PaneAnswer, retryInSeconds: number | null): string {
  switch (answer.status) {
    case 'starting':
      return 'Sending…'
    case 'queued':
      return 'Queued'
    case 'waiting':
      return 'Waiting for first token'
    case 'streaming':
      return 'Streaming'
    case 'retrying':
      return `Retrying in ${retryInSeconds ?? 0} s`
    case 'done':
      return answer.finishReason === 'length' ? 'Done (max tokens reached)' : answer.finishReason === 'tool-calls' ? 'Done (tool calls)' : 'Done'
    case 'stopped':
      return 'Stopped'
    case 'interrupted':
      return 'Interrupted'
    case 'error':
      return `Error: ${answer.error ? errorKindLabel(answer.error.kind) : 'unknown'}`
  }
}

/** The pane's state in words (a live region), its figures, and Stop / Retry. */
export function PaneStatus({ answer, canRetry, onStop, onRetry }: { answer: PaneAnswer; canRetry: boolean; onStop(): void; onRetry(): void }) {
  const retrying = answer.status === 'retrying' && answer.retry !== null
  const now = useNow(retrying, 250)
  const seconds = retrying ? Math.max(0, Math.ceil((answer.retry!.at - now) / 1000)) : null
  const active = isActive(answer.status)
  const retry = answer.retry
  return (
    <div className="pane-status">
      <div className="pane-status-line">
        <span className={`status-pill status-${answer.status}`} aria-live="polite">
          {statusText(answer, seconds)}
        </span>
        {active && (
          <button type="button" className="small" onClick={onStop}>
            Stop
          </button>
        )}
        {!active && canRetry && (answer.status === 'error' || answer.status === 'stopped') && (
          <button type="button" className="small" onClick={onRetry}>
            Retry
          </button>
        )}
      </div>
      {answer.status === 'retrying' && retry?.error && (
        <p className="pane-note">
          {retry.attempt !== null && retry.maxAttempts !== null ? `Attempt ${retry.attempt} of ${retry.maxAttempts} failed` : 'The request failed'} ({errorKindLabel(retry.error.kind)}): {retry.error.message}
        </p>
      )}
      {answer.error && answer.status !== 'retrying' && (
        <p className="pane-error">
          <strong>{errorKindLabel(answer.error.kind)}</strong>
          {answer.error.status !== undefined && ` (HTTP ${answer.error.status})`}: {answer.error.message}
        </p>
      )}
      <Metrics answer={answer} />
    </div>
  )
}

/** TTFT, tok/s, tokens in and out, cost (and what the provider billed, when it says). Live figures are marked "~". */
export function Metrics({ answer }: { answer: PaneAnswer }) {
  const streaming = answer.status === 'streaming'
  const now = useNow(streaming, 500)
  let rate = answer.tokensPerSecond
  let rateApproximate = false
  if (streaming && answer.firstTokenAt !== null) {
    const seconds = (now - answer.firstTokenAt) / 1000
    const tokens = answer.usage?.outputTokens || Math.round((answer.text.length + answer.reasoning.length) / 4)
    rate = seconds > 0.25 ? tokens / seconds : null
    rateApproximate = true
  }
  const usage = answer.usage
  const estimated = usage?.estimated ?? false
  if (answer.status === 'starting') return null
  return (
    <dl className="metrics">
      <div>
        <dt>TTFT</dt>
        <dd>{formatSeconds(answer.ttftMs)}</dd>
      </div>
      <div>
        <dt>tok/s</dt>
        <dd>
          {rateApproximate && rate !== null ? '~' : ''}
          {formatRate(rate)}
        </dd>
      </div>
      <div>
        <dt>in</dt>
        <dd>
          {estimated ? '~' : ''}
          {formatCount(usage?.inputTokens)}
        </dd>
      </div>
      <div>
        <dt>out</dt>
        <dd>
          {estimated ? '~' : ''}
          {formatCount(usage?.outputTokens)}
        </dd>
      </div>
      <div>
        <dt>cost</dt>
        <dd>{isActive(answer.status) ? '…' : answer.cost.computedUsd === null && usage === null ? '—' : formatUsd(answer.cost.computedUsd)}</dd>
      </div>
      {answer.cost.reportedUsd !== null && (
        <div className={answer.cost.mismatch ? 'metric-mismatch' : undefined}>
          <dt>billed</dt>
          <dd>{formatUsd(answer.cost.reportedUsd)}</dd>
        </div>
      )}
    </dl>
  )
}
