import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { type AppPage, bindElectronIpc, isAppPageUrl } from '../../src/main/ipc/electron-ipc'
import { defineContract, event, route } from '../../src/shared/contract/define'
import { ROUTE_NAMES, eventChannel, routeChannel } from '../../src/shared/contract/names'

// The Electron binding against stand-ins for ipcMain, frames and webContents: the Electron
// binary is not installed here, and the binding uses nothing of Electron beyond these.

const INDEX = join('/opt/Juxta/resources/app.asar/out/renderer/index.html')
const PAGE: AppPage = { indexFile: INDEX }
const PAGE_URL = pathToFileURL(INDEX).href

const contract = defineContract({
  routes: { ping: route(z.strictObject({ times: z.number().int().min(0).max(5) })).returns<number>() },
  events: { pong: event<number>() }
})

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  const ipcMain = {
    handle: (channel: string, listener: Listener) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel)
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>
  return { ipcMain, handlers }
}

class FakeContents extends EventEmitter {
  sent: Array<[string, unknown]> = []
  destroyed = false
  isDestroyed(): boolean {
    return this.destroyed
  }
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push([channel, payload])
  }
  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }
}

function call(listener: Listener, contents: FakeContents, frame: { url: string; parent: unknown } | null, input: unknown) {
  return listener({ sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent, input) as Promise<unknown>
}

function bind(page: AppPage = PAGE) {
  const { ipcMain, handlers } = fakeIpcMain()
  const dispatch = createDispatcher(contract, {
    ping: ({ times }, { emit }) => {
      for (let n = 1; n <= times; n++) emit('pong', n)
      return times
    }
  })
  const unbind = bindElectronIpc(ipcMain, dispatch, page, ['ping'])
  return { handlers, unbind, ping: handlers.get(routeChannel('ping'))! }
}

describe('Electron IPC binding', () => {
  it('registers one handler per route of the contract, on prefixed channels, and removes them', () => {
    const { ipcMain, handlers } = fakeIpcMain()
    const unbind = bindElectronIpc(ipcMain, async () => ({ ok: true, value: null }), PAGE)
    expect([...handlers.keys()]).toEqual(ROUTE_NAMES.map((name) => `juxta:route:${name}`))
    unbind()
    expect(handlers.size).toBe(0)
  })

  it('answers the top frame of the app page, parsing the input; events go to that window', async () => {
    const { ping } = bind()
    const window = new FakeContents()
    const other = new FakeContents()
    expect(await call(ping, window, { url: `${PAGE_URL}#settings`, parent: null }, { times: 2 })).toEqual({ ok: true, value: 2 })
    expect(window.sent).toEqual([
      [eventChannel('pong'), 1],
      [eventChannel('pong'), 2]
    ])
    expect(other.sent).toEqual([])
    expect(await call(ping, window, { url: PAGE_URL, parent: null }, { times: 'two' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
  })

  it('refuses an iframe, another page, a navigated-away frame, and a lookalike path', async () => {
    const { ping } = bind()
    const window = new FakeContents()
    const top = { url: PAGE_URL, parent: null }
    for (const frame of [
      { url: PAGE_URL, parent: top },
      { url: 'https://evil.example/', parent: null },
      { url: pathToFileURL('/tmp/index.html').href, parent: null },
      { url: `${PAGE_URL}.evil.html`, parent: null },
      { url: 'not a url', parent: null },
      null
    ]) {
      expect(await call(ping, window, frame, { times: 1 })).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'this page may not call Juxta' }
      })
    }
    expect(window.sent).toEqual([])
  })

  it('accepts the dev server only by its exact origin', () => {
    const dev: AppPage = { devServerUrl: 'http://localhost:5173/', indexFile: INDEX }
    expect(isAppPageUrl('http://localhost:5173/index.html#x', dev)).toBe(true)
    expect(isAppPageUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppPageUrl('http://localhost.evil.example:5173/', dev)).toBe(false)
    expect(isAppPageUrl(PAGE_URL, dev)).toBe(false)
  })

  it('sends no event to a window once it is destroyed', async () => {
    const { ipcMain, handlers } = fakeIpcMain()
    let later: ((n: number) => void) | undefined
    const dispatch = createDispatcher(contract, {
      ping: (_input, { emit, signal }) => {
        later = (n) => emit('pong', n)
        expect(signal.aborted).toBe(false)
        return 0
      }
    })
    bindElectronIpc(ipcMain, dispatch, PAGE, ['ping'])
    const window = new FakeContents()
    await call(handlers.get(routeChannel('ping'))!, window, { url: PAGE_URL, parent: null }, { times: 0 })
    later!(1)
    window.destroy()
    later!(2)
    expect(window.sent).toEqual([[eventChannel('pong'), 1]])
  })
})
