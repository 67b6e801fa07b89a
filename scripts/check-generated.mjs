// Fails when openapi.yaml is not what `npm run sync-spec` makes from Qovery's spec (when that spec is
// beside the repo, as in CI), or when generated/ is not what `npm run generate` makes from openapi.yaml.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reference = '../shared/reference/qovery-openapi.yaml';
if (existsSync(reference)) {
  try {
    execFileSync('npx', ['--no-install', 'tsx', 'scripts/sync-spec.ts', reference, '--check'], { stdio: 'inherit' });
  } catch {
    process.exit(1);
  }
} else if (process.env.QOVERY_REQUIRE_REFERENCE === '1') {
  console.error(`${reference} is absent, and QOVERY_REQUIRE_REFERENCE=1 forbids checking without it.`);
  process.exit(1);
} else {
  console.log(`${reference} is absent: openapi.yaml not re-derived, only generated/ checked.`);
}

const target = 'generated/qovery-api.ts';
const dir = mkdtempSync(join(tmpdir(), 'qovery-generated-'));
try {
  const fresh = join(dir, 'qovery-api.ts');
  const args = ['--no-install', 'openapi-typescript', 'openapi.yaml', '--default-non-nullable', 'false', '-o', fresh];
  execFileSync('npx', args, { stdio: 'pipe' });
  execFileSync('node', ['scripts/generate-operations.mjs', '--out', dir], { stdio: 'pipe' });
  execFileSync('node', ['scripts/generate-zod.mjs', '--out', dir], { stdio: 'pipe' });
  for (const [made, committed] of [
    [fresh, target],
    [join(dir, 'operations.ts'), 'generated/operations.ts'],
    [join(dir, 'operation-paths.ts'), 'generated/operation-paths.ts'],
    [join(dir, 'operation-types.ts'), 'generated/operation-types.ts'],
    [join(dir, 'wrapped-operations.ts'), 'generated/wrapped-operations.ts'],
    [join(dir, 'zod.ts'), 'generated/zod.ts'],
    [join(dir, 'response-schemas.ts'), 'generated/response-schemas.ts'],
    [join(dir, 'request-schemas.ts'), 'generated/request-schemas.ts'],
  ]) {
    if (readFileSync(made, 'utf8') !== readFileSync(committed, 'utf8')) {
      console.error(`${committed} is stale: run \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${committed} is up to date with openapi.yaml.`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
