/**
 * A Chromium trace (devtools.timeline) read for the renderer's main thread: how long each task
 * it ran took. A task is the unit the thread cannot be interrupted in, so the longest one is the
 * longest the page could not answer input or paint.
 */

export const MAIN_THREAD_TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline']

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: { name?: string }
}

/** Durations (ms) of the top-level tasks of every renderer main thread in the trace, longest first. */
export function mainThreadTasks(trace: Buffer | string): number[] {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents
  const mainThreads = new Set(events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`))
  return events
    .filter((event) => event.name === 'RunTask' && event.ph === 'X' && mainThreads.has(`${event.pid}:${event.tid}`))
    .map((event) => (event.dur ?? 0) / 1000)
    .sort((a, b) => b - a)
}
