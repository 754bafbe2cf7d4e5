import { formatUsd } from '../../format'
import { MOD_KEY, juxtaActions, selectRunning, useJuxtaStore } from '../../store'
import { EstimateStrip } from './estimate-strip'
import { PromptEditor } from './prompt-editor'
import './composer.css'

/**
 * The prompt box. Ctrl/⌘+Enter sends to every pane (each continues its own conversation); while
 * answers stream, "Stop all" stops them. The draft lives in the store: nothing typed is lost to
 * a failed send, a new comparison or the settings view.
 */
export function Composer() {
  const draft = useJuxtaStore((state) => state.draft)
  const running = useJuxtaStore(selectRunning)
  const sending = useJuxtaStore((state) => state.sending)
  const sendError = useJuxtaStore((state) => state.sendError)
  const confirm = useJuxtaStore((state) => state.confirm)
  const thread = useJuxtaStore((state) => state.thread)
  const focusSeq = useJuxtaStore((state) => state.composerFocusSeq)
  const chatting = useJuxtaStore((state) => state.paneIds.some((id) => state.panes[id]?.turn))
  const actions = juxtaActions()

  return (
    <form
      className="composer"
      aria-label="Composer"
      onSubmit={(event) => {
        event.preventDefault()
        void actions.send()
      }}
    >
      {thread && (
        <p className="thread-banner">
          The next prompt continues from {thread.fromLabel}’s answer, in every pane.{' '}
          <button type="button" className="link" onClick={actions.clearThread}>
            Cancel
          </button>
        </p>
      )}
      <div className="composer-row">
        <PromptEditor
          label="Prompt"
          keyShortcuts={`${MOD_KEY === '⌘' ? 'Meta' : 'Control'}+Enter`}
          placeholder={chatting ? `Reply to every pane… (${MOD_KEY}+Enter to send)` : `Ask every pane… (${MOD_KEY}+Enter to send)`}
          value={draft}
          onChange={actions.setDraft}
          focusSeq={focusSeq}
        />
        <div className="composer-actions">
          {running ? (
            <button type="button" className="danger" onClick={actions.stopAll} aria-keyshortcuts="Escape">
              Stop all
            </button>
          ) : (
            <button type="submit" className="primary" disabled={sending}>
              Send
            </button>
          )}
        </div>
      </div>
      {sendError && (
        <p className="composer-error" role="alert">
          {sendError}
        </p>
      )}
      {confirm && (
        <div className="confirm" role="group" aria-label="Confirm the cost">
          <p>
            This prompt may cost up to {formatUsd(confirm.maxUsd)} in all, above your limit of {formatUsd(confirm.limitUsd)}.
          </p>
          <button type="button" className="primary" onClick={() => void actions.send({ confirmed: true })}>
            Send anyway
          </button>
          <button type="button" onClick={actions.cancelSend}>
            Cancel
          </button>
        </div>
      )}
      <EstimateStrip />
    </form>
  )
}
