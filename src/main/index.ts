import { app, BrowserWindow } from 'electron'
import { createMainWindow } from './window'

// Wiring only: app lifecycle and the window. Services live in their own modules.
app.enableSandbox()

void app.whenReady().then(() => {
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
