// The type-checking cost users pay for the SDK's types: `tsc --noEmit` on a small consumer that
// creates a client and makes three calls (one wrapped, two through the escape hatch), against the
// BUILT declarations (dist/), as installed. Median of several runs, with skipLibCheck on (what most
// projects use) and off (a strict consumer).
//
// And a consumer of qovery/schemas (--client-only leaves it out, for a checkout without them).
//
//   npm run build && node --import tsx bench/type-cost.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from './server.js';

// TYPE_COST_ROOT measures another checkout (a worktree of an earlier commit, for before/after figures).
const ROOT = resolve(process.env.TYPE_COST_ROOT ?? fileURLToPath(new URL('..', import.meta.url)));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const RUNS = Number(process.env.TYPE_COST_RUNS ?? 7);

const CONSUMER = `import { Qovery } from 'qovery';
const qovery = new Qovery('qov_example');
const projects = await qovery.projects.list();
const project = await qovery.request('get', '/project/{projectId}', { params: { path: { projectId: projects[0]?.id ?? '' } } });
const organizations = await qovery.request('get', '/organization');
console.log(project.name, organizations.results?.length);
`;

// A consumer of qovery/schemas: a generated schema composed into its own, parsed, and inferred.
const SCHEMAS_CONSUMER = `import * as schemas from 'qovery/schemas';
import * as z from 'zod/mini';
const Notice = z.object({ event: z.string(), application: schemas.Application });
type Notice = z.infer<typeof Notice>;
const parsed = Notice.safeParse(JSON.parse('{}'));
const notice: Notice | undefined = parsed.success ? parsed.data : undefined;
console.log(notice?.application.name, schemas.validate(schemas.Project, {}).length);
`;

// The floor: openapi-fetch with a tiny hand-written `paths` of the three operations, making the
// same three calls. What the SDK adds on top is its types for the whole API (issue 20: at most 2.5×).
const TINY_CONSUMER = `import createClient from 'openapi-fetch';
interface paths {
  '/project/{projectId}': { get: { parameters: { path: { projectId: string } }; responses: { 200: { content: { 'application/json': { id: string; name: string } } } } } };
  '/organization': { get: { responses: { 200: { content: { 'application/json': { results?: { id: string; name: string }[] } } } } } };
  '/organization/{organizationId}/project': { get: { parameters: { path: { organizationId: string } }; responses: { 200: { content: { 'application/json': { results?: { id: string; name: string }[] } } } } } };
}
const client = createClient<paths>({ baseUrl: 'https://api.qovery.com', headers: { Authorization: 'Token qov_example' } });
const projects = (await client.GET('/organization/{organizationId}/project', { params: { path: { organizationId: 'o' } } })).data?.results ?? [];
const project = (await client.GET('/project/{projectId}', { params: { path: { projectId: projects[0]?.id ?? '' } } })).data;
const organizations = (await client.GET('/organization')).data;
console.log(project?.name, organizations?.results?.length);
`;

export type Consumer = 'client' | 'schemas' | 'openapi-fetch';

const SOURCES: Record<Consumer, string> = {
  client: CONSUMER,
  schemas: SCHEMAS_CONSUMER,
  'openapi-fetch': TINY_CONSUMER,
};

function consumer(skipLibCheck: boolean, which: Consumer): string {
  const dir = mkdtempSync(join(tmpdir(), 'qovery-type-cost-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/qovery'));
  // zod, as the package's dependency, resolves from the checkout's own node_modules.
  if (which === 'schemas') symlinkSync(join(ROOT, 'node_modules/zod'), join(dir, 'node_modules/zod'));
  if (which === 'openapi-fetch') {
    for (const name of ['openapi-fetch', 'openapi-typescript-helpers'])
      symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
  writeFileSync(join(dir, 'index.ts'), SOURCES[which]);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        strict: true,
        noEmit: true,
        skipLibCheck,
        types: [],
        lib: ['es2022', 'dom'],
      },
      files: ['index.ts'],
    }),
  );
  return dir;
}

/** Median wall time of `tsc -p dir`, in ms, and the files' total size tsc read. */
export function typeCost(skipLibCheck: boolean, runs = RUNS, which: Consumer = 'client'): { medianMs: number } {
  const dir = consumer(skipLibCheck, which);
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      execFileSync(process.execPath, [TSC, '-p', dir], { stdio: 'pipe' });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { medianMs: Math.round(times[Math.floor(times.length / 2)] ?? 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The rows of `npm run bench`: the three-call consumer against openapi-fetch with a tiny `paths`
 * (budget 2.5×), and a consumer of qovery/schemas against the three-call one (budget 2×), each with
 * skipLibCheck on (what most projects use).
 */
export function typeCostRows(runs = 5): Row[] {
  const ms = (which: Consumer) => typeCost(true, runs, which).medianMs;
  const [floor, client, schemas] = [ms('openapi-fetch'), ms('client'), ms('schemas')];
  const metric = `tsc --noEmit, skipLibCheck (median of ${runs})`;
  const ratio = (value: number, base: number) => Math.round((value / base) * 100) / 100;
  return [
    { metric, subject: 'openapi-fetch, tiny paths, 3 calls', value: floor, unit: 'ms', ratio: 1 },
    { metric, subject: 'qovery, 3 calls', value: client, unit: 'ms', ratio: ratio(client, floor) },
    { metric, subject: 'qovery/schemas consumer', value: schemas, unit: 'ms', ratio: ratio(schemas, floor) },
    {
      metric: 'tsc: qovery 3-call consumer over openapi-fetch with a tiny paths',
      subject: 'qovery',
      value: ratio(client, floor),
      unit: '×',
      budget: 2.5,
    },
    {
      metric: 'tsc: qovery/schemas consumer over the 3-call consumer',
      subject: 'qovery/schemas',
      value: ratio(schemas, client),
      unit: '×',
      budget: 2,
    },
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const which: Consumer[] = process.argv.includes('--client-only') ? ['client'] : ['client', 'schemas'];
  for (const consumerKind of which) {
    for (const skipLibCheck of [true, false]) {
      const what = consumerKind === 'client' ? 'consumer with 3 calls' : 'consumer of qovery/schemas';
      console.log(
        `tsc --noEmit, ${what}, skipLibCheck ${skipLibCheck}: ${typeCost(skipLibCheck, RUNS, consumerKind).medianMs} ms (median of ${RUNS})`,
      );
    }
  }
}
