// The package as a user gets it: `npm pack`, the tarball installed into a fresh project in a
// temporary folder (beside msw, the optional peer, and @types/node), and then, from that project:
//   - `import` (ESM) and `require` (CommonJS) of `qovery`, `qovery/testing`, `qovery/testing/msw`,
//     `qovery/operations` and `qovery/schemas`, each resolved to the installed tarball's own build
//     for that format, and each exporting exactly the values its source exports (read with tsc);
//   - real calls against the embedded API (`startQoveryMockServer`) over loopback, from both, through
//     the namespaces and by operationId (`operations(client).listOrganization()`, `getOrganization()`);
//   - `instanceof` on the error classes (AuthenticationError, APIError, QoveryError, ValidationError)
//     from both;
//   - the bin, `node_modules/.bin/qovery-sdk`, as a process: its version, a call against the embedded
//     API, and the exit code of a usage error;
//   - `tsc --noEmit` on a small TypeScript consumer, strict with `skipLibCheck: false`, under
//     `moduleResolution` node16 (an ESM .mts and a CommonJS .cts, no DOM lib: every entry but
//     qovery/testing/msw), bundler (module esnext, DOM lib, no @types/node) and node10 (the legacy
//     resolution, through `typesVersions`).
// tsup's CJS output has crashed at run time on interop while type checks were green, so this runs
// the artifact itself. Run after `npm run build` (`npm run test:dist`). Prints a line per check and
// exits 1 on any problem. KEEP_SMOKE=1 keeps the temporary project for a look.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createReport, requireBuild } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const versionOf = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

const { ok, fail, finish, failures } = createReport('smoke-dist');

/**
 * Every entry of the package, the one list the checks below are made from: its specifier, its
 * source (what its build must export), its build without the extension, and the name the run-time
 * checks give its module.
 */
const ENTRIES = [
  { specifier: 'qovery', source: 'src/index.ts', build: 'dist/index', name: 'sdk' },
  { specifier: 'qovery/testing', source: 'src/testing/index.ts', build: 'dist/testing/index', name: 'testing' },
  { specifier: 'qovery/testing/msw', source: 'src/testing/msw.ts', build: 'dist/testing/msw', name: 'msw' },
  { specifier: 'qovery/operations', source: 'src/operations.ts', build: 'dist/operations', name: 'ops' },
  { specifier: 'qovery/schemas', source: 'src/public-schemas.ts', build: 'dist/schemas', name: 'schemas' },
];
const SPECIFIERS = ENTRIES.map((entry) => entry.specifier);

/**
 * The names each entry's source exports as values (classes, functions, constants; not types), read
 * with the compiler: what its build must export, under import and require alike.
 */
async function runtimeExports() {
  const { default: ts } = await import('typescript');
  const files = ENTRIES.map((entry) => join(ROOT, entry.source));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const names = {};
  for (const { specifier, source } of ENTRIES) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, source)));
    names[specifier] = checker
      .getExportsOfModule(module)
      .filter((symbol) => {
        // `export type { Projects }` names a class, but only its type leaves the module.
        const typeOnly = (symbol.declarations ?? []).some(
          (node) =>
            (ts.isExportSpecifier(node) && (node.isTypeOnly || node.parent.parent.isTypeOnly)) ||
            ts.isTypeOnlyImportOrExportDeclaration?.(node),
        );
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return !typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0;
      })
      .map((symbol) => symbol.name)
      .sort();
  }
  return names;
}
requireBuild(ROOT);

// A new entry in package.json must join ENTRIES, or nothing here would check it.
{
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  // Code entries only (not ./openapi.yaml or ./package.json), written as a path or with conditions;
  // an entry of another shape shows as `undefined`, a mismatch rather than a crash.
  const declared = Object.entries(exports)
    .map(([key, target]) => [key === '.' ? 'qovery' : `qovery/${key.slice(2)}`, target?.import?.default ?? target])
    .filter(([, file]) => typeof file !== 'string' || /\.[cm]?js$/.test(file))
    .map(([specifier, file]) => [specifier, typeof file === 'string' ? file : undefined]);
  const listed = ENTRIES.map((entry) => [entry.specifier, `./${entry.build}.js`]);
  const same = JSON.stringify(declared.sort()) === JSON.stringify(listed.sort());
  if (same) ok(`the checks cover every entry of package.json's exports (${SPECIFIERS.join(', ')})`);
  else fail("the checks' ENTRIES match package.json's exports", JSON.stringify({ declared, listed }, null, 2));
}

// What both the ESM and the CommonJS program run, each with the modules it loaded its own way.
const CHECKS = String.raw`'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');

let passed = 0;
let failed = 0;
async function check(label, fn) {
  try {
    await fn();
    passed += 1;
    console.log('ok - ' + label);
  } catch (error) {
    failed += 1;
    console.log('not ok - ' + label);
    console.log(String((error && error.stack) || error).replace(/^/gm, '    '));
  }
}

exports.exercise = async function exercise(how, { modules, resolved, ext }) {
  const installed = path.join(__dirname, 'node_modules', 'qovery');
  const entries = require('./entries.json');
  const { sdk, testing, msw, ops, schemas } = modules;
  await check(how + ': ' + entries.map((e) => e.specifier).join(', ') + ' resolve to the tarball\'s ' + ext + ' build', () => {
    for (const { specifier, build } of entries)
      assert.equal(path.relative(installed, resolved[specifier]), path.join(build + ext), specifier);
  });
  await check(how + ': every entry exports every value its source exports, and nothing else', () => {
    const expected = require('./exports.json');
    for (const { specifier, name: moduleName } of entries) {
      const names = expected[specifier];
      const actual = Object.keys(modules[moduleName]).filter((name) => name !== 'default' && name !== '__esModule');
      const missing = names.filter((name) => !actual.includes(name));
      const extra = actual.filter((name) => !names.includes(name));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, specifier);
    }
  });
  await check(how + ': the entries export Qovery, the error classes, startQoveryMockServer, createMswHandlers, operations, OPERATIONS', () => {
    for (const name of ['Qovery', 'QoveryError', 'APIError', 'AuthenticationError', 'ValidationError'])
      assert.equal(typeof sdk[name], 'function', name);
    assert.equal(typeof testing.startQoveryMockServer, 'function', 'startQoveryMockServer');
    assert.equal(typeof testing.createQoveryMock, 'function', 'createQoveryMock');
    assert.equal(typeof msw.createMswHandlers, 'function', 'createMswHandlers');
    assert.equal(typeof ops.operations, 'function', 'operations');
    assert.deepEqual(ops.OPERATIONS.listOrganization, ['get', '/organization'], 'OPERATIONS.listOrganization');
    assert.deepEqual(ops.OPERATIONS.getOrganization, ['get', '/organization/{organizationId}'], 'OPERATIONS.getOrganization');
  });
  await check(how + ': qovery/schemas parses a project strictly, validates it leniently, and names what is wrong', () => {
    const project = { id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff', created_at: '2026-01-01T00:00:00Z', name: 'web', associated_environments_count: 1, organization: { id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00' } };
    assert.equal(schemas.Project.safeParse(project).success, true);
    assert.equal(schemas.Project.safeParse({ ...project, name: 42 }).success, false);
    assert.equal(schemas.ListProjectResponse.safeParse({ results: [project] }).success, true);
    assert.deepEqual(schemas.validate(schemas.Project, { ...project, brand_new_field: 1 }), []);
    assert.equal(schemas.validate(schemas.Project, { ...project, name: 42 })[0]?.path, 'name');
  });

  let server;
  await check(how + ': startQoveryMockServer() serves the embedded API on 127.0.0.1', async () => {
    server = await testing.startQoveryMockServer({ port: 0 });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });
  if (server) {
    try {
      const client = new sdk.Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url });
      await check(how + ': organization.get() over HTTP answers "Acme", with the rate limit', async () => {
        const organization = await client.organization.get();
        assert.equal(organization.name, 'Acme');
        assert.equal(client.rateLimit && client.rateLimit.limit, 1000);
      });
      await check(how + ': projects.create() then projects.list() over HTTP', async () => {
        const created = await client.projects.create({ name: 'web' });
        const listed = await client.projects.list();
        assert.ok(listed.some((p) => p.id === created.id));
      });
      await check(how + ': a wrong token rejects with AuthenticationError (instanceof AuthenticationError, APIError, QoveryError, Error)', async () => {
        const error = await new sdk.Qovery({ apiToken: 'qov_FAKE_WRONG', baseUrl: server.url }).organization
          .list()
          .then(() => assert.fail('resolved'), (e) => e);
        assert.ok(error instanceof sdk.AuthenticationError, 'AuthenticationError');
        assert.ok(error instanceof sdk.APIError, 'APIError');
        assert.ok(error instanceof sdk.QoveryError, 'QoveryError');
        assert.ok(error instanceof Error, 'Error');
        assert.ok(!(error instanceof sdk.ValidationError), 'not ValidationError');
        assert.equal(error.status, 401);
      });
      await check(how + ': bad input rejects with ValidationError (instanceof ValidationError, QoveryError), not APIError', async () => {
        const error = await client.projects.get('nope').then(() => assert.fail('resolved'), (e) => e);
        assert.ok(error instanceof sdk.ValidationError, 'ValidationError');
        assert.ok(error instanceof sdk.QoveryError, 'QoveryError');
        assert.ok(!(error instanceof sdk.APIError), 'not APIError');
      });
      await check(how + ': operations(client) has a method per operationId, listOrganization() over HTTP answers "Acme"', async () => {
        const api = ops.operations(client);
        assert.equal(Object.keys(api).length, Object.keys(ops.OPERATIONS).length);
        const listed = await api.listOrganization();
        assert.ok(listed.results.some((o) => o.id === server.mock.organizationId && o.name === 'Acme'));
        assert.equal(client.rateLimit && client.rateLimit.limit, 1000);
      });
      await check(how + ': operations(client).getOrganization({ params: { path: { organizationId } } }) over HTTP', async () => {
        const api = ops.operations(client);
        const { organizationId } = server.mock;
        const organization = await api.getOrganization({ params: { path: { organizationId } } });
        assert.equal(organization.id, organizationId);
        assert.equal(organization.name, 'Acme');
        // Its errors are the main entry's classes: one copy of them across the two entries.
        const error = await api.getOrganization({ params: { path: {} } }).then(() => assert.fail('resolved'), (e) => e);
        assert.ok(error instanceof sdk.ValidationError, 'ValidationError from qovery');
        assert.equal(error.field, 'params.path.organizationId');
      });
    } finally {
      await server.close();
    }
  }
  await check(how + ': createQoveryMock() as the client\'s fetch, and createMswHandlers() on it', async () => {
    const mock = testing.createQoveryMock();
    const viaFetch = new sdk.Qovery({ apiToken: mock.adminToken, fetch: mock.fetch });
    assert.equal((await viaFetch.projects.create({ name: 'api' })).name, 'api');
    const handlers = msw.createMswHandlers(mock);
    assert.ok(Array.isArray(handlers) && handlers.length > 0);
  });
  console.log('# ' + how + ': ' + passed + ' passed, ' + failed + ' failed');
  process.exitCode = failed === 0 ? 0 : 1;
};
`;

const MODULES = `{ ${ENTRIES.map((entry) => entry.name).join(', ')} }`;
const ESM = `import { fileURLToPath } from 'node:url';
${ENTRIES.map((entry) => `import * as ${entry.name} from '${entry.specifier}';`).join('\n')}
import { exercise } from './checks.cjs';

const resolved = Object.fromEntries(
  ${JSON.stringify(SPECIFIERS)}.map((s) => [s, fileURLToPath(import.meta.resolve(s))]),
);
await exercise('import (ESM)', { modules: ${MODULES}, resolved, ext: '.js' });
`;

const CJS = `'use strict';
${ENTRIES.map((entry) => `const ${entry.name} = require('${entry.specifier}');`).join('\n')}
const { exercise } = require('./checks.cjs');

const resolved = Object.fromEntries(${JSON.stringify(SPECIFIERS)}.map((s) => [s, require.resolve(s)]));
exercise('require (CJS)', { modules: ${MODULES}, resolved, ext: '.cjs' });
`;

// A consumer as a TypeScript user writes it, with or without the testing entries. The
// @ts-expect-error lines fail the check if the types ever resolve to `any` (an unused one is an error).
function consumer({ testing, msw, operations, schemas }) {
  return `import { APIError, AuthenticationError, Qovery, QoveryError, type RateLimit, ValidationError } from 'qovery';
${testing ? "import { createQoveryMock, type QoveryMockServer, startQoveryMockServer } from 'qovery/testing';" : ''}
${msw ? "import { createMswHandlers } from 'qovery/testing/msw';" : ''}
${operations ? "import { OPERATIONS, type OperationId, type Operations, operations } from 'qovery/operations';" : ''}
${schemas ? "import { ListProjectResponse, Project, validate } from 'qovery/schemas';" : ''}

export async function summary(qovery: Qovery): Promise<string> {
  const organization = await qovery.organization.get();
  const limit: RateLimit | undefined = qovery.rateLimit;
  const names: string[] = (await qovery.projects.list()).map((project) => project.name);
  let problem = '';
  try {
    await new Qovery({ apiToken: 'qov_wrong', maxRetries: 1 }).projects.create({ name: 'web' });
  } catch (error) {
    if (error instanceof AuthenticationError) problem = \`401: \${error.status satisfies number}\`;
    else if (error instanceof APIError) problem = \`\${error.status}: \${error.rateLimit?.remaining ?? '?'}\`;
    else if (error instanceof ValidationError) problem = error.field;
    else if (error instanceof QoveryError) problem = error.message;
    else throw error;
  }
  // @ts-expect-error: a project id is a string
  await qovery.projects.get(42);
  // @ts-expect-error: no such namespace
  qovery.nope;
  return \`\${organization.name} \${limit?.remaining ?? '-'} \${names.join(',')} \${problem}\`;
}
${
  testing
    ? `
export async function againstTheEmbeddedApi(): Promise<string> {
  const server: QoveryMockServer = await startQoveryMockServer({ port: 0 });
  try {
    return await summary(new Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url }));
  } finally {
    await server.close();
  }
}

const mock = createQoveryMock();
export const viaFetch = new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch });
`
    : ''
}${msw ? '\nexport const handlers = createMswHandlers(mock);\n' : ''}${
  operations
    ? `
export async function byOperationId(qovery: Qovery, organizationId: string): Promise<string> {
  const api: Operations = operations(qovery);
  const listed = await api.listOrganization();
  const names: string[] = (listed.results ?? []).map((organization) => organization.name);
  const organization = await api.getOrganization({ params: { path: { organizationId } } });
  const route: readonly ['get', '/organization/{organizationId}'] = OPERATIONS.getOrganization;
  const id: OperationId = 'listOrganization';
  // @ts-expect-error: no such operation
  await api.listOrganisations();
  // @ts-expect-error: getOrganization needs the organizationId
  await api.getOrganization({ params: { path: {} } });
  // @ts-expect-error: an organization's name is a string
  const wrong: number = organization.name;
  return \`\${names.join(',')} \${organization.name} \${route[1]} \${id} \${wrong}\`;
}
`
    : ''
}${
  schemas
    ? `
export function checkedByTheSchemas(value: unknown): string {
  const issues = validate(ListProjectResponse, value);
  const parsed = Project.safeParse(value);
  const name: string | undefined = parsed.success ? parsed.data.name : undefined;
  // @ts-expect-error: validate takes a schema first
  validate(value, Project);
  return \`\${issues.map((issue) => issue.path).join(',')} \${name}\`;
}
`
    : ''
}`;
}

const STRICT = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'ES2022',
  forceConsistentCasingInFileNames: true,
};
const ALL = { testing: true, msw: true, operations: true, schemas: true };
// msw's declarations need the DOM lib; the other entries must not.
const NO_DOM = { testing: true, operations: true, schemas: true };
const TYPE_CHECKS = [
  {
    label:
      'types: qovery, qovery/testing, qovery/operations and qovery/schemas need no DOM lib: node16 (module node16), lib ES2022 + @types/node, .mts and .cts',
    config: { ...STRICT, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'] },
    files: { 'main.mts': NO_DOM, 'main.cts': NO_DOM },
  },
  {
    // msw's own CommonJS declarations import the ESM-only `rettime`, an error under node16 whatever
    // imports them, so the CommonJS consumer leaves qovery/testing/msw out.
    label:
      'types: node16 (module node16), lib ES2022 + DOM + @types/node: ESM .mts with all five entries, CJS .cts with all but qovery/testing/msw',
    config: { ...STRICT, module: 'node16', moduleResolution: 'node16', lib: ['ES2022', 'DOM'], types: ['node'] },
    files: { 'consumer.mts': ALL, 'testing.cts': NO_DOM },
  },
  {
    label: 'types: bundler (module esnext), lib ES2022 + DOM, no @types/node: all five entries',
    config: { ...STRICT, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [] },
    files: { 'consumer.ts': ALL },
  },
  {
    label: 'types: node10, the legacy resolution through typesVersions (module commonjs): all five entries',
    // esModuleInterop, as `tsc --init` sets it: zod's own declarations (the types of qovery/schemas)
    // default-import its locales, which node10 without it refuses under skipLibCheck false.
    config: {
      ...STRICT,
      module: 'commonjs',
      moduleResolution: 'node10',
      esModuleInterop: true,
      lib: ['ES2022', 'DOM'],
      types: ['node'],
    },
    files: { 'consumer.ts': ALL },
  },
];

const dir = mkdtempSync(join(tmpdir(), 'qovery-smoke-'));
const project = join(dir, 'consumer');
try {
  // The tarball, installed as a dependency of a fresh project.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      .toString()
      .replace(/^[^[]*/, ''),
  );
  ok(`npm pack: ${packed.filename} (${packed.files.length} files)`);

  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  const extras = [`msw@${versionOf('msw')}`, `@types/node@${versionOf('@types/node')}`];
  const install = spawnSync(
    'npm',
    ['install', `../${packed.filename}`, ...extras, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: project, encoding: 'utf8' },
  );
  if (install.status !== 0) {
    fail('npm install of the tarball into a fresh project', install.stderr || install.stdout);
    throw new Error('cannot go on without the installed package');
  }
  ok(`npm install ./${packed.filename} ${extras.join(' ')} into a fresh project`);

  writeFileSync(join(project, 'checks.cjs'), CHECKS);
  writeFileSync(join(project, 'entries.json'), JSON.stringify(ENTRIES));
  writeFileSync(join(project, 'exports.json'), JSON.stringify(await runtimeExports()));
  writeFileSync(join(project, 'esm.mjs'), ESM);
  writeFileSync(join(project, 'cjs.cjs'), CJS);

  // Run time, from ESM and from CommonJS, each in its own process.
  for (const program of ['esm.mjs', 'cjs.cjs']) {
    const run = spawnSync(process.execPath, [program], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    const out = `${run.stdout}${run.stderr}`;
    for (const line of out.trimEnd().split('\n')) {
      if (line.startsWith('ok - ')) ok(line.slice(5));
      else if (line.startsWith('not ok - ')) fail(line.slice(9));
      else console.log(line);
    }
    if (run.status !== 0 && !/^not ok - /m.test(out)) fail(`node ${program} exited with ${run.status ?? run.signal}`);
  }

  // The bin npm linked, as a process (test/cli.test.ts runs the CLI in process, and a bundle of it).
  {
    const bin = join(project, 'node_modules/.bin/qovery-sdk');
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const { startQoveryMockServer } = await import(
      pathToFileURL(join(project, 'node_modules/qovery/dist/testing/index.js')).href
    );
    const server = await startQoveryMockServer({ port: 0 });
    const cli = (args) =>
      new Promise((resolve) => {
        const env = {
          PATH: process.env.PATH,
          QOVERY_API_URL: server.url,
          QOVERY_CLI_ACCESS_TOKEN: server.mock.adminToken,
        };
        execFile(bin, args, { cwd: project, env, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    try {
      const shown = await cli(['--version']);
      if (shown.code === 0 && shown.stdout === `${version}\n`) ok(`bin: qovery-sdk --version prints ${version}`);
      else fail('bin: qovery-sdk --version prints the version', JSON.stringify(shown));
      const auth = await cli(['auth']);
      if (auth.code === 0 && auth.stdout.includes(`Organization: Acme (${server.mock.organizationId})`))
        ok('bin: qovery-sdk auth against the embedded API exits 0 naming the organization');
      else fail('bin: qovery-sdk auth against the embedded API', JSON.stringify(auth));
      const usage = await cli(['token', 'revoke']);
      if (usage.code === 2 && usage.stderr.includes('missing argument') && usage.stdout === '')
        ok('bin: a usage error exits 2 with the problem on stderr');
      else fail('bin: a usage error exits 2', JSON.stringify(usage));
    } finally {
      await server.close();
    }
  }

  // Type checks of the consumer, one tsconfig per resolution mode.
  for (const [index, { label, config, files }] of TYPE_CHECKS.entries()) {
    const tsconfig = `tsconfig.${index}.json`;
    for (const [file, entries] of Object.entries(files)) writeFileSync(join(project, file), consumer(entries));
    const list = Object.keys(files);
    writeFileSync(join(project, tsconfig), JSON.stringify({ compilerOptions: config, files: list }, null, 2));
    const tsc = spawnSync(process.execPath, [TSC, '-p', tsconfig], { cwd: project, encoding: 'utf8' });
    if (tsc.status === 0) ok(`${label}, strict, skipLibCheck false`);
    else fail(label, `${tsc.stdout}${tsc.stderr}`);
  }
} catch (error) {
  if (failures() === 0) fail('smoke test', error?.stack ?? error);
} finally {
  if (process.env.KEEP_SMOKE) console.log(`# kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

finish();
