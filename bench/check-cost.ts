// What checking an answer costs, in process, by mode (issue 27): the default check (what the SDK
// reads: src/essentials.ts) against the contract check it replaced (`'strict'`, and what the default
// mode runs besides when someone listens to onResponseIssue). Budget: the default check costs no
// more than the contract check. The answers are the embedded API's, for the calls a CI job makes
// most: the organization list, an application, a list of environments' services, a status.
//
//   node --import tsx bench/check-cost.ts
import { essentialsOf } from '../src/essentials.js';
import { checkAnswer } from '../src/response-check.js';
import { issuesOf } from '../src/schemas.js';
import { createQoveryMock, DEPLOY_SCENE } from '../src/testing/index.js';
import type { Row } from './server.js';

const ROUNDS = 9;
const CALLS = 20_000;
/** The budget: the default mode's check over the contract's, on the same answer. */
export const CHECK_COST_BUDGET = 1;

async function answers(): Promise<Array<[operation: string, body: unknown]>> {
  const mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false });
  const get = async (path: string) => {
    const response = await mock.fetch(
      new Request(`https://api.qovery.com${path}`, { headers: { Authorization: `Token ${mock.adminToken}` } }),
    );
    return response.json();
  };
  const organizations = (await get('/organization')) as { results: { id: string }[] };
  const organizationId = organizations.results[0]?.id;
  const services = (await get(`/organization/${organizationId}/services`)) as {
    results: { id: string; service_type: string }[];
  };
  const application = services.results.find((s) => s.service_type === 'APPLICATION');
  if (!application) throw new Error('check-cost: the scene has no application');
  return [
    ['listOrganization', organizations],
    ['listServicesByOrganizationId', services],
    ['getApplication', await get(`/application/${application.id}`)],
    ['getApplicationStatus', await get(`/application/${application.id}/status`)],
  ];
}

/** Median over rounds of the time per check, in microseconds, for each way of checking. */
function measure(checks: Record<string, () => unknown>): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(checks).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, check] of Object.entries(checks)) {
      for (let i = 0; i < 1_000; i++) check();
      const started = performance.now();
      for (let i = 0; i < CALLS; i++) check();
      samples[name]?.push(((performance.now() - started) * 1000) / CALLS);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, times]) => [
      name,
      [...times].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] ?? 0,
    ]),
  );
}

export async function checkCost(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [operation, body] of await answers()) {
    const essentials = essentialsOf(operation);
    if (!essentials) throw new Error(`check-cost: no essentials for ${operation}`);
    const times = measure({
      contract: () => checkAnswer(operation, body),
      essentials: () => issuesOf(essentials, body),
    });
    const [contract, essential] = [times.contract ?? 0, times.essentials ?? 0];
    const metric = `checking an answer to ${operation}, µs (median of ${ROUNDS} × ${CALLS})`;
    rows.push({ metric, subject: "contract check ('strict')", value: Number(contract.toFixed(2)), unit: 'µs' });
    rows.push({
      metric,
      subject: 'default check (what the SDK reads)',
      value: Number(essential.toFixed(2)),
      unit: 'µs',
      ratio: Number((essential / contract).toFixed(2)),
    });
    rows.push({
      metric: `default check over the contract check, ${operation}`,
      subject: 'qovery',
      value: Number((essential / contract).toFixed(2)),
      unit: '×',
      budget: CHECK_COST_BUDGET,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await checkCost())
    console.log(`${row.metric} | ${row.subject} | ${row.value} ${row.unit}${row.budget ? ` (≤ ${row.budget})` : ''}`);
}
