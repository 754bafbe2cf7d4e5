import { BrowserWindow, type Session, type WebContents, app, shell } from 'electron'
import { join } from 'node:path'
import { isHttpUrl } from '../shared/profiles'
import type { AppPage } from './ipc/electron-ipc'

/**
 * Only web links leave the app, and they open in the user's browser, never in ours: http(s),
 * written plainly (no hidden characters, no user:password@ disguising the host).
 */
export function isExternalWebLink(url: string): boolean {
  return isHttpUrl(url)
}

/**
 * The page the window shows, and the only page whose calls main answers. The dev server is
 * used only unpackaged: a packaged app must not load (and trust) a URL from its environment.
 */
export function appPage(): AppPage {
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  return { ...(devServerUrl && { devServerUrl }), indexFile: join(import.meta.dirname, '../renderer/index.html') }
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Juxta',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true
    }
  })

  window.once('ready-to-show', () => window.show())
  hardenWebContents(window.webContents)
  hardenSession(window.webContents.session)

  const page = appPage()
  if (page.devServerUrl) void window.loadURL(page.devServerUrl)
  else void window.loadFile(page.indexFile)
  return window
}

const hardened = new WeakSet<WebContents>()

/**
 * The app is one page: any navigation, redirect or new window is either a bug or an attack
 * (a link in a model's answer, say). Applied to the window's contents and, through
 * `hardenEveryWebContents`, to any other contents that ever appear; once per contents.
 */
export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return
  hardened.add(contents)
  contents.setWindowOpenHandler(({ url }) => {
    // The normalized form: what the OS browser opens is exactly what was checked.
    if (isExternalWebLink(url)) void shell.openExternal(new URL(url).href)
    return { action: 'deny' }
  })
  // will-frame-navigate covers iframes too; will-navigate stays for the top frame's own checks.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  // <webview> is off (webviewTag: false); refusing the attach as well costs nothing.
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** No camera, microphone, notifications, geolocation, HID, serial …: asked or merely checked. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, respond) => respond(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/** Every web contents the app will ever have, not only the main window's. Call before the first window. */
export function hardenEveryWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents)
    hardenSession(contents.session)
  })
}
