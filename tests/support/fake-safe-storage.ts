import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SafeStorageLike } from '../../src/main/credentials/encrypted-file-store'

/**
 * Stands in for Electron's safeStorage with real, reversible encryption (AES-256-GCM under a
 * key that lives only in this object), so a test can check what reaches the disk.
 */
export function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { encryptions: number } {
  const key = randomBytes(32)
  const storage = {
    encryptions: 0,
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(plainText: string): Buffer {
      storage.encryptions++
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptString(encrypted: Buffer): string {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12))
      decipher.setAuthTag(encrypted.subarray(12, 28))
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8')
    }
  }
  return storage
}
