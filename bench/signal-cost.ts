// What a per-attempt timeout costs raw fetch: the same sequential calls as bench/per-call.ts, plain,
// with an AbortSignal, and with an AbortSignal plus the timer that fires it (what the SDK does per
// attempt so that a timeout really closes the request). Rounds alternate; the best of each is kept.
//
//   node --import tsx bench/signal-cost.ts
import { BENCH_TOKEN, startBenchServer } from './server.js';

const CALLS = 3_000;
const ROUNDS = 4;
const server = await startBenchServer();
const url = `${server.url}/organization`;
const headers = { Authorization: `Token ${BENCH_TOKEN}` };

type Variant = { name: string; call: () => Promise<unknown> };
const variants: Variant[] = [
  { name: 'fetch', call: async () => JSON.parse(await (await fetch(url, { headers })).text()) },
  {
    name: 'fetch + AbortSignal',
    call: async () => JSON.parse(await (await fetch(url, { headers, signal: new AbortController().signal })).text()),
  },
  {
    name: 'fetch + AbortSignal + timer',
    call: async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      try {
        return JSON.parse(await (await fetch(url, { headers, signal: controller.signal })).text());
      } finally {
        clearTimeout(timer);
      }
    },
  },
];

const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const { name, call } of variants) {
    for (let i = 0; i < 300; i++) await call();
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) await call();
    const us = ((performance.now() - started) / CALLS) * 1000;
    best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, us));
  }
}
await server.close();
const base = best.get('fetch') ?? 1;
for (const [name, us] of best)
  console.log(`${name.padEnd(28)} ${us.toFixed(1).padStart(7)} µs  ${(us / base).toFixed(3)}×`);
