import { randomUUID } from 'node:crypto'
import { type JuxtaContract, type ListedModel, MAX_PROMPT_CHARS } from '../../shared/contract/juxta-contract'
import { DraftMemory } from '../estimate/draft-memory'
import type { KeyStatus } from '../../shared/credentials'
import type { PaneToEstimate } from '../estimate/estimate-prompt'
import { estimatePrompt } from '../estimate/estimate-prompt'
import { parseModelRef, type ProviderProfile } from '../../shared/profiles'
import { maskProfileHeaders, unmaskProfileHeaders } from '../config/masked-headers'
import { type DetectLocalServersOptions, detectLocalServers } from '../providers/local-servers'
import { PROFILE_PRESETS, findPreset } from '../providers/presets'
import { ProviderError } from '../providers/provider-error'
import { redactSecrets } from '../providers/redact'
import type { MainServices } from '../services'
import { exportConversationJson, exportConversationMarkdown, importConversationJson } from '../store'
import { CompareInputError, CompareNotFoundError } from '../compare'
import type { Handlers } from './dispatcher'
import { RouteError } from './route-error'

/** How long listing a profile's models may take before it counts as failed. */
const LIST_MODELS_TIMEOUT_MS = 15_000

export interface HandlerOptions {
  /** Where local.detect looks: other ports than the servers' defaults, for tests. */
  localServers?: Pick<DetectLocalServersOptions, 'ports' | 'timeoutMs'>
}

/**
 * Every route of the contract, on main's services. Inputs arrive parsed by their schemas;
 * a handler throws RouteError (or a service's own error) and the dispatcher makes it a value.
 */
export function createHandlers(services: MainServices, options: HandlerOptions = {}): Handlers<JuxtaContract> {
  const { store, credentials, profiles } = services
  const drafts = new DraftMemory()
  // A name per window (its connection's signal lives exactly as long), for debouncing its panes' counts.
  const windowNames = new WeakMap<AbortSignal, string>()
  const windowName = (signal: AbortSignal): string => {
    let name = windowNames.get(signal)
    if (name === undefined) windowNames.set(signal, (name = `window ${randomUUID()}`))
    return name
  }

  const profileIn = (lookup: (id: string) => ProviderProfile | undefined, id: string): ProviderProfile => {
    const found = lookup(id)
    if (!found) throw new RouteError('not_found', `no profile "${id}"`)
    return found
  }
  const profile = (id: string): ProviderProfile => profileIn(profiles.find, id)
  /** The profiles read once, for a request that looks up many (a pane each): each list() reads and parses them all. */
  const profileLookup = (): ((id: string) => ProviderProfile | undefined) => {
    const byId = new Map(profiles.list().profiles.map((known) => [known.id, known]))
    return (id) => byId.get(id)
  }
  // A key can be saved for a profile not added yet (a preset being set up): its status needs only the id.
  const knownOrBare = (id: string): ProviderProfile =>
    profiles.find(id) ?? findPreset(id) ?? { id, kind: 'openai', models: [] }
  // The profile id schema allows what a key is made of; a key pasted into the id field would be
  // saved under that name and echoed back in every status. Refused, without quoting it.
  const notAKey = (id: string): string => {
    if (redactSecrets(id) !== id) throw new RouteError('invalid_input', 'that looks like an API key, not a profile id: paste the key in the key field')
    return id
  }
  const writable = (): void => {
    if (profiles.readOnly) throw new RouteError('unavailable', `profiles come from ${profiles.file}; edit that file to change them`)
  }
  const conversation = <T>(id: number, value: T | null): T => {
    if (value === null) throw new RouteError('not_found', `no conversation ${id}`)
    return value
  }

  return {
    'app.info': () => ({ version: services.version, notices: [...services.notices] }),

    'profiles.list': () => {
      const list = profiles.list()
      return { ...list, profiles: list.profiles.map(maskProfileHeaders), readOnly: profiles.readOnly }
    },
    'profiles.save': ({ profile: incoming }) => {
      writable()
      notAKey(incoming.id)
      const saved = store.profiles.get(incoming.id) ?? undefined
      return maskProfileHeaders(store.profiles.save(unmaskProfileHeaders(incoming, saved)))
    },
    'profiles.delete': ({ id }) => {
      writable()
      if (!store.profiles.remove(id)) throw new RouteError('not_found', `no saved profile "${id}"`)
      return null
    },
    'profiles.presets': () => PROFILE_PRESETS.map((preset) => structuredClone(preset)),

    'settings.get': () => store.settings.getAll(),
    'settings.set': (change) => {
      store.settings.set(change.key, change.value)
      return store.settings.getAll()
    },

    'keys.status': async ({ profileIds }) => {
      const chosen = profileIds ? profileIds.map(profile) : profiles.list().profiles
      const statuses: KeyStatus[] = []
      for (const each of chosen) statuses.push(await credentials.status(each))
      return { statuses, backend: await credentials.backend() }
    },
    'keys.set': async ({ profileId, key }) => {
      notAKey(profileId)
      try {
        await credentials.set(profileId, key)
      } catch (error) {
        // The credential service words its errors without the key; this guards any other failure.
        if (error instanceof Error) error.message = redactSecrets(error.message, [key])
        throw error
      }
      return { status: await credentials.status(knownOrBare(profileId)), backend: await credentials.backend() }
    },
    'keys.delete': async ({ profileId }) => {
      notAKey(profileId)
      const removed = await credentials.delete(profileId)
      return { removed, status: await credentials.status(knownOrBare(profileId)), backend: await credentials.backend() }
    },
    'keys.test': ({ profileId }, { signal }) => credentials.test(profile(profileId), signal),

    'estimate.prompt': async ({ prompt: whole, edit, draft, panes }, { signal }) => {
      const prompt = edit === undefined ? whole! : drafts.apply(signal, edit.base, edit)
      if (prompt === null) throw new RouteError('not_found', 'the draft this edit applies to is not known here; send the whole prompt')
      if (prompt.length > MAX_PROMPT_CHARS) throw new RouteError('invalid_input', `the prompt is over ${MAX_PROMPT_CHARS} characters`)
      if (draft !== undefined) drafts.remember(signal, draft, prompt)
      const lookup = profileLookup()
      const toEstimate: PaneToEstimate[] = panes.map((pane) => {
        const ref = parseModelRef(pane.model)!
        return {
          profile: profileIn(lookup, ref.profileId),
          modelId: ref.modelId,
          ...(pane.system !== undefined && { system: pane.system }),
          ...(pane.maxTokens !== undefined && { maxTokens: pane.maxTokens })
        }
      })
      try {
        return await estimatePrompt(prompt, toEstimate, await services.estimate(), signal, windowName(signal))
      } catch (error) {
        // A newer estimate from the same window took over this one's network counts.
        if (error instanceof DOMException && error.name === 'AbortError' && !signal.aborted) throw new RouteError('unavailable', 'a newer estimate replaced this one')
        throw error
      }
    },

    'history.list': ({ search, limit }) => store.listConversations({ ...(search !== undefined && { search }), ...(limit !== undefined && { limit }) }),
    'history.get': ({ id }) => conversation(id, store.getConversation(id)),
    'history.rename': ({ id, title }) => {
      if (!store.conversations.rename(id, title)) throw new RouteError('not_found', `no conversation ${id}`)
      return conversation(id, store.conversations.get(id))
    },
    'history.delete': ({ id }) => {
      if (!store.conversations.delete(id)) throw new RouteError('not_found', `no conversation ${id}`)
      return null
    },
    'history.exportMarkdown': ({ id }) => conversation(id, exportConversationMarkdown(store, id)),
    'history.exportJson': ({ id }) => conversation(id, exportConversationJson(store, id)),
    'history.import': ({ text }) => ({ id: importConversationJson(store, text) }),
    'history.markBest': ({ responseId, best }) => {
      if (!store.responses.setBest(responseId, best)) throw new RouteError('not_found', `no answer ${responseId}`)
      return null
    },

    'models.list': async ({ profileId }, { signal }) => {
      const chosen = profile(profileId)
      const apiKey = await credentials.resolveKey(chosen)
      // A fresh client, not a cached one: the key may have just changed.
      const provider = services.registry.create({ profile: chosen, ...(apiKey && { apiKey }) })
      const timeout = AbortSignal.timeout(LIST_MODELS_TIMEOUT_MS)
      try {
        const models = await provider.listModels(AbortSignal.any([signal, timeout]))
        return models.map(listedModel)
      } catch (error) {
        if (timeout.aborted && !signal.aborted) throw new RouteError('failed', `${chosen.id} did not list its models within ${LIST_MODELS_TIMEOUT_MS / 1000} s`)
        if (error instanceof ProviderError) throw new RouteError('failed', redactSecrets(error.message, [apiKey]))
        throw error
      }
    },

    'local.detect': (_input, { signal }) => detectLocalServers({ ...options.localServers, signal }),

    'models.describe': async ({ models }) => {
      const { resolveModel } = await services.estimate()
      const lookup = profileLookup()
      return models.flatMap((ref) => {
        const { profileId, modelId } = parseModelRef(ref)!
        const found = lookup(profileId)
        return found ? [resolveModel(found, modelId)] : []
      })
    },

    'compare.start': async (input, { emit, signal }) => {
      const engine = await services.compare()
      const handle = await compareCall(() => engine.start(input, (event) => emit('compare.event', event)))
      // The caller (window or socket) went away: nobody is watching, so its run stops (answers kept).
      const stopRun = (): void => void engine.stop(handle.runId)
      signal.addEventListener('abort', stopRun, { once: true })
      // A window lives through many runs: the listener goes when its run is over.
      void engine.wait(handle.runId).finally(() => signal.removeEventListener('abort', stopRun))
      return handle
    },
    'compare.stop': async ({ runId, paneId }) => (await services.compare()).stop(runId, paneId),
    'compare.retry': async ({ runId, paneId }) => {
      const engine = await services.compare()
      return compareCall(() => engine.retry(runId, paneId))
    },
    'compare.continueWith': async ({ from }) => {
      const engine = await services.compare()
      return compareCall(async () => engine.continueWith(from))
    }
  }
}

/** The engine's own errors, as the codes the window understands. */
async function compareCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof CompareInputError) throw new RouteError('invalid_input', error.message)
    if (error instanceof CompareNotFoundError) throw new RouteError('not_found', error.message)
    throw error
  }
}

/** Only the listed fields: an SDK's model object may carry more than the window needs. */
function listedModel(model: ListedModel): ListedModel {
  return {
    id: model.id,
    ...(model.name !== undefined && { name: model.name }),
    ...(model.ownedBy !== undefined && { ownedBy: model.ownedBy }),
    ...(model.contextWindow !== undefined && { contextWindow: model.contextWindow }),
    ...(model.createdAt !== undefined && { createdAt: model.createdAt })
  }
}
