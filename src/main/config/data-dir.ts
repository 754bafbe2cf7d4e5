import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where Juxta keeps its data: JUXTA_DATA_DIR when set, else the folder Electron's
 * app.getPath('userData') gives for an app named "Juxta", so the app and the CLI share it.
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  const override = env['JUXTA_DATA_DIR']?.trim()
  if (override) return override
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Juxta')
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Juxta')
    default:
      return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'Juxta')
  }
}
