import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // keytar is native; the SDKs stay as installed so their own files resolve at run time.
      externalizeDeps: true
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or require packages: one CommonJS file.
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } }
    }
  },
  renderer: {
    root: 'src/renderer',
    build: { outDir: 'out/renderer', minify: true },
    plugins: [react()]
  }
})
