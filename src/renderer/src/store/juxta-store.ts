import { createStore, type StoreApi } from 'zustand/vanilla'
import type { RunEvent } from '../../../shared/compare'
import { createAppSlice } from './app-slice'
import { buildCommands } from './commands'
import { createComposerSlice, estimateInputsChanged } from './composer-slice'
import { createPanesSlice } from './panes-slice'
import { createRunSlice, selectRunning } from './run-slice'
import type { JuxtaState, StoreDependencies } from './types'

/**
 * Streamed events are applied at most this often. Every update re-renders each streaming pane and
 * makes the browser lay out, paint and composite it again: at 60 updates a second, eight panes
 * spent most of the main thread on that fixed cost, while the text itself hardly changes between
 * two frames. Twenty updates a second still reads as a smooth stream.
 */
export const MIN_UPDATE_INTERVAL_MS = 50

/**
 * The window's frame scheduler for streamed events: the next animation frame at least
 * `intervalMs` after the previous update. A hidden window gets no animation frames; a timeout
 * keeps answers arriving there too.
 */
export function throttledFrames(intervalMs: number): (callback: () => void) => void {
  let last = Number.NEGATIVE_INFINITY
  return (callback) => {
    let done = false
    const once = (): void => {
      if (done) return
      done = true
      last = performance.now()
      callback()
    }
    // Typed here, not through the DOM library: the store also runs under the tests, in Node.
    const { requestAnimationFrame } = globalThis as { requestAnimationFrame?: (callback: () => void) => number }
    const frame = (): void => {
      requestAnimationFrame?.(once)
      setTimeout(once, 50)
    }
    const wait = last + intervalMs - performance.now()
    if (wait > 0) setTimeout(frame, wait)
    else frame()
  }
}

/**
 * The window's one store: slices (app, panes, composer, run, commands) combined. The run's events
 * are queued as they arrive and applied in one update per frame (and at most every
 * MIN_UPDATE_INTERVAL_MS), and only the panes they touch get new objects, so each pane view
 * (subscribed to its own pane) re-renders alone.
 */
export function createJuxtaStore(dependencies: StoreDependencies): StoreApi<JuxtaState> {
  const deps: Required<StoreDependencies> = {
    download: () => undefined,
    copy: async () => false,
    frame: throttledFrames(MIN_UPDATE_INTERVAL_MS),
    modKey: 'Ctrl',
    // The estimate follows the prompt at once (changes made together are estimated together):
    // counting is incremental and off this thread, so there is nothing to gain by waiting for a
    // pause in typing, and the budget from the last keystroke to the figures is 50 ms.
    estimateDelayMs: 0,
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
