import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from 'react'

/**
 * Pane scrolling: each pane follows its answer to the bottom while the user is at the bottom,
 * and stops as soon as they scroll up (and follows again once they are back). With synchronised
 * scrolling on, a pane the user scrolls takes the others to the same relative position.
 */

const FOLLOW_SLACK_PX = 32
const scrollers = new Map<string, HTMLElement>()
/** Scroll events we cause ourselves arrive until this time per element; they are not the user's. */
const ownScrollUntil = new WeakMap<HTMLElement, number>()

function scrollOwn(element: HTMLElement, top: number): void {
  if (Math.abs(element.scrollTop - top) < 1) return
  ownScrollUntil.set(element, performance.now() + 100)
  element.scrollTop = top
}

function syncOthers(from: string, element: HTMLElement): void {
  const range = element.scrollHeight - element.clientHeight
  const ratio = range > 0 ? element.scrollTop / range : 0
  for (const [id, other] of scrollers) {
    if (id !== from) scrollOwn(other, Math.round(ratio * (other.scrollHeight - other.clientHeight)))
  }
}

/** For the pane's scrolling body: the handler to put on onScroll. `content` changes whenever the answer grows. */
export function usePaneScroll(paneId: string, ref: RefObject<HTMLElement | null>, content: unknown, sync: boolean, resetKey: unknown): () => void {
  const follow = useRef(true)

  useEffect(() => {
    const element = ref.current
    if (!element) return
    scrollers.set(paneId, element)
    return () => {
      if (scrollers.get(paneId) === element) scrollers.delete(paneId)
    }
  }, [paneId, ref])

  // A new turn: follow it again.
  useEffect(() => {
    follow.current = true
  }, [resetKey])

  useLayoutEffect(() => {
    const element = ref.current
    if (element && follow.current) scrollOwn(element, element.scrollHeight - element.clientHeight)
  }, [content, ref])

  return useCallback(() => {
    const element = ref.current
    if (!element) return
    follow.current = element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK_PX
    if ((ownScrollUntil.get(element) ?? 0) > performance.now()) return
    if (sync) syncOthers(paneId, element)
  }, [paneId, ref, sync])
}
