import { app, BrowserWindow, safeStorage } from 'electron'
import { resolveDataDir } from './config/data-dir'
import { type MainServices, createMainServices } from './services'
import { createMainWindow } from './window'

// Wiring only: app lifecycle, the window, the services. Services live in their own modules.
app.enableSandbox()
// The same folder the `juxta` command uses (JUXTA_DATA_DIR overrides both).
app.setPath('userData', resolveDataDir())

let services: MainServices | undefined

void app.whenReady().then(async () => {
  // safeStorage reports its backend correctly only once the app is ready.
  services = await createMainServices({ dataDir: app.getPath('userData'), env: process.env, safeStorage })
  for (const notice of services.notices) console.warn(`Juxta: ${notice}`)
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => {
  // Answers still streaming are saved as interrupted.
  services?.store.close()
})
