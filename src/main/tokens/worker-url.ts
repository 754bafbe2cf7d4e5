/**
 * Where the token worker's entry file is. Running from source (vitest, node), it is the .ts
 * file next to this module, which Node runs with its type stripping. The bundled app passes
 * its own built entry (out/main/token-worker.js) to createTokenCounter instead, or changes
 * this one function.
 */
export function defaultTokenWorkerUrl(): URL {
  return new URL('./token-worker.ts', import.meta.url)
}
