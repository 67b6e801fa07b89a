/**
 * A lone clone has no ../shared: the tests that read Qovery's spec skip there with one line naming
 * the file and how to provide it, and QOVERY_REQUIRE_REFERENCE=1 (what .ci/run sets) turns that
 * skip into a failure. Runs vitest on the conformance suite with the spec pointed somewhere empty.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOWHERE = join(ROOT, 'no-such-folder', 'qovery-openapi.yaml');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');

function vitestWithoutReference(require: boolean): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, QOVERY_REFERENCE_SPEC: NOWHERE };
  delete env.QOVERY_REQUIRE_REFERENCE;
  // A count of this run's assertions (test/count-assertions.ts) is of this run's, not the nested ones'.
  delete env.COUNT_ASSERTIONS_FILE;
  delete env.FORCE_COLOR;
  env.NO_COLOR = '1';
  if (require) env.QOVERY_REQUIRE_REFERENCE = '1';
  // vitest's own bin, run by node: npx would start a process of its own first.
  const args = [VITEST, 'run', 'test/openapi-conformance.test.ts', '--reporter=verbose', '--color=false'];
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout + stderr });
    });
  });
}

describe('tests that need Qovery’s spec', () => {
  // The two runs of vitest share nothing: side by side.
  it.concurrent('skip without it, saying where they looked and how to provide it, and still run our own checks', async () => {
    const { code, output } = await vitestWithoutReference(false);
    expect(code, output).toBe(0);
    expect(output).toContain(`skipped: Qovery's published spec is not at ${NOWHERE}`);
    expect(output).toContain('QOVERY_REFERENCE_SPEC=<file>');
    expect(output).toMatch(/Tests\s+\d+ passed \| \d+ skipped/);
  }, 120_000);

  it.concurrent('fail instead of skipping under QOVERY_REQUIRE_REFERENCE=1, as in CI', async () => {
    const { code, output } = await vitestWithoutReference(true);
    expect(code).toBe(1);
    expect(output).toContain('QOVERY_REQUIRE_REFERENCE=1 forbids skipping');
    expect(output).not.toMatch(/\d+ skipped/);
  }, 120_000);

  it('are required by .ci/run', () => {
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^export QOVERY_REQUIRE_REFERENCE=1$/m);
  });
});
