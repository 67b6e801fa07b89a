// Checks the package as npm would publish it, from the tarball `npm pack` makes of the built dist/:
//   - the file list: what users need (dist without source maps, openapi.yaml, README, LICENSE,
//     CHANGELOG) and nothing else (no src/, no tests, no scripts);
//   - publint: any message at all, suggestions included, fails;
//   - @arethetypeswrong/cli: every entry point under node10, node16 (ESM and CJS) and bundler. The
//     `./openapi.yaml` export is excluded: it is data, not a module, so there are no types to find;
//   - `npm publish --dry-run`: any warning fails, except the one saying that no one is logged in.
// Run after `npm run build` (`npm run check:package`). Exits 1 on any problem.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { createReport, requireBuild } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const { ok, fail, finish } = createReport('check-package');
requireBuild(ROOT);

const dir = mkdtempSync(join(tmpdir(), 'qovery-check-package-'));
try {
  // 1. The tarball and what is in it.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      .toString()
      .replace(/^[^[]*/, ''),
  );
  const tarball = join(dir, packed.filename);
  const files = packed.files.map((f) => f.path).sort();
  console.log(`# ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} kB packed`);

  const allowed = /^(dist\/.+\.(js|cjs|d\.ts|d\.cts)|openapi\.yaml|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;
  const stray = files.filter((f) => !allowed.test(f) || /\.map$|(^|\/)(src|test|tests|__tests__)\/|\.test\./.test(f));
  if (stray.length === 0)
    ok('tarball holds only dist/ (no source maps), openapi.yaml, README.md, LICENSE, CHANGELOG.md');
  else fail('tarball holds files users do not need', stray.join('\n'));

  const targets = new Set(['README.md', 'LICENSE', 'CHANGELOG.md', 'openapi.yaml']);
  const collect = (value) => {
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  collect(pkg.exports);
  collect(pkg.bin);
  collect(pkg.typesVersions);
  for (const field of ['main', 'module', 'types']) collect(pkg[field]);
  const missing = [...targets].filter((t) => !files.includes(t));
  if (missing.length === 0) ok(`tarball holds every file package.json points at (${targets.size} files)`);
  else fail('tarball lacks files package.json points at', missing.join('\n'));

  // 2. publint, on the tarball itself.
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const lint = await publint({ pack: { tarball: buffer }, level: 'suggestion' });
  if (lint.messages.length === 0) ok('publint: no errors, warnings or suggestions');
  else
    fail(
      `publint: ${lint.messages.length} message(s)`,
      lint.messages.map((m) => `${m.type}: ${formatMessage(m, lint.pkg, { color: false })}`).join('\n'),
    );

  // 3. Are the types wrong?
  const attw = spawnSync(
    join(ROOT, 'node_modules/.bin/attw'),
    [tarball, '--exclude-entrypoints', './openapi.yaml', '--format', 'table-flipped', '--no-color', '--no-emoji'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const attwOut = `${attw.stdout}${attw.stderr}`.trim();
  if (attw.status === 0 && /No problems found/.test(attwOut)) {
    ok(
      `attw: no problems for ${Object.keys(pkg.exports)
        .filter((entry) => entry !== './openapi.yaml')
        .join(', ')} under node10, node16 (CJS, ESM), bundler`,
    );
    console.log(attwOut.replace(/^/gm, '    '));
  } else fail(`attw: exit ${attw.status}`, attwOut);

  // 4. npm publish --dry-run: no warning about the package (being logged out is not one).
  const publish = spawnSync('npm', ['publish', '--dry-run', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  const warnings = `${publish.stdout}\n${publish.stderr}`
    .split('\n')
    .filter((line) => /^npm (warn|WARN|error|ERR)/.test(line))
    .filter((line) => !/requires you to be logged in/.test(line));
  if (publish.status === 0 && warnings.length === 0)
    ok(`npm publish --dry-run: clean (${publish.stdout.trim().split('\n').at(-1)})`);
  else fail(`npm publish --dry-run: exit ${publish.status}`, warnings.join('\n') || publish.stderr);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

finish();
