// Fails when generated/ is not what `npm run generate` makes from openapi.yaml today.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const target = 'generated/qovery-api.ts';
const dir = mkdtempSync(join(tmpdir(), 'qovery-generated-'));
try {
  const fresh = join(dir, 'qovery-api.ts');
  execFileSync('npx', ['--no-install', 'openapi-typescript', 'openapi.yaml', '-o', fresh], { stdio: 'pipe' });
  if (readFileSync(fresh, 'utf8') !== readFileSync(target, 'utf8')) {
    console.error(`${target} is stale: run \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${target} is up to date with openapi.yaml.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
