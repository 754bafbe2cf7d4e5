// The store's public surface: open it, then use the Store's parts.
export { openStore, DATABASE_FILE, type OpenStoreOptions, type OpenedStore } from './open-store'
export { Store, type ListOptions, type StoreOptions } from './store'
export type { SettingsStore } from './settings-store'
export type { ProfileStore, StoredProfiles } from './profile-store'
export type { ConversationStore, PaneInput, TurnInput } from './conversation-store'
export type { ResponseStore, ResponseOutcome, ResponseProgress, FinalStatus } from './response-store'
export {
  ResponseWriter,
  FLUSH_INTERVAL_MS,
  finalStatusOf,
  outputTokensPerSecond,
  timeToFirstTokenMs,
  type RepeatTimer,
  type ResponseEnd,
  type ResponseWriterOptions
} from './response-writer'
export { conversationToMarkdown, exportConversationMarkdown } from './conversation-markdown'
export {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ImportError,
  conversationToExport,
  exportConversationJson,
  importConversationJson,
  parseConversationExport,
  type ConversationExport
} from './conversation-json'
export { MIGRATIONS, SCHEMA_VERSION, NewerSchemaError, migrate, schemaVersion } from './migrations'
