import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'disclosure', include: ['src/**/*.test.ts'], environment: 'node' },
});
