import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENT_NAMES, ROUTE_NAMES, eventChannel, routeChannel } from '../shared/contract/names'
import { type Result, failure } from '../shared/contract/result'
import type { JuxtaBridge } from './api'

// The page gets exactly this: call a route of the contract, listen to an event of it. Never
// ipcRenderer itself, process or any Node API; names outside the contract are refused here,
// before anything reaches main (which checks the sender and parses the input again anyway).
const routes = new Set<string>(ROUTE_NAMES)
const events = new Set<string>(EVENT_NAMES)

const bridge: JuxtaBridge = {
  runtime: 'electron',
  invoke: (route: string, input: unknown): Promise<Result<unknown>> => {
    if (typeof route !== 'string' || !routes.has(route)) return Promise.resolve(failure('unknown_route', `no route "${String(route)}"`))
    return ipcRenderer
      .invoke(routeChannel(route), input)
      .catch((error: unknown) => failure('failed', `the call could not be made: ${error instanceof Error ? error.message : String(error)}`))
  },
  on: (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`no event "${String(event)}"`)
    if (typeof listener !== 'function') throw new Error('the listener must be a function')
    // The IPC event object (with its sender) stays here: the page gets the payload alone.
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(eventChannel(event), forward)
    return () => void ipcRenderer.removeListener(eventChannel(event), forward)
  }
  // Untyped here, typed for the page: main parses every input by the contract before use.
} as JuxtaBridge

contextBridge.exposeInMainWorld('juxta', Object.freeze(bridge))
