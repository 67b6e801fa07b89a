// Cold start: what a fresh `node` process pays to import each client, construct it and make one call,
// against the loopback bench server. The package is built, packed and installed from its tarball into
// a throw-away project next to the peer, exactly as a user gets it (its dependencies from the
// registry), so the figures include the published module graph and not the repository's sources.
//
// Run alone: node --import tsx bench/cold-start.ts [--runs N]
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BASELINE_NAME, BASELINE_ROOT } from './baseline.js';
import { BENCH_TOKEN, ORGANIZATION_ID, type Row, startBenchServer } from './server.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PEER = 'qovery-typescript-axios@1.1.952';
const MIN_RUNS = 15;
/** The cold-start budgets (issue 27): import at most a fifth of the peer's; first result at most 1.5× raw fetch's. */
const IMPORT_OVER_PEER_BUDGET = 0.2;
const RESULT_OVER_RAW_FETCH_BUDGET = 1.5;

type Subject = 'raw fetch' | 'qovery' | 'qovery-typescript-axios' | typeof BASELINE_NAME;
const SUBJECTS: readonly Subject[] = [
  'raw fetch',
  'qovery',
  'qovery-typescript-axios',
  ...(BASELINE_ROOT ? [BASELINE_NAME] : ([] as const)),
];

// One script per subject, so each child parses only what it runs. argv: url, token, organization id.
// Each prints {importMs, totalMs}; both are measured from the first line of the script.
const PRELUDE = `const [url, token, id] = process.argv.slice(2);
const t0 = performance.now();
let importMs = 0;
let result;
`;
const EPILOGUE = `const totalMs = performance.now() - t0;
if (result?.id !== id) throw new Error('unexpected answer: ' + JSON.stringify(result));
process.stdout.write(JSON.stringify({ importMs, totalMs }));
`;
const SCRIPTS: Record<Subject, { file: string; body: string }> = {
  'raw fetch': {
    file: 'raw-fetch.mjs',
    body: `result = await (await fetch(url + '/organization/' + id, { headers: { Authorization: 'Token ' + token } })).json();
`,
  },
  qovery: {
    file: 'qovery.mjs',
    body: `const { Qovery } = await import('qovery');
importMs = performance.now() - t0;
const client = new Qovery({ apiToken: token, baseUrl: url, organizationId: id });
result = await client.organization.get();
`,
  },
  // The baseline's tarball is installed under the alias qovery-baseline.
  [BASELINE_NAME]: {
    file: 'qovery-baseline.mjs',
    body: `const { Qovery } = await import('qovery-baseline');
importMs = performance.now() - t0;
const client = new Qovery({ apiToken: token, baseUrl: url, organizationId: id });
result = await client.organization.get();
`,
  },
  'qovery-typescript-axios': {
    file: 'qovery-typescript-axios.mjs',
    body: `const { Configuration, OrganizationMainCallsApi } = await import('qovery-typescript-axios');
importMs = performance.now() - t0;
const api = new OrganizationMainCallsApi(new Configuration({ apiKey: 'Token ' + token, basePath: url }));
result = (await api.getOrganization(id)).data;
`,
  },
};

interface Sample {
  importMs: number;
  totalMs: number;
  resultMs: number;
  wallMs: number;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} ${args.join(' ')} failed in ${options.cwd}: ${error.message}\n${stdout}\n${stderr}`));
      } else {
        resolvePromise({ stdout, stderr });
      }
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round(value * 100) / 100;
}

/** Builds the package (unless `fresh`) and packs it into `destination`; returns the tarball's path. */
async function buildAndPack(destination: string, fresh: boolean, root = ROOT): Promise<string> {
  // Output is captured and shown only if a step fails.
  if (!fresh) await run('npm', ['run', 'build', '--silent'], { cwd: root });
  await run('npm', ['pack', '--silent', '--pack-destination', destination], { cwd: root });
  const tarball = (await readdir(destination)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${destination}`);
  return join(destination, tarball);
}

/** A fresh project with the tarball and the peer installed from the registry, plus the child scripts. */
async function createProject(project: string, tarball: string, baseline: string | undefined): Promise<void> {
  await writeFile(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'qovery-cold-start-bench', private: true, type: 'module' }, null, 2)}\n`,
  );
  const packages = [tarball, PEER, ...(baseline ? [`qovery-baseline@file:${baseline}`] : [])];
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: project });
  for (const subject of SUBJECTS) {
    const { file, body } = SCRIPTS[subject];
    await writeFile(join(project, file), PRELUDE + body + EPILOGUE);
  }
}

/**
 * One fresh `node` process for `subject`, timed from here: to the moment its result reaches stdout
 * (what a cold serverless function makes its caller wait for) and to its exit (which also waits for
 * the idle keep-alive connection to close, the same for every subject).
 */
function sample(subject: Subject, project: string, url: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    let resultMs: number | undefined;
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, [SCRIPTS[subject].file, url, BENCH_TOKEN, ORGANIZATION_ID], {
      cwd: project,
      env,
    });
    child.stdout.on('data', (chunk: Buffer) => {
      resultMs ??= performance.now() - started;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0 || resultMs === undefined) {
        reject(new Error(`${subject} exited ${code}: ${stdout}\n${stderr}`));
        return;
      }
      const { importMs, totalMs } = JSON.parse(stdout) as { importMs: number; totalMs: number };
      resolvePromise({ importMs, totalMs, resultMs, wallMs });
    });
  });
}

/**
 * Median cold-start figures over `runs` fresh processes per subject (default and minimum 15).
 * `fresh: true` skips `npm run build` when dist/ is known to be up to date.
 */
export async function coldStart(options: { runs?: number; fresh?: boolean } = {}): Promise<Row[]> {
  const runs = Math.max(MIN_RUNS, Math.floor(options.runs ?? MIN_RUNS) || MIN_RUNS);
  const packDir = await mkdtemp(join(tmpdir(), 'qovery-pack-'));
  const project = await mkdtemp(join(tmpdir(), 'qovery-cold-start-'));
  let server: Awaited<ReturnType<typeof startBenchServer>> | undefined;
  // Ctrl-C reaches the children too; remove the temp dirs before going.
  const onSignal = (signal: NodeJS.Signals) => {
    void Promise.all([
      server?.close(),
      rm(packDir, { recursive: true, force: true }),
      rm(project, { recursive: true, force: true }),
    ]).finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const tarball = await buildAndPack(packDir, options.fresh ?? false);
    let baseline: string | undefined;
    if (BASELINE_ROOT) {
      const baselineDir = await mkdtemp(join(packDir, 'baseline-'));
      baseline = await buildAndPack(baselineDir, true, BASELINE_ROOT);
    }
    await createProject(project, tarball, baseline);
    server = await startBenchServer();

    // The children get a plain environment: no loader (tsx) or inspector inherited through NODE_OPTIONS.
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    const samples = Object.fromEntries(SUBJECTS.map((subject) => [subject, []])) as unknown as Record<
      Subject,
      Sample[]
    >;
    // Warm the OS file cache once per subject, unmeasured.
    for (const subject of SUBJECTS) await sample(subject, project, server.url, env);
    // Interleaved, so drift on the machine spreads evenly over the subjects.
    for (let i = 0; i < runs; i++) {
      for (const subject of SUBJECTS) samples[subject].push(await sample(subject, project, server.url, env));
    }

    const medians = Object.fromEntries(
      SUBJECTS.map((subject) => [
        subject,
        {
          importMs: median(samples[subject].map((s) => s.importMs)),
          totalMs: median(samples[subject].map((s) => s.totalMs)),
          resultMs: median(samples[subject].map((s) => s.resultMs)),
          wallMs: median(samples[subject].map((s) => s.wallMs)),
        },
      ]),
    ) as Record<Subject, Sample>;
    const ratio = (value: number, base: number) => Math.round((value / base) * 100) / 100;

    const rows: Row[] = [];
    const importBudget = medians['qovery-typescript-axios'].importMs * IMPORT_OVER_PEER_BUDGET;
    for (const subject of SUBJECTS) {
      rows.push({
        metric: `cold import (median of ${runs})`,
        subject,
        value: medians[subject].importMs,
        unit: 'ms',
        ...(subject === 'qovery' ? { budget: Math.round(importBudget * 100) / 100 } : {}),
      });
    }
    for (const subject of SUBJECTS) {
      rows.push({
        metric: `cold import + construct + first call (median of ${runs})`,
        subject,
        value: medians[subject].totalMs,
        unit: 'ms',
        ratio: ratio(medians[subject].totalMs, medians['raw fetch'].totalMs),
      });
    }
    const resultBudget = medians['raw fetch'].resultMs * RESULT_OVER_RAW_FETCH_BUDGET;
    for (const subject of SUBJECTS) {
      rows.push({
        metric: `cold start to first result: spawn to result on stdout (median of ${runs})`,
        subject,
        value: medians[subject].resultMs,
        unit: 'ms',
        ratio: ratio(medians[subject].resultMs, medians['raw fetch'].resultMs),
        ...(subject === 'qovery' ? { budget: Math.round(resultBudget * 100) / 100 } : {}),
      });
    }
    for (const subject of SUBJECTS) {
      rows.push({
        metric: `cold process wall time, to exit (median of ${runs})`,
        subject,
        value: medians[subject].wallMs,
        unit: 'ms',
        ratio: ratio(medians[subject].wallMs, medians['raw fetch'].wallMs),
      });
    }
    return rows;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await server?.close();
    await rm(packDir, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--runs');
  const runs = at === -1 ? undefined : Number(process.argv[at + 1]);
  console.table(await coldStart({ runs }));
}
