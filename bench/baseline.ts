// A baseline to measure this SDK against in the same run: another checkout of this repository,
// built (its dist/ present), named by QOVERY_BENCH_BASELINE. For example, main before a change:
//
//   git worktree add /tmp/qovery-main main && (cd /tmp/qovery-main && npm ci && npm run build)
//   QOVERY_BENCH_BASELINE=/tmp/qovery-main npm run bench
//
// Without it, the benches measure this checkout against raw fetch and the peer only.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The baseline checkout's root, or undefined when none is named. */
export const BASELINE_ROOT: string | undefined = (() => {
  const root = process.env.QOVERY_BENCH_BASELINE;
  if (!root) return undefined;
  const absolute = resolve(root);
  if (!existsSync(join(absolute, 'dist/index.js'))) {
    throw new Error(
      `QOVERY_BENCH_BASELINE=${root} has no dist/index.js: build it first (npm ci && npm run build there)`,
    );
  }
  return absolute;
})();

/** How the baseline is named in the results. */
export const BASELINE_NAME = 'baseline qovery' as const;
