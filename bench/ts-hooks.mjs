// Lets `node` run the TypeScript sources directly for benchmarks: Node strips the types
// itself, and this hook resolves the extensionless relative imports the bundler allows.
import { registerHooks } from 'node:module'

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      if (!['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(error?.code) || !/^\.{1,2}\//.test(specifier)) throw error
      for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
        try {
          return nextResolve(candidate, context)
        } catch {
          // try the next form
        }
      }
      throw error
    }
  }
})
