import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Env-derived defaults are under test: start every file from a clean slate.
    unstubEnvs: true,
  },
});
