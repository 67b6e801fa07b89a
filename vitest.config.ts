import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Env-derived defaults are under test: start every file from a clean slate.
    unstubEnvs: true,
    // COUNT_ASSERTIONS_FILE=<file> npx vitest run: one line per test with its number of assertions.
    setupFiles: process.env.COUNT_ASSERTIONS_FILE ? ['test/count-assertions.ts'] : [],
  },
});
