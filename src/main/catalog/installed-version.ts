import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * An installed package's version from its package.json, found by climbing from its entry point:
 * neither dataset package exposes package.json through its "exports".
 */
export function installedVersion(packageName: string): string {
  const entry = createRequire(import.meta.url).resolve(packageName)
  let folder = dirname(entry)
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (manifest.name === packageName && manifest.version) return manifest.version
    } catch {
      // no package.json at this level: keep climbing
    }
    const parent = dirname(folder)
    if (parent === folder) return 'unknown'
    folder = parent
  }
}
