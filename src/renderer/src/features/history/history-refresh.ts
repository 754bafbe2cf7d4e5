import { useEffect, useRef } from 'react'

/**
 * "The history changed, show it again": for whoever saves or renames a conversation outside the
 * sidebar (a run started, a chat renamed). Every mounted HistorySidebar reloads its list.
 */
const listeners = new Set<() => void>()

export function refreshHistory(): void {
  for (const listener of listeners) listener()
}

/** The function that refreshes every history list; stable, so it can sit in effect dependencies. */
export function useHistoryRefresh(): () => void {
  return refreshHistory
}

/** Calls `onRefresh` (the latest one given) whenever refreshHistory() is called. */
export function useOnHistoryRefresh(onRefresh: () => void): void {
  const latest = useRef(onRefresh)
  useEffect(() => {
    latest.current = onRefresh
  })
  useEffect(() => {
    const listener = (): void => latest.current()
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }, [])
}
