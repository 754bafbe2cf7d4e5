import { createStore, type StoreApi } from 'zustand/vanilla'
import type { RunEvent } from '../../../shared/compare'
import { createAppSlice } from './app-slice'
import { buildCommands } from './commands'
import { createComposerSlice, estimateInputsChanged } from './composer-slice'
import { createPanesSlice } from './panes-slice'
import { createRunSlice, selectRunning } from './run-slice'
import type { JuxtaState, StoreDependencies } from './types'

const nextFrame = (callback: () => void): void => {
  // A hidden window gets no animation frames; the timeout keeps answers arriving there too.
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    callback()
  }
  // Typed here, not through the DOM library: the store also runs under the tests, in Node.
  const { requestAnimationFrame } = globalThis as { requestAnimationFrame?: (callback: () => void) => number }
  requestAnimationFrame?.(once)
  setTimeout(once, 50)
}

/**
 * The window's one store: slices (app, panes, composer, run, commands) combined. The run's events
 * are queued as they arrive and applied once per frame in one update, and only the panes they
 * touch get new objects, so each pane view (subscribed to its own pane) re-renders alone.
 */
export function createJuxtaStore(dependencies: StoreDependencies): StoreApi<JuxtaState> {
  const deps: Required<StoreDependencies> = {
    download: () => undefined,
    copy: async () => false,
    frame: nextFrame,
    modKey: 'Ctrl',
    estimateDelayMs: 150,
    ...dependencies
  }
  const store = createStore<JuxtaState>()((set, get) => ({
    ...createAppSlice(set, get, deps),
    ...createPanesSlice(set, get, deps),
    ...createComposerSlice(set, get, deps),
    ...createRunSlice(set, get, deps),
    commands: []
  }))
  store.setState({ commands: buildCommands(store.getState, deps.modKey) })

  store.subscribe((state, previous) => {
    if (state.paneIds.length !== previous.paneIds.length || selectRunning(state) !== selectRunning(previous)) {
      store.setState({ commands: buildCommands(store.getState, deps.modKey) })
    }
    if (estimateInputsChanged(previous, state)) state.refreshEstimate()
  })

  let queue: RunEvent[] = []
  let scheduled = false
  deps.client.on('compare.event', (event) => {
    queue.push(event)
    if (scheduled) return
    scheduled = true
    deps.frame(() => {
      scheduled = false
      const batch = queue
      queue = []
      store.getState().receiveEvents(batch)
    })
  })
  return store
}
