import { app, BrowserWindow, ipcMain, safeStorage } from 'electron'
import { juxtaContract } from '../shared/contract/juxta-contract'
import { resolveDataDir } from './config/data-dir'
import { createDispatcher } from './ipc/dispatcher'
import { bindElectronIpc } from './ipc/electron-ipc'
import { createHandlers } from './ipc/handlers'
import { type MainServices, createMainServices } from './services'
import { createTokenEstimator } from './tokens/token-estimator'
import { appPage, createMainWindow, hardenEveryWebContents } from './window'

// Wiring only: app lifecycle, the window, the services. Services live in their own modules.
app.enableSandbox()
// Before any window exists: whatever web contents appear later are locked down the same way.
hardenEveryWebContents()
// The same folder the `juxta` command uses (JUXTA_DATA_DIR overrides both).
app.setPath('userData', resolveDataDir())

let services: MainServices | undefined

void app.whenReady().then(async () => {
  // safeStorage reports its backend correctly only once the app is ready.
  services = await createMainServices({
    dataDir: app.getPath('userData'),
    env: process.env,
    safeStorage,
    version: app.getVersion(),
    // The worker is built as its own entry beside this file.
    estimator: createTokenEstimator({ workerUrl: new URL('./token-worker.js', import.meta.url) })
  })
  for (const notice of services.notices) console.warn(`Juxta: ${notice}`)
  // Before the first window loads, so its first call finds its handler.
  bindElectronIpc(ipcMain, createDispatcher(juxtaContract, createHandlers(services)), appPage())
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => {
  // Answers still streaming are saved as interrupted (synchronously, before the process ends).
  void services?.close()
})
