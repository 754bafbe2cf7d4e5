import { useEffect } from 'react'
import { applyTheme } from '../features/settings/settings-view'
import { useJuxtaStore } from '../store'

/**
 * The theme setting on the root element (.theme-light / .theme-dark, which set color-scheme;
 * neither for 'system', where the OS's preference decides), the way the Settings view applies it.
 */
export function useTheme(): void {
  const theme = useJuxtaStore((state) => state.settings?.theme ?? 'system')
  useEffect(() => applyTheme(theme), [theme])
}
