import { join } from 'node:path'

/** The checkout: where the benchmarks find the sources, node_modules and out/. */
export const ROOT = join(import.meta.dirname, '../..')
