import { useCallback, useSyncExternalStore } from 'react'

/**
 * The clock, for figures that move with time (a live tokens-per-second, a retry countdown). One
 * clock per interval for the whole window: every pane showing a live figure ticks in the same
 * update, so the window renders (and the browser lays out and paints) once per tick rather than
 * once per pane per tick — with eight streaming panes, those per-pane ticks were most of the
 * browser frames that carried no new text.
 */

interface Clock {
  subscribe(listener: () => void): () => void
  now(): number
}

const clocks = new Map<number, Clock>()

function clockEvery(everyMs: number): Clock {
  let clock = clocks.get(everyMs)
  if (clock) return clock
  let now = Date.now()
  const listeners = new Set<() => void>()
  let timer: ReturnType<typeof setInterval> | undefined
  const tick = (): void => {
    now = Date.now()
    for (const listener of listeners) listener()
  }
  clock = {
    subscribe(listener) {
      listeners.add(listener)
      if (listeners.size === 1) {
        timer = setInterval(tick, everyMs)
        // The time may be old: the clock did not run while nothing watched it.
        queueMicrotask(tick)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) clearInterval(timer)
      }
    },
    now: () => now
  }
  clocks.set(everyMs, clock)
  return clock
}

const stopped = (): (() => void) => () => undefined

/** Epoch milliseconds, ticking every `everyMs` while `enabled`. */
export function useNow(enabled: boolean, everyMs: number): number {
  const clock = clockEvery(everyMs)
  const subscribe = useCallback((listener: () => void) => (enabled ? clock.subscribe(listener) : stopped()), [enabled, clock])
  return useSyncExternalStore(subscribe, clock.now)
}
