// Runs the BUILT Electron main process (out/main/index.js) under plain Node with
// tests/support/fake-electron.ts in place of `electron`, starts it, pokes the window the way a
// hostile page would, and reports what happened over IPC:
//   node --import bench/ts-hooks.mjs electron-main-child.ts MAIN_ENTRY PROBE_URLS_JSON [--packaged]
import { registerHooks } from 'node:module'
import { pathToFileURL } from 'node:url'
import * as electron from './fake-electron'

const [mainEntry, probeUrlsJson, packaged] = process.argv.slice(2)
const fakeUrl = new URL('./fake-electron.ts', import.meta.url).href

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: fakeUrl, shortCircuit: true }
    return nextResolve(specifier, context)
  }
})

export interface HardeningReport {
  sandboxEnabled: boolean
  windowCount: number
  webPreferences: Record<string, unknown>
  loads: Array<['file' | 'url', string]>
  /** Per event: how many listeners, and whether a navigation to a remote page was prevented. */
  navigation: Record<string, { listeners: number; prevented: boolean }>
  /** The same events on contents that are not the app's window. */
  strayNavigation: Record<string, { listeners: number; prevented: boolean }>
  strayWindowOpen: string | null
  /** URL → the action the window-open handler chose. */
  windowOpen: Record<string, string>
  openedExternally: string[]
  permissionRequest: Record<string, boolean | 'no handler'>
  permissionCheck: Record<string, boolean | 'no handler'>
  devicePermission: boolean | 'no handler'
  networkCalls: string[]
  /** What the IPC bridge answers a top frame showing the app's page, and one showing another. */
  ipcFromAppPage: unknown
  ipcFromRemotePage: unknown
}

const NAVIGATION_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']
const PERMISSIONS = ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fileSystem']

function navigationOf(contents: electron.FakeWebContents): HardeningReport['navigation'] {
  return Object.fromEntries(NAVIGATION_EVENTS.map((name) => [name, contents.fire(name)]))
}

async function permissionAnswers(): Promise<Pick<HardeningReport, 'permissionRequest' | 'permissionCheck' | 'devicePermission'>> {
  const { permissionRequestHandler, permissionCheckHandler, devicePermissionHandler } = electron.session.defaultSession
  const window = electron.BrowserWindow.getAllWindows()[0]!
  const permissionRequest: HardeningReport['permissionRequest'] = {}
  const permissionCheck: HardeningReport['permissionCheck'] = {}
  for (const permission of PERMISSIONS) {
    permissionRequest[permission] = permissionRequestHandler
      ? await new Promise<boolean>((resolve) => permissionRequestHandler(window.webContents, permission, resolve, { requestingUrl: 'file:///index.html' }))
      : 'no handler'
    permissionCheck[permission] = permissionCheckHandler ? permissionCheckHandler(window.webContents, permission, 'file://', {}) : 'no handler'
  }
  const devicePermission = devicePermissionHandler ? devicePermissionHandler({ deviceType: 'usb', origin: 'file://', device: {} }) : 'no handler'
  return { permissionRequest, permissionCheck, devicePermission }
}

async function ipcAnswer(frameUrl: string): Promise<unknown> {
  const handler = electron.ipcHandlers.get('juxta:route:app.info')
  if (!handler) return 'no handler'
  const sender = electron.BrowserWindow.getAllWindows()[0]!.webContents
  return handler({ sender, senderFrame: { url: frameUrl, parent: null } }, {})
}

async function probe(): Promise<HardeningReport> {
  if (packaged === '--packaged') electron.app.isPackaged = true
  await import(pathToFileURL(mainEntry!).href)
  electron.app.becomeReady()
  const window = await electron.firstWindow
  const contents = window.webContents

  const windowOpen: Record<string, string> = {}
  for (const url of JSON.parse(probeUrlsJson!) as string[]) {
    windowOpen[url] = contents.windowOpenHandler ? contents.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' }).action : 'no handler'
  }
  const stray = electron.strayWebContents()
  const appPage = contents.loads[0]?.[0] === 'file' ? pathToFileURL(contents.loads[0][1]).href : 'not a file'

  return {
    sandboxEnabled: electron.app.sandboxEnabled,
    windowCount: electron.BrowserWindow.getAllWindows().length,
    webPreferences: window.options['webPreferences'] ?? {},
    loads: contents.loads,
    navigation: navigationOf(contents),
    strayNavigation: navigationOf(stray),
    strayWindowOpen: stray.windowOpenHandler ? stray.windowOpenHandler({ url: 'file:///etc/passwd' }).action : null,
    windowOpen,
    // Handed over asynchronously (`void shell.openExternal(…)`): read after the handlers ran.
    openedExternally: electron.openedExternally,
    ...(await permissionAnswers()),
    networkCalls: electron.networkCalls,
    ipcFromAppPage: await ipcAnswer(`${appPage}#/`),
    ipcFromRemotePage: await ipcAnswer('https://evil.example/')
  }
}

probe().then(
  (report) => process.send!({ report }, () => process.exit(0)),
  (error: unknown) => process.send!({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1))
)
