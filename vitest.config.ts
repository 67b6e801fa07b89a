import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One test file per core, plus one: much of the suite waits on processes it starts and on the
    // embedded API's clock, not on the CPU. vitest's default, one core fewer, is a single worker on
    // a two-core machine: there a lone clone's npm test took 232 s with it, 180 s with 2 workers and
    // 127 s with 3 (run one after the other, with other work on the machine).
    maxWorkers: availableParallelism() + 1,
    // Env-derived defaults are under test: start every file from a clean slate.
    unstubEnvs: true,
    // COUNT_ASSERTIONS_FILE=<file> npx vitest run: one line per test with its number of assertions.
    setupFiles: process.env.COUNT_ASSERTIONS_FILE ? ['test/count-assertions.ts'] : [],
  },
});
