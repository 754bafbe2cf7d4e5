import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/build/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Loopback servers and SDK clients are cheap; two cores are the limit on CI.
    pool: 'forks',
    reporters: ['default']
  }
})
