/** What the preload exposes to the page as `window.juxta`. */
export interface JuxtaBridge {
  readonly runtime: 'electron'
}

declare global {
  interface Window {
    juxta?: JuxtaBridge
  }
}
