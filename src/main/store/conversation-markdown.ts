import type { ConversationDetail, PaneRecord, ResponseRecord } from '../../shared/history'
import { messageText } from '../../shared/messages'
import type { Store } from './store'

/**
 * A conversation as Markdown, to read or paste elsewhere. Like the JSON export it names models
 * by profile id and model id only: nothing of a profile's keys, headers or URL.
 */
export function conversationToMarkdown(detail: ConversationDetail): string {
  const paneById = new Map(detail.panes.map((pane) => [pane.id, pane]))
  const lines: string[] = [`# ${oneLine(detail.title) || 'Untitled conversation'}`, '']
  lines.push(`Started ${isoTime(detail.createdAt)} · last prompt ${isoTime(detail.updatedAt)}`, '')
  lines.push('## Models', '')
  for (const pane of detail.panes) lines.push(`${pane.position + 1}. ${paneLine(pane)}`)
  lines.push('')

  detail.turns.forEach((turn, index) => {
    lines.push(`## Turn ${index + 1}`, '')
    if (turn.history && turn.history.length > 0) {
      lines.push(`_Continued from one answer; the ${turn.history.length} earlier messages were shared by every model:_`, '')
      for (const message of turn.history) lines.push(quote(`**${message.role}:** ${messageText(message)}`), '')
    }
    lines.push('**Prompt:**', '', turn.prompt, '')
    for (const response of turn.responses) {
      const pane = paneById.get(response.paneId)
      lines.push(`### ${pane ? modelName(pane) : 'unknown model'}${response.best ? ' ★ best' : ''}`, '')
      lines.push(...responseBody(response), '')
    }
  })
  return `${lines.join('\n').trimEnd()}\n`
}

function responseBody(response: ResponseRecord): string[] {
  const lines: string[] = []
  if (response.reasoning) lines.push('<details><summary>Reasoning</summary>', '', response.reasoning, '', '</details>', '')
  if (response.text) lines.push(response.text, '')
  for (const call of response.toolCalls) {
    lines.push(`Tool call \`${call.name}\`:`, '', '```json', JSON.stringify(call.arguments, null, 2), '```', '')
  }
  if (response.error) lines.push(`> **Error (${response.error.kind}):** ${oneLine(response.error.message)}`, '')
  lines.push(`_${metrics(response).join(' · ')}_`)
  return lines
}

function metrics(response: ResponseRecord): string[] {
  const parts: string[] = [response.finishReason ? `${response.status}, ${response.finishReason}` : response.status]
  const { usage, cost, timings } = response
  if (usage) parts.push(`${usage.inputTokens} tokens in, ${usage.outputTokens} out${usage.estimated ? ' (estimated)' : ''}`)
  if (cost.computedUsd !== null) parts.push(`$${cost.computedUsd.toFixed(6)}`)
  if (cost.reportedUsd !== null) parts.push(`billed $${cost.reportedUsd.toFixed(6)}`)
  if (timings.ttftMs !== null) parts.push(`first token ${Math.round(timings.ttftMs)} ms`)
  if (timings.tokensPerSecond !== null) parts.push(`${timings.tokensPerSecond.toFixed(1)} tokens/s`)
  return parts
}

function paneLine(pane: PaneRecord): string {
  const { temperature, maxTokens, reasoningEffort, thinkingBudget } = pane.parameters
  const settings = [
    temperature !== undefined && `temperature ${temperature}`,
    maxTokens !== undefined && `max tokens ${maxTokens}`,
    reasoningEffort !== undefined && `reasoning effort ${reasoningEffort}`,
    thinkingBudget !== undefined && `thinking budget ${thinkingBudget}`
  ].filter(Boolean)
  let line = modelName(pane)
  if (settings.length > 0) line += ` (${settings.join(', ')})`
  if (pane.systemPrompt) line += `; system prompt: ${oneLine(pane.systemPrompt)}`
  return line
}

function modelName(pane: PaneRecord): string {
  return `${pane.profileId}:${pane.modelId}`
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function isoTime(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The Markdown of a stored conversation, or null when there is no such conversation. */
export function exportConversationMarkdown(store: Store, id: number): string | null {
  const detail = store.getConversation(id)
  return detail ? conversationToMarkdown(detail) : null
}
