import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // keytar is native; the SDKs stay as installed so their own files resolve at run time.
      externalizeDeps: true,
      rollupOptions: {
        // The app, the `juxta` command, and the tokenizer worker, sharing chunks.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          'token-worker': resolve('src/main/tokens/token-worker.ts')
        }
      }
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
