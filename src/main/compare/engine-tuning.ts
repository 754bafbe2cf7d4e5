import type { Settings } from '../../shared/settings'
import type { CompareEngineOptions } from './compare-engine'

/** The settings the compare engine follows. */
export type EngineSettings = Pick<Settings, 'concurrencyPerEndpoint' | 'firstEventTimeoutSeconds' | 'idleTimeoutSeconds'>

/**
 * The engine's limits from the user's settings: requests at once per endpoint and the two stall
 * timeouts. Getters, read as each pane is sent, so a change in Settings applies to the next run;
 * the app and `juxta compare` both build their engines with this.
 */
export function engineTuning(read: <K extends keyof EngineSettings>(key: K) => EngineSettings[K]): Pick<CompareEngineOptions, 'concurrency' | 'providerOptions'> {
  return {
    concurrency: {
      get perEndpoint() {
        return read('concurrencyPerEndpoint') ?? undefined
      }
    },
    providerOptions: {
      get timeouts() {
        return { firstEventMs: read('firstEventTimeoutSeconds') * 1000, idleMs: read('idleTimeoutSeconds') * 1000 }
      }
    }
  }
}
