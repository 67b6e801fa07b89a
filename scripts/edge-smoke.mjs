// The main entry outside Node: dist/index.js bundled by esbuild into one classic script (an IIFE
// assigning a global, with openapi-fetch inside), evaluated in `new EdgeRuntime()` (the `edge-runtime`
// package: a V8 context with the web platform's globals only: no `process`, no `require`, no Node
// modules), where a client makes real calls with the sandbox's own `fetch` to the embedded API
// (`startQoveryMockServer`) listening on 127.0.0.1 in this Node process.
// Before that, plain text checks of every file of the build but the CLI (the entries, and the chunks
// they share: the response checks and zod): no `node:` import or require,
// no module but the declared dependencies, `process` only through the guarded env lookup
// (`globalThis.process?.env`, src/env.ts), and no Node-only global (Buffer, __dirname, setImmediate, …).
// Run after `npm run build` (`npm run test:edge`). Prints a line per check; exits 1 on any problem.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EdgeRuntime } from 'edge-runtime';
import { build } from 'esbuild';
import { createReport, requireBuild } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const { check, finish } = createReport('edge-smoke');
requireBuild(ROOT);

// 1. Text checks of the builds of the main entry, qovery/operations and qovery/schemas, and of the
// chunks they share (the response checks, zod): every top-level file of dist/ but the CLI.
const dependencies = new Set(Object.keys(pkg.dependencies ?? {}));
const files = readdirSync(join(ROOT, 'dist'))
  .filter((name) => /\.c?js$/.test(name) && name !== 'cli.js')
  .map((name) => `dist/${name}`)
  .sort();
for (const file of files) {
  const code = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [
    // Not after a "/": the operations table holds paths such as "/…/import".
    ...code.matchAll(/(?<!\/)\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bexport\s*[\w*{}\s,$]+\s*from\s*['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\(\s*['"`]([^'"`]+)['"`]\s*\)/g),
    ...code.matchAll(/\brequire\(\s*['"`]([^'"`]+)['"`]\s*\)/g),
  ].map((m) => m[1]);

  await check(`${file}: no node: import or require`, () => {
    assert.deepEqual(
      specifiers.filter((s) => s.startsWith('node:')),
      [],
    );
    assert.doesNotMatch(code, /['"`]node:/, 'a "node:" string');
  });
  await check(`${file}: loads nothing but its dependencies`, () => {
    // A chunk of the build itself (./chunk-….js) is part of it, and checked here in turn.
    const others = specifiers.filter((s) => !dependencies.has(s) && !/^\.\/[\w-]+\.c?js$/.test(s));
    assert.deepEqual(others, [], `modules other than ${[...dependencies].join(', ')} and the build's chunks`);
    assert.doesNotMatch(code, /\b(import|require)\(\s*[^'"`\s]/, 'a computed import() or require()');
    return [...new Set(specifiers)].join(', ');
  });
  await check(`${file}: process only through the guarded globalThis.process?.env`, () => {
    const uses = [...code.matchAll(/(.{0,11})\bprocess\b(.{0,6})/g)];
    const unguarded = uses.filter(([, before, after]) => !before.endsWith('globalThis.') || !after.startsWith('?.env'));
    assert.deepEqual(
      unguarded.map((m) => m[0]),
      [],
    );
    assert.ok(uses.length <= 1, `${uses.length} guarded uses, expected the one in env.ts`);
    return `${uses.length} guarded use`;
  });
  await check(`${file}: no Node-only global (Buffer, __dirname, __filename, setImmediate, global.)`, () => {
    assert.deepEqual(
      [...code.matchAll(/\b(Buffer|__dirname|__filename|setImmediate|clearImmediate)\b|(?<![.\w])global\./g)].map(
        (m) => m[0],
      ),
      [],
    );
  });
}

// 2. The bundle, one classic script, as an edge platform or a <script> tag would take it.
/** `entry` bundled into one classic script assigning `globalName`, as an edge platform would take it. */
async function scriptOf(entry, globalName) {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    globalName,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['edge-light', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

let bundle;
await check('esbuild bundles dist/index.js into one IIFE script (platform neutral, no Node built-ins)', async () => {
  bundle = await scriptOf('dist/index.js', 'QoverySDK');
  return `${(bundle.length / 1024).toFixed(1)} KB`;
});
let schemasBundle;
await check('esbuild bundles dist/schemas.js (qovery/schemas) into one IIFE script too', async () => {
  schemasBundle = await scriptOf('dist/schemas.js', 'QoverySchemas');
  return `${(schemasBundle.length / 1024).toFixed(1)} KB`;
});

// 3. Real calls from inside the sandbox, to the embedded API in this process.
const { startQoveryMockServer } = await import(join(ROOT, 'dist/testing/index.js'));
const server = await startQoveryMockServer({ port: 0 });
try {
  const runtime = new EdgeRuntime();
  const inSandbox = async (code) =>
    JSON.parse(await runtime.evaluate(`(async () => JSON.stringify(await (async () => { ${code} })()))()`));

  await check('the sandbox is an edge runtime: no process, require, module or Buffer; fetch is there', async () => {
    const globals = await inSandbox(
      'return { EdgeRuntime: typeof EdgeRuntime, process: typeof process, require: typeof require, module: typeof module, Buffer: typeof Buffer, fetch: typeof fetch };',
    );
    assert.deepEqual(globals, {
      EdgeRuntime: 'string',
      process: 'undefined',
      require: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      fetch: 'function',
    });
  });
  // Without a bundle (its check failed above) there is nothing to run in the sandbox.
  if (bundle) {
    await check('the bundle evaluates in the sandbox and defines Qovery', async () => {
      runtime.evaluate(bundle);
      assert.equal(await inSandbox('return typeof QoverySDK.Qovery;'), 'function');
    });

    const setup = `const { Qovery } = QoverySDK; const baseUrl = ${JSON.stringify(server.url)};`;
    await check("organization.get() from the sandbox with the sandbox's own fetch, over 127.0.0.1", async () => {
      const answer = await inSandbox(`${setup}
        const qovery = new Qovery({ apiToken: ${JSON.stringify(server.mock.adminToken)}, baseUrl });
        const organization = await qovery.organization.get();
        return { name: organization.name, limit: qovery.rateLimit?.limit };`);
      assert.deepEqual(answer, { name: 'Acme', limit: 1000 });
      return server.url;
    });
    await check('projects.create() and projects.list() from the sandbox', async () => {
      const names = await inSandbox(`${setup}
        const qovery = new Qovery({ apiToken: ${JSON.stringify(server.mock.adminToken)}, baseUrl });
        await qovery.projects.create({ name: 'edge' });
        return (await qovery.projects.list()).map((p) => p.name);`);
      assert.ok(names.includes('edge'), JSON.stringify(names));
    });
    await check('errors in the sandbox: AuthenticationError and ValidationError, instanceof QoveryError', async () => {
      const answer = await inSandbox(`${setup}
        const { AuthenticationError, ValidationError, QoveryError, APIError } = QoverySDK;
        const denied = await new Qovery({ apiToken: 'qov_FAKE_WRONG', baseUrl }).organization.list().catch((e) => e);
        const invalid = await new Qovery({ apiToken: 'qov_FAKE_WRONG', baseUrl }).projects.get('nope').catch((e) => e);
        return {
          denied: [denied instanceof AuthenticationError, denied instanceof APIError, denied instanceof QoveryError, denied.status],
          invalid: [invalid instanceof ValidationError, invalid instanceof QoveryError, invalid instanceof APIError],
        };`);
      assert.deepEqual(answer, { denied: [true, true, true, 401], invalid: [true, true, false] });
    });
    await check('an answer the contract refuses is a ResponseValidationError in the sandbox too', async () => {
      const answer = await inSandbox(`${setup}
        const broken = async () => new Response(JSON.stringify({ results: [{ id: 1 }] }), { status: 200, headers: { 'content-type': 'application/json' } });
        const error = await new Qovery({ apiToken: 'qov_FAKE_EDGE', baseUrl, fetch: broken }).organization.list().catch((e) => e);
        return { name: error.name, path: error.issues?.[0]?.path };`);
      assert.deepEqual(answer, { name: 'ResponseValidationError', path: 'results.0.id' });
    });
    await check(
      'new Qovery() with no token and no process: a QoveryError naming the variables, no ReferenceError',
      async () => {
        const answer = await inSandbox(`
        try { new QoverySDK.Qovery(); return { thrown: false }; }
        catch (e) { return { thrown: true, qovery: e instanceof QoverySDK.QoveryError, name: e.name, message: e.message }; }`);
        assert.equal(answer.thrown, true);
        assert.equal(answer.qovery, true, `${answer.name}: ${answer.message}`);
        assert.match(answer.message, /QOVERY_API_TOKEN/);
      },
    );
  }
  if (schemasBundle) {
    await check('qovery/schemas in the sandbox: Project.safeParse and a lenient validate()', async () => {
      runtime.evaluate(schemasBundle);
      const answer = await inSandbox(`
        const project = { id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff', created_at: '2026-01-01T00:00:00Z', name: 'web', associated_environments_count: 1, organization: { id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00' } };
        return {
          strict: [QoverySchemas.Project.safeParse(project).success, QoverySchemas.Project.safeParse({ ...project, name: 1 }).success],
          lenient: QoverySchemas.validate(QoverySchemas.Project, { ...project, brand_new: true }).length,
        };`);
      assert.deepEqual(answer, { strict: [true, false], lenient: 0 });
    });
  }
} finally {
  await server.close();
}

finish();
