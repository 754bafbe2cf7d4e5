import type { SecretStoreKind } from '../../shared/credentials'

/** The keychain service name keys are saved under; the account is the profile id. */
export const KEYCHAIN_SERVICE = 'Juxta'

/** Somewhere API keys can be saved, by profile id. Implementations never write a key in clear. */
export interface SecretStore {
  readonly kind: SecretStoreKind
  get(profileId: string): Promise<string | undefined>
  set(profileId: string, key: string): Promise<void>
  /** True when there was a key to remove. */
  delete(profileId: string): Promise<boolean>
}
