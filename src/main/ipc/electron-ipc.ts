import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { pathToFileURL } from 'node:url'
import { ROUTE_NAMES, eventChannel, routeChannel } from '../../shared/contract/names'
import { failure } from '../../shared/contract/result'
import type { Caller, Dispatch } from './dispatcher'

/** Where the app's own page is: the dev server in development, the built index.html otherwise. */
export interface AppPage {
  devServerUrl?: string
  indexFile: string
}

/** Whether a frame's URL is the app's page (ignoring its hash and query), and nothing else. */
export function isAppPageUrl(url: string, page: AppPage): boolean {
  if (!URL.canParse(url)) return false
  const actual = new URL(url)
  if (page.devServerUrl !== undefined) {
    return URL.canParse(page.devServerUrl) && actual.origin === new URL(page.devServerUrl).origin && actual.origin !== 'null'
  }
  actual.hash = ''
  actual.search = ''
  return actual.protocol === 'file:' && actual.href === pathToFileURL(page.indexFile).href
}

/**
 * Binds every route to `ipcMain.handle`. A call is answered only when it comes from the top
 * frame of a page that is the app's own (an iframe, or a page navigated elsewhere, is refused);
 * its input is parsed by the contract, and any failure comes back as a value. Events go by
 * `webContents.send` to the window that made the call, and stop once it is destroyed.
 * Returns a function that removes the handlers.
 */
export function bindElectronIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  page: AppPage,
  routes: readonly string[] = ROUTE_NAMES
): () => void {
  const callers = new WeakMap<WebContents, Caller>()

  const callerFor = (contents: WebContents): Caller => {
    const known = callers.get(contents)
    if (known && !known.signal.aborted) return known
    const gone = new AbortController()
    const end = (): void => gone.abort()
    contents.once('destroyed', end)
    // A crashed page's listeners are gone; work done for it should stop as for a closed window.
    contents.once('render-process-gone', end)
    const caller: Caller = {
      emit: (event, payload) => {
        if (!gone.signal.aborted && !contents.isDestroyed()) contents.send(eventChannel(event), payload)
      },
      signal: gone.signal
    }
    callers.set(contents, caller)
    return caller
  }

  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    // senderFrame is null once the frame navigated away or was destroyed: refuse rather than guess.
    return frame !== null && frame.parent === null && isAppPageUrl(frame.url, page)
  }

  for (const route of routes) {
    ipcMain.handle(routeChannel(route), async (event, ...args: unknown[]) => {
      if (!trusted(event)) return failure('forbidden', 'this page may not call Juxta')
      return dispatch(route, args[0], callerFor(event.sender))
    })
  }
  return () => {
    for (const route of routes) ipcMain.removeHandler(routeChannel(route))
  }
}
