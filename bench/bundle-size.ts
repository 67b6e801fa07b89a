// Bundle size: what a user's bundle carries for one client construction and one call, bundled and
// minified by esbuild from the BUILT package (dist/index.js, what npm ships), measured minified and
// gzip -9. Raw fetch is the floor; the peer is bundled with axios, which it needs, once for the
// browser and once for Node (axios's Node adapter and what it brings).
//
// Run alone: node --import tsx bench/bundle-size.ts           prints the table
//            node --import tsx bench/bundle-size.ts --check   exits 1 if qovery is over its ceiling (CI)
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Platform } from 'esbuild';
import { BENCH_TOKEN, ORGANIZATION_ID, type Row } from './server.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST_ENTRY = resolve(ROOT, 'dist/index.js');
/**
 * The qovery bundle's budget, gzip -9, in bytes (issue 27): at most 36 KB, which is also what CI
 * holds it to (`--check`), and below the peer's bundle for Node (a row of the table). zod took it
 * from 14,893 to about 29,500 bytes (issue 17: zod/mini's core for the SDK's input shapes, and the
 * generated schemas of the answers it checks); every kind of service (issue 18) to 32,656.
 */
export const QOVERY_GZIP_CEILING = 36_864;

const PEER_FOR_NODE = 'qovery-typescript-axios, for Node';
type Subject = 'raw fetch' | 'qovery' | 'qovery-typescript-axios' | typeof PEER_FOR_NODE;
const SUBJECTS: readonly Subject[] = ['raw fetch', 'qovery', 'qovery-typescript-axios', PEER_FOR_NODE];

const token = JSON.stringify(BENCH_TOKEN);
const id = JSON.stringify(ORGANIZATION_ID);
const PEER_CALL = `import { Configuration, OrganizationMainCallsApi } from 'qovery-typescript-axios';
const api = new OrganizationMainCallsApi(new Configuration({ apiKey: 'Token ' + ${token} }));
console.log((await api.getOrganization(${id})).data);
`;
// What a user writes for one call. The results are logged so nothing is dropped as dead code.
const USER_FILES: Record<Subject, { contents: string; platform: Platform; conditions?: string[] }> = {
  'raw fetch': {
    platform: 'neutral',
    contents: `const response = await fetch('https://api.qovery.com/organization/' + ${id}, {
  headers: { Authorization: 'Token ' + ${token} },
});
console.log(await response.json());
`,
  },
  // With the conditions edge and browser bundlers set (wrangler, Vercel, Vite): the `ws` package the
  // SDK loads for Qovery's websocket gateway in Node resolves to its browser stub there.
  qovery: {
    platform: 'neutral',
    conditions: ['worker', 'browser'],
    contents: `import { Qovery } from ${JSON.stringify(DIST_ENTRY)};
const client = new Qovery(${token});
console.log(await client.organization.get());
`,
  },
  // axios needs its browser build (a neutral build would pull in its Node adapter's node: imports).
  'qovery-typescript-axios': { platform: 'browser', contents: PEER_CALL },
  // The same call bundled for Node: axios's Node adapter (http, follow-redirects, form-data, …).
  [PEER_FOR_NODE]: { platform: 'node', contents: PEER_CALL },
};

function buildPackage(): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    // Output is captured and shown only if the build fails.
    execFile(
      'npm',
      ['run', 'build', '--silent'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`npm run build failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolvePromise();
      },
    );
  });
}

async function bundle(subject: Subject): Promise<{ minified: number; gzip: number }> {
  const { contents, platform, conditions } = USER_FILES[subject];
  const result = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'user.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    ...(conditions && { conditions }),
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${subject}`);
  return { minified: output.contents.byteLength, gzip: gzipSync(output.contents, { level: 9 }).byteLength };
}

/**
 * Minified and min+gzip (-9) sizes of one construction + one call per subject.
 * Runs `npm run build` first unless `fresh: true` says dist/ is up to date.
 */
export async function bundleSize(options: { fresh?: boolean } = {}): Promise<Row[]> {
  if (!options.fresh) await buildPackage();
  const sizes = {} as Record<Subject, { minified: number; gzip: number }>;
  for (const subject of SUBJECTS) sizes[subject] = await bundle(subject);
  const ratio = (value: number, base: number) => Math.round((value / base) * 100) / 100;
  const rows: Row[] = [];
  for (const subject of SUBJECTS) {
    rows.push({
      metric: 'bundle, min+gzip',
      subject,
      value: sizes[subject].gzip,
      unit: 'bytes',
      ratio: ratio(sizes[subject].gzip, sizes['raw fetch'].gzip),
      ...(subject === 'qovery' ? { budget: QOVERY_GZIP_CEILING } : {}),
    });
  }
  // Below the peer's Node bundle (issue 27): at most one byte less.
  rows.push({
    metric: `bundle, min+gzip, below the peer's (${PEER_FOR_NODE})`,
    subject: 'qovery',
    value: sizes.qovery.gzip,
    unit: 'bytes',
    budget: sizes[PEER_FOR_NODE].gzip - 1,
  });
  for (const subject of SUBJECTS) {
    rows.push({
      metric: 'bundle, minified',
      subject,
      value: sizes[subject].minified,
      unit: 'bytes',
      ratio: ratio(sizes[subject].minified, sizes['raw fetch'].minified),
    });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await bundleSize();
  if (process.argv.includes('--check')) {
    const gzip = rows.find((row) => row.metric === 'bundle, min+gzip' && row.subject === 'qovery')?.value ?? Number.NaN;
    const minified = rows.find((row) => row.metric === 'bundle, minified' && row.subject === 'qovery')?.value;
    const summary = `qovery bundle (one construction + one call): ${gzip} bytes min+gzip -9 (${minified} bytes minified), ceiling ${QOVERY_GZIP_CEILING} bytes`;
    if (!(gzip <= QOVERY_GZIP_CEILING)) {
      console.error(`${summary}\nOVER THE CEILING by ${gzip - QOVERY_GZIP_CEILING} bytes`);
      process.exitCode = 1;
    } else {
      console.log(`${summary}\nunder the ceiling (${QOVERY_GZIP_CEILING - gzip} bytes to spare)`);
    }
  } else {
    console.table(rows);
  }
}
