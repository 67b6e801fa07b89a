// Per-call time of an organization list, the same calls through each client against the same
// loopback server: raw fetch + JSON.parse (the floor), this SDK with response validation on and
// off, and Qovery's generated axios client. Sequential and 32 in flight; several rounds with the
// subjects interleaved, keeping each subject's best, so machine noise hits all of them alike.
//
// Two more subjects split the SDK's cost into its parts. "raw fetch + abortable timeout" is raw
// fetch with what the SDK adds to every attempt so that a timeout closes the request: an
// AbortController and a timer (on Node 20 the signal alone costs a few percent: creating it, and
// undici tying the request to it). "openapi-fetch + abortable timeout" is the typed alternative a
// user would write without this SDK: a bare openapi-fetch client on the same generated paths.
import createClient from 'openapi-fetch';
import { Configuration, OrganizationMainCallsApi } from 'qovery-typescript-axios';
import type { paths } from '../generated/qovery-api.js';

// The built package, as users run it (the sources under tsx carry its keepNames helpers); typed
// from the sources, since dist/ only exists after a build.
const { Qovery } = (await import(
  new URL('../dist/index.js', import.meta.url).href
)) as typeof import('../src/index.js');

import { BASELINE_NAME, BASELINE_ROOT } from './baseline.js';
import { BENCH_TOKEN, type Row, startBenchServerProcess } from './server.js';

/** The same SDK from another build (QOVERY_BENCH_BASELINE), measured in the same rounds. */
const Baseline = BASELINE_ROOT
  ? ((await import(new URL(`file://${BASELINE_ROOT}/dist/index.js`).href)) as typeof import('../src/index.js')).Qovery
  : undefined;

type Call = () => Promise<unknown>;

const RAW = 'raw fetch + JSON.parse';
const RAW_TIMEOUT = 'raw fetch + abortable timeout';
const BARE = 'openapi-fetch + abortable timeout';
const PEER = 'qovery-typescript-axios';
const CHECKS_ON = 'qovery (validation on)';
const CHECKS_OFF = 'qovery (validation off)';

/**
 * The per-call budgets (issue 27), on the median of per-round ratios: the SDK over a bare
 * openapi-fetch client with the same abortable timeout, with response checks on and off; and the
 * SDK over the peer, no slower than it in either mode.
 */
const BUDGET_OVER_BARE: Record<string, number> = { [CHECKS_ON]: 1.15, [CHECKS_OFF]: 1.05 };
const BUDGET_OVER_PEER: Record<string, number> = { [CHECKS_ON]: 1, [CHECKS_OFF]: 1 };

/** The SDK's default timeout: the abortable subjects arm the same timer. */
const TIMEOUT_MS = 60_000;

/** `work` with a signal that a timer fires after TIMEOUT_MS, as each SDK attempt has. */
async function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Wall time and this process's CPU time per call, in µs (the server runs in another process). */
async function timePerCall(call: Call, calls: number, inFlight: number): Promise<{ wall: number; cpu: number }> {
  let next = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < calls) {
        next++;
        await call();
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: Number(process.hrtime.bigint() - started) / 1000 / calls, cpu: (cpu.user + cpu.system) / calls };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One row per subject: µs to a tenth, the ratio to `base` (the reference of the metric), a budget if any. */
function timingRows(
  metric: string,
  names: string[],
  times: Map<string, number>,
  base: number,
  budgetOf: (name: string) => number | undefined = () => undefined,
): Row[] {
  return names.map((name) => {
    const value = times.get(name) ?? Number.NaN;
    const budget = budgetOf(name);
    return {
      metric,
      subject: name,
      value: Math.round(value * 10) / 10,
      unit: 'µs',
      ratio: Math.round((value / base) * 100) / 100,
      ...(budget === undefined ? {} : { budget }),
    };
  });
}

export async function perCall(options: { calls?: number; rounds?: number } = {}): Promise<Row[]> {
  // Many short rounds, keeping each subject's best: noise on a shared 2-core machine only ever
  // adds time, so the minimum over many rounds converges on the real cost.
  const calls = options.calls ?? 500;
  const rounds = options.rounds ?? 16;
  const server = await startBenchServerProcess();
  try {
    const url = `${server.url}/organization`;
    const authorization = `Token ${BENCH_TOKEN}`;
    const validating = new Qovery({ apiToken: BENCH_TOKEN, baseUrl: server.url });
    const trusting = new Qovery({ apiToken: BENCH_TOKEN, baseUrl: server.url, validateResponses: false });
    const peer = new OrganizationMainCallsApi(new Configuration({ apiKey: authorization, basePath: server.url }));
    const bare = createClient<paths>({ baseUrl: server.url, headers: { authorization } });
    const subjects: [string, Call][] = [
      [RAW, async () => JSON.parse(await (await fetch(url, { headers: { authorization } })).text())],
      [
        RAW_TIMEOUT,
        () =>
          withTimeout(async (signal) =>
            JSON.parse(await (await fetch(url, { headers: { authorization }, signal })).text()),
          ),
      ],
      [BARE, () => withTimeout(async (signal) => (await bare.GET('/organization', { signal })).data?.results)],
      [CHECKS_ON, () => validating.organization.list()],
      [CHECKS_OFF, () => trusting.organization.list()],
      [PEER, async () => (await peer.listOrganization()).data],
    ];
    if (Baseline) {
      const on = new Baseline({ apiToken: BENCH_TOKEN, baseUrl: server.url });
      const off = new Baseline({ apiToken: BENCH_TOKEN, baseUrl: server.url, validateResponses: false });
      subjects.push(
        [`${BASELINE_NAME} (validation on)`, () => on.organization.list()],
        [`${BASELINE_NAME} (validation off)`, () => off.organization.list()],
      );
    }
    const rows: Row[] = [];
    for (const [metric, inFlight] of [
      ['per call, sequential', 1],
      ['per call, 32 in flight', 32],
    ] as const) {
      const best = new Map<string, number>();
      const bestCpu = new Map<string, number>();
      const perRound: Map<string, number>[] = [];
      for (const [, call] of subjects) await timePerCall(call, Math.min(calls, 500), inFlight); // warm up
      for (let round = 0; round < rounds; round++) {
        // Rotate who goes first, so no subject always runs right after the same other one.
        const order = subjects.map((_, i) => subjects[(i + round) % subjects.length] as [string, Call]);
        const walls = new Map<string, number>();
        for (const [name, call] of order) {
          const { wall, cpu } = await timePerCall(call, calls, inFlight);
          walls.set(name, wall);
          best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, wall));
          bestCpu.set(name, Math.min(bestCpu.get(name) ?? Number.POSITIVE_INFINITY, cpu));
        }
        perRound.push(walls);
      }
      const names = subjects.map(([name]) => name);
      /** The median over rounds of `name`'s time over `reference`'s in that same round. */
      const medianRatio = (name: string, reference: string) =>
        Math.round(
          median(perRound.map((walls) => (walls.get(name) ?? Number.NaN) / (walls.get(reference) ?? 1))) * 100,
        ) / 100;
      const mode = metric.replace('per call, ', '');
      rows.push(...timingRows(metric, names, best, best.get(RAW) ?? 1));
      // Each ratio on the median of per-round ratios: a round pairs every subject with the same
      // moment of the machine, which best-of-rounds ratios do not. The budgets are set above.
      const sdk = [CHECKS_ON, CHECKS_OFF];
      const ratioRows = (
        label: string,
        reference: string,
        subjectsOf: string[],
        budgets: Record<string, number> = {},
      ): Row[] =>
        subjectsOf.map((name) => {
          const budget = budgets[name];
          return {
            metric: `${label}, median of per-round ratios, ${mode}`,
            subject: name,
            value: medianRatio(name, reference),
            unit: '×',
            ...(budget === undefined ? {} : { budget }),
          };
        });
      rows.push(
        ...ratioRows('per call over raw fetch', RAW, names),
        ...ratioRows('per call over bare openapi-fetch + abortable timeout', BARE, sdk, BUDGET_OVER_BARE),
        ...ratioRows('per call over the peer (qovery-typescript-axios)', PEER, sdk, BUDGET_OVER_PEER),
        // Without a budget: the SDK over raw fetch with the same abortable timeout, and openapi-fetch
        // alone, which every call of the SDK goes through, over that and over the peer.
        ...ratioRows('per call over raw fetch + abortable timeout', RAW_TIMEOUT, [...sdk, BARE]),
        ...ratioRows('per call over the peer (qovery-typescript-axios)', PEER, [BARE]),
      );
      // CPU time of the client process: steadier than wall time on a shared machine.
      const cpuMetric = metric.replace('per call', 'client CPU per call');
      rows.push(...timingRows(cpuMetric, names, bestCpu, bestCpu.get(RAW) ?? 1));
    }
    return rows;
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await perCall());
}
