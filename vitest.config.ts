import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Golden and conformance tests spawn the built CLI; two workers suit the 2-core machines.
    maxWorkers: 2,
    env: { TZ: 'UTC', NO_COLOR: '1' },
  },
});
