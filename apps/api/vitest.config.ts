import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // One PostgreSQL server for the run (in a child process), one database per test file.
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/fast-check-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
