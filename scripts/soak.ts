// `npm run soak`: 10,000 calls, 64 in flight, against the embedded API over loopback. Every answer
// must be the project asked for; RSS is reported before, after, and after a GC to show it settles.
// Bounded in count and in time (120 s), so it always stops by itself.
import { Qovery } from 'qovery';
import { startQoveryMockServer } from 'qovery/testing';

const TOTAL = Number(process.env.SOAK_CALLS ?? 10_000);
const IN_FLIGHT = Number(process.env.SOAK_IN_FLIGHT ?? 64);
const DEADLINE_MS = 120_000;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

const server = await startQoveryMockServer({
  rateLimit: false,
  projects: Array.from({ length: IN_FLIGHT }, (_, i) => ({ name: `project-${i}` })),
});
const qovery = new Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url });
const ids = server.mock.state.projects.map((p) => p.id);

// Warm up (JIT, sockets) before the first reading.
await Promise.all(ids.map((id) => qovery.projects.get(id)));
gc?.();
const rssBefore = process.memoryUsage().rss;
// The JS heap, plus what lives outside it (ArrayBuffers, Buffers) that the heap keeps alive.
const kept = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
const heapBefore = process.memoryUsage().heapUsed;
const keptBefore = kept();

let started = 0;
let completed = 0;
let mismatched = 0;
const errors = new Map<string, number>();
const startedAt = Date.now();

async function worker(): Promise<void> {
  while (started < TOTAL && Date.now() - startedAt < DEADLINE_MS) {
    const n = started++;
    const id = ids[n % ids.length] ?? '';
    try {
      const project = await qovery.projects.get(id);
      if (project.id !== id || project.name !== `project-${n % ids.length}`) mismatched++;
    } catch (error) {
      const name = error instanceof Error ? error.name : String(error);
      errors.set(name, (errors.get(name) ?? 0) + 1);
    }
    completed++;
  }
}

await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
const elapsed = Date.now() - startedAt;
const rssAfter = process.memoryUsage().rss;
gc?.();
await new Promise((resolve) => setTimeout(resolve, 100));
const rssSettled = process.memoryUsage().rss;
const heapSettled = process.memoryUsage().heapUsed;
const keptSettled = kept();
await server.close();

const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
const lost = TOTAL - completed;
console.log(
  `soak: ${completed}/${TOTAL} calls, ${IN_FLIGHT} in flight, ${elapsed} ms (${Math.round((completed / elapsed) * 1000)} calls/s)`,
);
console.log(
  `soak: lost ${lost}, mismatched ${mismatched}, errors ${errorCount}${errorCount ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}`,
);
console.log(
  `soak: RSS before ${mb(rssBefore)}, after ${mb(rssAfter)}, after GC ${mb(rssSettled)}${gc ? '' : ' (run with --expose-gc for the GC figure)'}`,
);
console.log(`soak: heap before ${mb(heapBefore)}, after GC ${mb(heapSettled)}`);
// What the calls keep, once collected: about 10 MB here (the mock's own state, JIT, caches). A
// client that kept something per call (64 KB each would be 640 MB) fails this; noise does not.
const HEAP_GROWTH_LIMIT = 64 * 2 ** 20;
const leaked = gc !== undefined && keptSettled - keptBefore > HEAP_GROWTH_LIMIT;
if (leaked) console.log(`soak: heap and external memory grew by more than ${mb(HEAP_GROWTH_LIMIT)} over the calls`);
if (lost || mismatched || errorCount || leaked) process.exit(1);
