import { BrowserWindow, app, shell } from 'electron'
import { join } from 'node:path'
import type { AppPage } from './ipc/electron-ipc'

/** Only web links leave the app, and they open in the user's browser, never in ours. */
export function isExternalWebLink(url: string): boolean {
  return URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol)
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
      webSecurity: true,
      spellcheck: true
    }
  })

  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  // The app is one page: any navigation is either a bug or an attack.
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, respond) => respond(false))

  const page = appPage()
  if (page.devServerUrl) void window.loadURL(page.devServerUrl)
  else void window.loadFile(page.indexFile)
  return window
}
