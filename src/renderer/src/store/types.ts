import type { ResolvedModel } from '../../../shared/catalog'
import type { ContinuedThread, RunEvent } from '../../../shared/compare'
import type { ContractClient } from '../../../shared/contract/client'
import type { AppInfo, JuxtaContract, ProfileList } from '../../../shared/contract/juxta-contract'
import type { Estimate } from '../../../shared/estimate'
import type { ModelParameters } from '../../../shared/history'
import type { SettingKey, Settings } from '../../../shared/settings'
import type { PaneState, PaneWidth } from './pane-state'

/** One action the command palette offers. */
export interface Command {
  id: string
  title: string
  /** For display, e.g. "Ctrl+Enter" or "⌘K"; absent when there is none. */
  shortcut?: string
  /** Grouping for display: "Comparison", "Panes", "View" … */
  section: string
  run: () => void
}

export interface Notice {
  kind: 'info' | 'error'
  text: string
}

export type Layout = 'columns' | 'grid'

/** What the store needs from outside: the contract, and the few browser services it uses. */
export interface StoreDependencies {
  client: ContractClient<JuxtaContract>
  /** Saves a file for the user (a download). */
  download?: (fileName: string, text: string) => void
  copy?: (text: string) => Promise<boolean>
  /** Runs `callback` at the next frame (event batches are applied once per frame). */
  frame?: (callback: () => void) => void
  /** "Ctrl" or "⌘", for shortcut labels. */
  modKey?: string
  /** Milliseconds to wait after a change before estimating it (0: at once, changes made together estimated together). */
  estimateDelayMs?: number
}

export interface AppSlice {
  appInfo: AppInfo | null
  /** app.info failed: the window cannot reach main (shown once, as an alert). */
  initError: string | null
  settings: Settings | null
  profiles: ProfileList | null
  /** What the catalog knows of each model instance ("profileId:modelId"), from models.describe. */
  modelInfo: Readonly<Record<string, ResolvedModel>>
  settingsOpen: boolean
  paletteOpen: boolean
  sidebarOpen: boolean
  layout: Layout
  syncScroll: boolean
  notice: Notice | null
  /** Goes up whenever a run saved something: the history list should reload. */
  historyRevision: number
  init(): Promise<void>
  reloadSettings(): Promise<void>
  /** Settings changed elsewhere (the Settings view): theme and defaults follow. */
  applySettings(settings: Settings): void
  setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void>
  /** Profiles changed elsewhere (the Settings view): model pickers follow. */
  reloadProfiles(): Promise<void>
  describeModels(refs: readonly string[]): Promise<void>
  showSettings(open: boolean): void
  setPaletteOpen(open: boolean): void
  toggleSidebar(): void
  setLayout(layout: Layout): void
  setSyncScroll(on: boolean): void
  notify(kind: Notice['kind'], text: string): void
  dismissNotice(): void
  bumpHistory(): void
}

export interface PanesSlice {
  /** Left to right. */
  paneIds: string[]
  panes: Readonly<Record<string, PaneState>>
  /** A pane asked to take focus (focusPane); seq changes with every request. */
  focusRequest: { paneId: string; seq: number } | null
  addPane(model?: string): void
  removePane(id: string): void
  movePane(id: string, offset: -1 | 1): void
  setPaneModel(id: string, model: string): void
  setPaneParameters(id: string, parameters: ModelParameters): void
  setPaneSystemPrompt(id: string, systemPrompt: string): void
  setPaneWidth(id: string, width: PaneWidth): void
  /** Focuses the nth pane, from 1. */
  focusPane(n: number): void
}

export interface EstimateState {
  status: 'idle' | 'pending' | 'ready' | 'error'
  /** The estimate for `paneIds` (in that order: panes without a model are left out). */
  value: Estimate | null
  paneIds: string[]
  error: string | null
}

export interface ComposerSlice {
  /** The prompt being written; kept across sends that fail and comparisons. */
  draft: string
  setDraft(text: string): void
  composerFocusSeq: number
  focusComposer(): void
  estimate: EstimateState
  /** Estimates again after the debounce (the draft or a pane changed). */
  refreshEstimate(): void
}

export interface PendingThread extends ContinuedThread {
  /** Whose answer it continues, for the composer to say so. */
  fromLabel: string
}

export interface RunSlice {
  conversationId: number | null
  conversationTitle: string | null
  /** "Continue with this answer": sent as the next run's thread. */
  thread: PendingThread | null
  /** compare.start is on its way. */
  sending: boolean
  sendError: string | null
  /** The estimate's ceiling is over the user's limit: ask before sending. */
  confirm: { maxUsd: number; limitUsd: number } | null
  diff: { left: string; right: string } | null
  send(options?: { confirmed?: boolean }): Promise<void>
  cancelSend(): void
  stopAll(): void
  stopPane(id: string): void
  retryPane(id: string): Promise<void>
  continueWith(id: string): Promise<void>
  clearThread(): void
  markBest(id: string, best: boolean): Promise<void>
  newComparison(): void
  openConversation(id: number): Promise<void>
  openDiff(left?: string, right?: string): void
  closeDiff(): void
  exportMarkdown(): Promise<void>
  copyAll(): Promise<void>
  /** The connection to main dropped: main stops the runs of a closed socket, so their panes end here. */
  connectionLost(): void
  /** Applies a batch of the run's events (the event listener calls it once per frame). */
  receiveEvents(events: readonly RunEvent[]): void
}

export interface CommandsSlice {
  /** What the command palette lists; rebuilt when the panes change. */
  commands: Command[]
}

export type JuxtaState = AppSlice & PanesSlice & ComposerSlice & RunSlice & CommandsSlice
