import { contextBridge } from 'electron'

// The typed contract (routes and events) is bound here in a later step; until then the page
// learns only that it runs inside the desktop app. Nothing of Node or ipcRenderer is exposed.
contextBridge.exposeInMainWorld('juxta', Object.freeze({ runtime: 'electron' as const }))
