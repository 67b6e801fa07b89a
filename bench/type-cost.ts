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

export type Consumer = 'client' | 'schemas';

function consumer(skipLibCheck: boolean, which: Consumer): string {
  const dir = mkdtempSync(join(tmpdir(), 'qovery-type-cost-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/qovery'));
  // zod, as the package's dependency, resolves from the checkout's own node_modules.
  if (which === 'schemas') symlinkSync(join(ROOT, 'node_modules/zod'), join(dir, 'node_modules/zod'));
  writeFileSync(join(dir, 'index.ts'), which === 'client' ? CONSUMER : SCHEMAS_CONSUMER);
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
