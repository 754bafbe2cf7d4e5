const STORAGE_KEY = 'juxta.token'

/**
 * The launch token of browser mode. `juxta web` prints the page address with it in the
 * fragment (#token=…), which no request carries to a server. It is taken out of the address
 * bar at once, so it is not bookmarked, shared or kept in history, and kept in this tab's
 * sessionStorage, so a reload of the tab still connects.
 */
export function takeLaunchToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token')
  if (fromHash) {
    history.replaceState(history.state, '', `${location.pathname}${location.search}`)
    try {
      sessionStorage.setItem(STORAGE_KEY, fromHash)
    } catch {
      // Storage disabled: the token lives as long as this page.
    }
    return fromHash
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}
