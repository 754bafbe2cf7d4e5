import type { Settings } from '../../../../shared/settings'
import { juxta } from '../../ipc'

export type Theme = Settings['theme']

/**
 * Puts the theme setting on the root element: .theme-dark or .theme-light, neither for 'system'
 * (then prefers-color-scheme decides). Every feature's CSS reads these classes.
 */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('theme-dark', theme === 'dark')
  root.classList.toggle('theme-light', theme === 'light')
}

/** Reads the saved theme and applies it: for the shell to call once at start. False when it could not be read. */
export async function applySavedTheme(): Promise<boolean> {
  const result = await juxta().invoke('settings.get', {})
  if (result.ok) applyTheme(result.value.theme)
  return result.ok
}
