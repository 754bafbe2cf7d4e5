import type { ContractClient } from '../shared/contract/client'
import type { JuxtaContract } from '../shared/contract/juxta-contract'

/** What the preload exposes to the page as `window.juxta`: the typed contract client, nothing else. */
export interface JuxtaBridge extends ContractClient<JuxtaContract> {
  readonly runtime: 'electron'
}

declare global {
  interface Window {
    juxta?: JuxtaBridge
  }
}
