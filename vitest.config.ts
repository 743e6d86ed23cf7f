import { defineConfig } from 'vitest/config';

// *.test.ts run under vitest; *.spec.ts are Playwright's (tests/e2e), kept apart.
export default defineConfig({
  test: {
    include: ['tests/{unit,integration,property}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
