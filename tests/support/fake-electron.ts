import { EventEmitter } from 'node:events'

/**
 * A stand-in for the `electron` module, for running the built main process under plain Node
 * (tests/support/electron-main-child.ts). It does nothing but record: every window's options,
 * every handler the app installs on a window's contents and on its session, what each window
 * loads, what is handed to the OS, and any use of protocol or webRequest. Only the parts of
 * Electron's API the app uses exist; a new use fails loudly (a missing export, or a method
 * that is not there) rather than passing unseen.
 */

type Listener = (...args: any[]) => unknown
type Handler = (...args: any[]) => any

/** Electron's Event: listeners call preventDefault() to stop what it announces. */
export class FakeEvent {
  defaultPrevented = false
  readonly url: string | undefined
  // No parameter properties here: Node runs this file by stripping types, which cannot compile them.
  constructor(url?: string) {
    this.url = url
  }
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

/** Calls to APIs that could bring remote content in or change how requests are answered. */
export const networkCalls: string[] = []

function recordingApi(name: string): Record<string, Handler> {
  return new Proxy({} as Record<string, Handler>, {
    get: (_target, method) => (...args: unknown[]) => void networkCalls.push(`${name}.${String(method)}(${args.filter((arg) => typeof arg === 'string').join(', ')})`)
  })
}

export class FakeSession {
  permissionRequestHandler: Handler | null = null
  permissionCheckHandler: Handler | null = null
  devicePermissionHandler: Handler | null = null
  readonly webRequest = recordingApi('session.webRequest')
  readonly protocol = recordingApi('session.protocol')

  setPermissionRequestHandler(handler: Handler | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: Handler | null): void {
    this.permissionCheckHandler = handler
  }
  setDevicePermissionHandler(handler: Handler | null): void {
    this.devicePermissionHandler = handler
  }
}

const defaultSession = new FakeSession()

export class FakeWebContents extends EventEmitter {
  readonly session = defaultSession
  windowOpenHandler: Handler | null = null
  /** What was loaded, in order: ['file', path] or ['url', url]. */
  readonly loads: Array<['file' | 'url', string]> = []

  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler
  }
  loadURL(url: string): Promise<void> {
    this.loads.push(['url', url])
    return Promise.resolve()
  }
  loadFile(file: string): Promise<void> {
    this.loads.push(['file', file])
    return Promise.resolve()
  }
  send(): void {}
  isDestroyed(): boolean {
    return false
  }

  /** Emits `name` as Electron would, with an Event first; returns whether a listener prevented it. */
  fire(name: string, url = 'https://evil.example/'): { listeners: number; prevented: boolean } {
    const event = new FakeEvent(url)
    const listeners = this.listenerCount(name)
    // Electron passes the URL both on the event (details) and, for the older events, as an argument.
    this.emit(name, event, url)
    return { listeners, prevented: event.defaultPrevented }
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false
  sandboxEnabled = false
  readonly #paths = new Map<string, string>()
  #ready!: () => void
  readonly #whenReady = new Promise<void>((resolve) => (this.#ready = resolve))

  enableSandbox(): void {
    this.sandboxEnabled = true
  }
  setPath(name: string, path: string): void {
    this.#paths.set(name, path)
  }
  getPath(name: string): string {
    const path = this.#paths.get(name)
    if (path === undefined) throw new Error(`fake electron: no path "${name}" was set`)
    return path
  }
  getVersion(): string {
    return '0.0.0-hardening'
  }
  whenReady(): Promise<void> {
    return this.#whenReady
  }
  quit(): void {}

  /** What Electron does once it has started: 'ready', and whenReady() resolves. */
  becomeReady(): void {
    this.emit('ready')
    this.#ready()
  }
}

export const app = new FakeApp()

/** Every BrowserWindow made, in order; `firstWindow` settles when the first one is. */
const windows: BrowserWindow[] = []
let windowMade!: (window: BrowserWindow) => void
export const firstWindow = new Promise<BrowserWindow>((resolve) => (windowMade = resolve))

export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  readonly options: Record<string, any>

  constructor(options: Record<string, any>) {
    super()
    this.options = options
    windows.push(this)
    // Electron announces every new contents app-wide as it makes them.
    app.emit('web-contents-created', new FakeEvent(), this.webContents)
    windowMade(this)
  }
  static getAllWindows(): BrowserWindow[] {
    return [...windows]
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url)
  }
  loadFile(file: string): Promise<void> {
    return this.webContents.loadFile(file)
  }
  show(): void {}
}

/** Contents that are not the app's window (a devtools view, a stray webview): Electron announces those too. */
export function strayWebContents(): FakeWebContents {
  const contents = new FakeWebContents()
  app.emit('web-contents-created', new FakeEvent(), contents)
  return contents
}

export const ipcHandlers = new Map<string, Listener>()
export const ipcMain = {
  handle: (channel: string, handler: Listener) => void ipcHandlers.set(channel, handler),
  removeHandler: (channel: string) => void ipcHandlers.delete(channel)
}

/** What Linux without a keyring reports: no real encryption, so keys are not written to disk. */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: () => {
    throw new Error('fake electron: no encryption')
  },
  decryptString: () => {
    throw new Error('fake electron: no encryption')
  }
}

export const openedExternally: string[] = []
export const shell = {
  openExternal: (url: string) => {
    openedExternally.push(url)
    return Promise.resolve()
  }
}

export const session = { defaultSession }
export const protocol = recordingApi('protocol')
