import { memo } from 'react'
import type { Message, ToolCall } from '../../../../shared/messages'
import { messageText } from '../../../../shared/messages'
import { MarkdownText, MarkdownView } from '../../markdown/markdown-view'
import type { PaneAnswer } from '../../store'

/** Visible reasoning, folded away unless asked for (open while it is all there is to see). */
function Reasoning({ text, live }: { text: string; live: boolean }) {
  return (
    <details className="reasoning" open={live || undefined}>
      <summary>Reasoning ({text.length.toLocaleString('en-US')} characters)</summary>
      <div className="reasoning-text">{text}</div>
    </details>
  )
}

function ToolCalls({ calls }: { calls: readonly ToolCall[] }) {
  return (
    <div className="tool-calls">
      <p className="tool-calls-title">Tool calls</p>
      <ul>
        {calls.map((call) => (
          <li key={call.id}>
            <code className="tool-name">{call.name}</code>
            <pre aria-label={`Arguments of ${call.name}`}>{JSON.stringify(call.arguments, null, 2)}</pre>
          </li>
        ))}
      </ul>
    </div>
  )
}

/** One answer as it streams (or as it was saved): reasoning, tool calls, then the markdown. */
export function AnswerView({ answer, showReasoning }: { answer: PaneAnswer; showReasoning: boolean }) {
  const streaming = answer.status === 'streaming' || answer.status === 'waiting'
  return (
    <div className="answer" aria-busy={streaming || undefined}>
      {showReasoning && answer.reasoning !== '' && <Reasoning text={answer.reasoning} live={streaming && answer.text === ''} />}
      {answer.toolCalls.length > 0 && <ToolCalls calls={answer.toolCalls} />}
      <MarkdownView doc={answer.doc} />
      {answer.status === 'streaming' && <span className="caret" aria-hidden="true" />}
    </div>
  )
}

/** The pane's conversation before the current turn; memoised by the history array, which changes once per turn. */
export const Transcript = memo(function Transcript({ history, from, showReasoning }: { history: readonly Message[]; from: string | null; showReasoning: boolean }) {
  if (history.length === 0) return null
  return (
    <div className="transcript">
      {from && <p className="transcript-origin">Continued from {from}’s answer:</p>}
      {history.map((message, index) => {
        if (message.role === 'user') return <Prompt key={index} text={messageText(message)} />
        if (message.role === 'assistant')
          return (
            <div key={index} className="answer earlier">
              {showReasoning && message.reasoning && <Reasoning text={message.reasoning} live={false} />}
              {message.toolCalls && message.toolCalls.length > 0 && <ToolCalls calls={message.toolCalls} />}
              <MarkdownText text={message.content} />
            </div>
          )
        return (
          <p key={index} className="transcript-note">
            {message.role === 'system' ? 'System' : 'Tool result'}: {messageText(message)}
          </p>
        )
      })}
    </div>
  )
})

export function Prompt({ text }: { text: string }) {
  return (
    <div className="prompt">
      <span className="visually-hidden">Prompt: </span>
      {text}
    </div>
  )
}
