// Memory: RSS after 10,000 calls with 64 in flight against the bench server, for each client, each
// in a fresh process so none inherits another's heap. The growth is what the calls left behind.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Configuration, OrganizationMainCallsApi } from 'qovery-typescript-axios';

// The built package, as users run it (the sources under tsx carry its keepNames helpers); typed
// from the sources, since dist/ only exists after a build.
const { Qovery } = (await import(
  new URL('../dist/index.js', import.meta.url).href
)) as typeof import('../src/index.js');

import { BENCH_TOKEN, type Row, startBenchServerProcess } from './server.js';

const CALLS = 10_000;
const IN_FLIGHT = 64;
export const RSS_GROWTH_BUDGET_MB = 30;
type Subject =
  | 'raw fetch + JSON.parse'
  | 'raw fetch + abortable timeout'
  | 'qovery (validation on)'
  | 'qovery-typescript-axios';
// "raw fetch + abortable timeout" is raw fetch with the AbortController and timer the SDK gives
// each attempt (see per-call.ts): undici keeps a finalizer per signal-linked request, so it shows
// what that part of the SDK's cost does to memory on its own.
const SUBJECTS: Subject[] = [
  'raw fetch + JSON.parse',
  'raw fetch + abortable timeout',
  'qovery (validation on)',
  'qovery-typescript-axios',
];

/** In the child: the calls, then the RSS before and after, in MB. */
async function measure(subject: Subject, baseUrl: string): Promise<{ before: number; after: number; later: number }> {
  const authorization = `Token ${BENCH_TOKEN}`;
  const qovery = new Qovery({ apiToken: BENCH_TOKEN, baseUrl });
  const peer = new OrganizationMainCallsApi(new Configuration({ apiKey: authorization, basePath: baseUrl }));
  const call: Record<Subject, () => Promise<unknown>> = {
    'raw fetch + JSON.parse': async () =>
      JSON.parse(await (await fetch(`${baseUrl}/organization`, { headers: { authorization } })).text()),
    'raw fetch + abortable timeout': async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      try {
        const { signal } = controller;
        return JSON.parse(
          await (await fetch(`${baseUrl}/organization`, { headers: { authorization }, signal })).text(),
        );
      } finally {
        clearTimeout(timer);
      }
    },
    'qovery (validation on)': () => qovery.organization.list(),
    'qovery-typescript-axios': async () => (await peer.listOrganization()).data,
  };
  const burst = async (calls: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < calls) await call[subject]();
      }),
    );
  };
  // Warm up at the same concurrency (sockets, JIT, and V8 sizing its heap for this load), and
  // collect before each reading: the growth is then what the 10,000 calls retain, not garbage V8
  // has not collected yet nor the heap's one-off sizing (without both, raw fetch alone "grows"
  // about 90 MB here).
  await burst(2000);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const before = process.memoryUsage().rss;
  await burst(CALLS);
  gc();
  const after = process.memoryUsage().rss;
  // Then the same again: once the heap is sized for this load, what more calls keep is what leaks.
  await burst(CALLS);
  gc();
  return { before: before / 2 ** 20, after: after / 2 ** 20, later: process.memoryUsage().rss / 2 ** 20 };
}

export async function memory(): Promise<Row[]> {
  const server = await startBenchServerProcess();
  try {
    const rows: Row[] = [];
    for (const subject of SUBJECTS) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--child', subject, server.url],
        { timeout: 120_000 },
      );
      const { before, after, later } = JSON.parse(stdout) as { before: number; after: number; later: number };
      const round = (mb: number) => Math.round(mb * 10) / 10;
      rows.push({
        metric: `RSS after ${CALLS} calls, ${IN_FLIGHT} in flight`,
        subject,
        value: round(after),
        unit: 'MB',
      });
      // The first round includes V8 and malloc sizing themselves for 64-way concurrency (raw fetch
      // alone "grows" about 50 MB there); the budget, which is about what calls keep, applies to
      // the second round, once that sizing is done. Both are printed.
      rows.push({
        metric: `RSS growth over the first ${CALLS} calls`,
        subject,
        value: round(after - before),
        unit: 'MB',
      });
      rows.push({
        metric: `RSS growth over the next ${CALLS} calls`,
        subject,
        value: round(later - after),
        unit: 'MB',
        ...(subject.startsWith('qovery (') ? { budget: RSS_GROWTH_BUDGET_MB } : {}),
      });
    }
    return rows;
  } finally {
    await server.close();
  }
}

const [flag, subject, url] = process.argv.slice(2);
if (flag === '--child' && subject && url) {
  process.stdout.write(JSON.stringify(await measure(subject as Subject, url)));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await memory());
}
