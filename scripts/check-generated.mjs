// Fails when openapi.yaml is not what `npm run sync-spec` makes from Qovery's spec (when that spec is
// beside the repo, as in CI), or when generated/ is not what `npm run generate` makes from openapi.yaml.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'qovery-generated-'));
try {
  for (const script of ['generate-types.mjs', 'generate-operations.mjs', 'generate-zod.mjs']) {
    execFileSync('node', [join('scripts', script), '--out', dir], { stdio: 'pipe' });
  }
  // Every file the generators make, and nothing in generated/ that they no longer make.
  const made = readdirSync(dir).sort();
  const committed = readdirSync('generated').sort();
  for (const file of committed.filter((name) => !made.includes(name))) {
    console.error(`generated/${file} is not made by \`npm run generate\` any more: delete it.`);
    process.exit(1);
  }
  for (const file of made) {
    const path = join('generated', file);
    if (!committed.includes(file) || readFileSync(join(dir, file), 'utf8') !== readFileSync(path, 'utf8')) {
      console.error(`${path} is stale: run \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${path} is up to date with openapi.yaml.`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
