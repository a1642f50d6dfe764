import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'survey-ui', include: ['src/**/*.test.ts'], environment: 'node', passWithNoTests: true },
});
