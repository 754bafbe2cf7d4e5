/**
 * The contract's route and event names as plain strings, for the preload: it must stay one
 * CommonJS file requiring only 'electron', so it cannot import the contract (that pulls zod in).
 * juxta-contract.ts checks at compile time that these lists and the contract agree exactly.
 */
export const ROUTE_NAMES = [
  'app.info',
  'profiles.list',
  'profiles.save',
  'profiles.delete',
  'profiles.presets',
  'settings.get',
  'settings.set',
  'keys.status',
  'keys.set',
  'keys.delete',
  'keys.test',
  'estimate.prompt',
  'history.list',
  'history.get',
  'history.rename',
  'history.delete',
  'history.exportMarkdown',
  'history.exportJson',
  'history.import',
  'history.markBest',
  'models.list',
  'models.describe',
  'local.detect',
  'compare.start',
  'compare.stop',
  'compare.retry',
  'compare.continueWith'
] as const

export const EVENT_NAMES = ['compare.event'] as const

export type JuxtaRouteName = (typeof ROUTE_NAMES)[number]
export type JuxtaEventName = (typeof EVENT_NAMES)[number]

/** Electron IPC channels, prefixed so they cannot collide with Electron's own or a library's. */
export function routeChannel(route: string): string {
  return `juxta:route:${route}`
}

export function eventChannel(event: string): string {
  return `juxta:event:${event}`
}
