import type { Settings } from '../../../../shared/settings'

export type Theme = Settings['theme']

/**
 * Puts the theme setting on the root element: .theme-dark or .theme-light, neither for 'system'
 * (then prefers-color-scheme decides). Every feature's CSS reads these classes.
 */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('theme-dark', theme === 'dark')
  root.classList.toggle('theme-light', theme === 'light')
}
