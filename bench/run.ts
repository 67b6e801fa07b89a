// `npm run bench`: every benchmark in one run, one table, and bench/RESULTS.md rewritten with it.
// Ratios compare subjects measured in the same run; budgets are checked here, not in unit tests.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Row } from './server.js';

// Build first, then load the benches: per-call and memory load the built package as they start.
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'ignore' });
const { bundleSize } = await import('./bundle-size.js');
const { checkCost } = await import('./check-cost.js');
const { coldStart } = await import('./cold-start.js');
const { memory } = await import('./memory.js');
const { perCall } = await import('./per-call.js');
const { requestsPerWorkflow } = await import('./requests.js');
const { gatewayRows } = await import('./gateway.js');
const { typeCostRows } = await import('./type-cost.js');
const rows: Row[] = [
  ...(await perCall()),
  ...(await checkCost()),
  ...(await coldStart({ fresh: true })),
  ...(await bundleSize({ fresh: true })),
  ...typeCostRows(),
  ...(await requestsPerWorkflow()),
  ...(await gatewayRows()),
  ...(await memory()),
];

const verdict = (row: Row) => (row.budget === undefined ? '' : row.value <= row.budget ? 'within' : 'OVER');
const header = ['metric', 'subject', 'value', 'ratio', 'budget', ''];
const lines = rows.map((row) => [
  row.metric,
  row.subject,
  `${row.value} ${row.unit}`,
  row.ratio === undefined ? '' : `${row.ratio}×`,
  row.budget === undefined ? '' : `≤ ${row.budget} ${row.unit}`,
  verdict(row),
]);
const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
console.log(table);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
writeFileSync(
  new URL('./RESULTS.md', import.meta.url),
  `# Benchmark results

Latest \`npm run bench\`, ${new Date().toISOString().slice(0, 10)}, on ${machine}.
Every figure comes from one run; ratios are to raw \`fetch\` measured in that same run. Shared
2-core machines are noisy: read ratios, not absolute times.

${table}
`,
);
const over = rows.filter((row) => verdict(row) === 'OVER');
if (over.length > 0)
  console.log(`\n${over.length} figure(s) over budget: ${over.map((r) => `${r.subject} ${r.metric}`).join('; ')}`);
