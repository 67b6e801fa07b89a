// The tally the check scripts print: one `ok - …` or `not ok - …` line per check, then a summary,
// and an exit code that fails CI when any check failed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function createReport(name) {
  let passed = 0;
  let failed = 0;
  const ok = (label) => {
    passed += 1;
    console.log(`ok - ${label}`);
  };
  const fail = (label, detail) => {
    failed += 1;
    console.log(`not ok - ${label}`);
    if (detail) console.log(String(detail).trim().replace(/^/gm, '    '));
  };
  /** Runs `fn`; what it returns is shown beside the label. */
  const check = async (label, fn) => {
    try {
      const note = await fn();
      ok(`${label}${note ? ` (${note})` : ''}`);
    } catch (error) {
      fail(label, error?.stack ?? error);
    }
  };
  const finish = () => {
    console.log(`${name}: ${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  };
  return { ok, fail, check, finish, failures: () => failed };
}

/** Stops with a clear message when there is no build to check. */
export function requireBuild(root) {
  if (!existsSync(join(root, 'dist/index.js'))) {
    console.error('dist/ is missing: run `npm run build` first.');
    process.exit(1);
  }
}
