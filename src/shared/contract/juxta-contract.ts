import { z } from 'zod'
import type { CredentialBackend, KeyStatus, KeyTestResult } from '../credentials'
import type { ResolvedModel } from '../catalog'
import type { Estimate } from '../estimate'
import type { ConversationDetail, ConversationRecord, ConversationSummary } from '../history'
import { type ProviderProfile, parseModelRef, providerProfileSchema } from '../profiles'
import { SETTINGS, type SettingKey, type Settings } from '../settings'
import {
  type ContinuedThread,
  type RunEvent,
  type RunHandle,
  continueFromSchema,
  paneRefSchema,
  runInputSchema,
  stopInputSchema
} from '../compare'
import { type EventDefinition, type RouteDefinition, defineContract, event, route } from './define'
import type { JuxtaEventName, JuxtaRouteName } from './names'

/**
 * Juxta's one contract between the window and main. To add a route: add its name to
 * ROUTE_NAMES (names.ts), its schema and output type here, and its handler in
 * src/main/ipc/handlers.ts — the handlers object is an exhaustive mapped type, so a route
 * without a handler does not compile. Events likewise: EVENT_NAMES, `events` below, and a
 * handler that emits it through its context.
 *
 * Inputs are refused unless they fit exactly: strict objects (an unknown field is an error,
 * not ignored), bounded sizes, validated ids.
 */

/** Far above any real prompt (about 500k tokens), low enough that one request cannot exhaust memory. */
export const MAX_PROMPT_CHARS = 2 * 1024 * 1024
/** A comparison shows at most this many panes side by side. */
export const MAX_PANES = 16
/** A conversation export with long answers runs to a few MB; this leaves a wide margin. */
export const MAX_IMPORT_CHARS = 16 * 1024 * 1024
/** The credential service refuses keys over 4096 characters with a clearer message; this only bounds the input. */
const MAX_KEY_CHARS = 8192
const MAX_PROFILE_JSON_CHARS = 256 * 1024
const MAX_SETTING_JSON_CHARS = 64 * 1024

const profileId = providerProfileSchema.shape.id.max(100, 'a profile id has at most 100 characters')
const conversationId = z.number().int().positive()
const modelRef = z
  .string()
  .max(400)
  .refine((ref) => parseModelRef(ref) !== null, 'write a model as PROFILE:MODEL, e.g. "openai:gpt-4o-mini"')
const noInput = z.strictObject({})

function jsonAtMost(limit: number): (value: unknown) => boolean {
  return (value) => {
    try {
      return (JSON.stringify(value) ?? '').length <= limit
    } catch {
      return false // not JSON at all (a BigInt, a cycle): no route takes that
    }
  }
}

const boundedProfile = providerProfileSchema.refine(jsonAtMost(MAX_PROFILE_JSON_CHARS), 'the profile is too large')

type SettingChange = { [K in SettingKey]: { key: K; value: Settings[K] } }[SettingKey]
// One strict object per setting, so the value is checked by that setting's own schema.
const settingChange = z.union(
  (Object.keys(SETTINGS) as SettingKey[]).map((key) =>
    z.strictObject({
      key: z.literal(key),
      value: (SETTINGS[key].schema as z.ZodType).refine(jsonAtMost(MAX_SETTING_JSON_CHARS), 'the value is too large')
    })
  ) as unknown as [z.ZodType<SettingChange, SettingChange>, ...z.ZodType<SettingChange, SettingChange>[]]
) as z.ZodType<SettingChange, SettingChange>

const draftNumber = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

const estimatePane = z.strictObject({
  /** "profileId:modelId" */
  model: modelRef,
  system: z.string().max(MAX_PROMPT_CHARS).optional(),
  maxTokens: z.number().int().positive().max(100_000_000).optional()
})

export interface AppInfo {
  version: string
  /** Sentences for the user: a damaged database moved aside, keys kept for this session only … */
  notices: string[]
}

export interface ProfileList {
  profiles: ProviderProfile[]
  /** 'file': from `--config FILE` (read-only); 'saved': the data directory's; 'presets': nothing saved yet. */
  source: 'file' | 'saved' | 'presets'
  readOnly: boolean
  /** Saved profiles that no longer parse, left out, with what is wrong. */
  problems: string[]
}

export interface KeysOverview {
  statuses: KeyStatus[]
  backend: CredentialBackend
}

export interface KeyChange {
  status: KeyStatus
  backend: CredentialBackend
}

/** A model an endpoint offers, as its /models lists it. */
export interface ListedModel {
  id: string
  name?: string
  ownedBy?: string
  contextWindow?: number
  createdAt?: string
}

/** A model server on this machine (Ollama, LM Studio), probed on its usual loopback port. */
export interface LocalServer {
  /** The preset profile id it matches ("ollama", "lmstudio"). */
  id: string
  name: string
  /** The OpenAI-compatible base URL a profile for it uses. */
  baseURL: string
  running: boolean
  /** The models it lists; empty when it is not running. */
  models: string[]
}

const routes = {
  'app.info': route(noInput).returns<AppInfo>(),

  'profiles.list': route(noInput).returns<ProfileList>(),
  /** Adds or replaces a profile. A header value shown masked, sent back unchanged, keeps the saved value. */
  'profiles.save': route(z.strictObject({ profile: boundedProfile })).returns<ProviderProfile>(),
  'profiles.delete': route(z.strictObject({ id: profileId })).returns<null>(),
  'profiles.presets': route(noInput).returns<ProviderProfile[]>(),

  'settings.get': route(noInput).returns<Settings>(),
  'settings.set': route(settingChange).returns<Settings>(),

  /** Whether each profile (all active ones, or those named) has a key and from where; never the key. */
  'keys.status': route(z.strictObject({ profileIds: z.array(profileId).max(256).optional() })).returns<KeysOverview>(),
  'keys.set': route(z.strictObject({ profileId, key: z.string().max(MAX_KEY_CHARS) })).returns<KeyChange>(),
  'keys.delete': route(z.strictObject({ profileId })).returns<KeyChange & { removed: boolean }>(),
  'keys.test': route(z.strictObject({ profileId })).returns<KeyTestResult>(),

  'estimate.prompt': route(
    z
      .strictObject({
        /** The whole prompt; or `edit`, an edit of the draft numbered `edit.base` this window sent before. */
        prompt: z.string().max(MAX_PROMPT_CHARS).optional(),
        edit: z
          .strictObject({ base: draftNumber, from: z.number().int().nonnegative(), to: z.number().int().nonnegative(), insert: z.string().max(MAX_PROMPT_CHARS) })
          .optional(),
        /** Numbers this prompt, so that later calls may send an edit of it. */
        draft: draftNumber.optional(),
        panes: z.array(estimatePane).min(1).max(MAX_PANES)
      })
      .refine((input) => (input.prompt === undefined) !== (input.edit === undefined), 'give either the prompt or an edit of an earlier draft')
      .refine((input) => input.edit === undefined || input.draft !== undefined, 'an edit needs the number of the draft it makes')
  ).returns<Estimate>(),

  'history.list': route(
    z.strictObject({ search: z.string().max(1000).optional(), limit: z.number().int().positive().max(1000).optional() })
  ).returns<ConversationSummary[]>(),
  'history.get': route(z.strictObject({ id: conversationId })).returns<ConversationDetail>(),
  'history.rename': route(z.strictObject({ id: conversationId, title: z.string().max(10_000) })).returns<ConversationRecord>(),
  'history.delete': route(z.strictObject({ id: conversationId })).returns<null>(),
  'history.exportMarkdown': route(z.strictObject({ id: conversationId })).returns<string>(),
  'history.exportJson': route(z.strictObject({ id: conversationId })).returns<string>(),
  'history.import': route(z.strictObject({ text: z.string().max(MAX_IMPORT_CHARS) })).returns<{ id: number }>(),
  /** Marks (or unmarks) the best answer of its turn; marking one unmarks the others of that turn. */
  'history.markBest': route(z.strictObject({ responseId: z.number().int().positive(), best: z.boolean() })).returns<null>(),

  /** The models a profile's endpoint offers (its /models), with the profile's key. */
  'models.list': route(z.strictObject({ profileId })).returns<ListedModel[]>(),
  /** What the catalog (with the profiles' overrides) knows of each model: size, context window, price. Unknown profiles are left out. */
  'models.describe': route(z.strictObject({ models: z.array(modelRef).max(256) })).returns<ResolvedModel[]>(),
  /** Which local servers (Ollama, LM Studio) answer on their loopback ports, and their models. */
  'local.detect': route(noInput).returns<LocalServer[]>(),

  /** One prompt to every pane at once; the run's events arrive as `compare.event`, to this caller only. */
  'compare.start': route(runInputSchema).returns<RunHandle>(),
  /** Stops one pane, or the whole run without a paneId; false when nothing was running. */
  'compare.stop': route(stopInputSchema).returns<boolean>(),
  /** A new attempt of one pane, the others untouched. */
  'compare.retry': route(paneRefSchema).returns<{ attempt: number; responseId: string }>(),
  /** "Continue with this answer": the thread to send every pane in the next run. */
  'compare.continueWith': route(z.strictObject({ from: continueFromSchema })).returns<ContinuedThread>()

  // `satisfies` holds the routes and names.ts to the same names: a name without a route, or a
  // route the preload would not forward, is a compile error.
} satisfies { [N in JuxtaRouteName]: RouteDefinition }

const events = {
  /** Tagged { runId, paneId }; sent only to the window or socket that started the run. */
  'compare.event': event<RunEvent>()
} satisfies { [E in JuxtaEventName]: EventDefinition }

export const juxtaContract = defineContract({ routes, events })

export type JuxtaContract = typeof juxtaContract
