import { defineConfig } from 'vitest/config'

// Tests against the real OS keychain; run through `npm run test:keychain`, which provides one.
export default defineConfig({
  test: {
    include: ['tests/keychain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // One keychain for all files: one file at a time keeps their items from interleaving.
    fileParallelism: false,
    // Fails the whole run when no keychain answers, so no test can pass against a fallback.
    globalSetup: ['tests/keychain/require-keychain.ts'],
    reporters: ['default']
  }
})
