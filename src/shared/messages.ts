/**
 * Conversation messages in Juxta's own vendor-neutral shape. Providers translate these
 * into each vendor's wire format; nothing here knows about a vendor.
 */

export interface TextPart {
  type: 'text'
  text: string
}

/** An image given inline (base64) or by URL. */
export interface ImagePart {
  type: 'image'
  /** e.g. image/png; required for inline data. */
  mediaType?: string
  /** Base64 without a data: prefix. */
  data?: string
  url?: string
}

export type UserContentPart = TextPart | ImagePart

export interface SystemMessage {
  role: 'system'
  content: string
}

export interface UserMessage {
  role: 'user'
  content: string | UserContentPart[]
}

export interface AssistantMessage {
  role: 'assistant'
  content: string
  /** Visible reasoning the model produced for this turn, if any. */
  reasoning?: string
  /**
   * Anthropic signs its thinking blocks; a signed block must be sent back verbatim when a
   * tool-use turn continues. Other vendors ignore it.
   */
  reasoningSignature?: string
  toolCalls?: ToolCall[]
}

/** The result of one tool call, answered by the user's side of the conversation. */
export interface ToolMessage {
  role: 'tool'
  toolCallId: string
  toolName?: string
  content: string
  isError?: boolean
}

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage
export type Role = Message['role']

/** JSON Schema for a tool's parameters (an object schema). */
export type JsonSchema = { type: 'object'; [keyword: string]: unknown }

export interface ToolDefinition {
  name: string
  description?: string
  parameters: JsonSchema
}

export interface ToolCall {
  id: string
  name: string
  /** Parsed arguments. */
  arguments: Record<string, unknown>
}

export type ToolResult = Pick<ToolMessage, 'toolCallId' | 'toolName' | 'content' | 'isError'>

/** The text of a message, with non-text parts left out. */
export function messageText(message: Message): string {
  const { content } = message
  if (typeof content === 'string') return content
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('')
}
