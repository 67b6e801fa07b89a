// The requests-per-workflow bench (bench/requests.ts) as a test: it runs against the embedded API on
// a virtual clock, so its counts are exact and cheap to check on every run.
import { describe, expect, it } from 'vitest';
import { requestsPerWorkflow } from '../bench/requests.js';

describe('requests per workflow', async () => {
  const rows = await requestsPerWorkflow();
  const count = (prefix: string) => rows.find((row) => row.subject.startsWith(prefix))?.value;

  it('counts every workflow in whole requests', () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) expect(Number.isInteger(row.value) && row.value > 0, row.subject).toBe(true);
  });

  it('holds the status report to the least the contract allows plus one: 1 + E, for 2 and 10 environments', () => {
    const status = rows.filter((row) => row.subject.startsWith('status report'));
    expect(status).toHaveLength(3);
    for (const row of status) expect(row.value, row.subject).toBeLessThanOrEqual(row.budget ?? 0);
    expect(count('status report, P=2, E=10')).toBe(11);
  });

  it('re-running the preview workflow costs reads only, fewer than the first run', () => {
    const [first, again] = [count('preview environment, first run'), count('preview environment, re-run')];
    expect(again).toBeLessThan(first ?? 0);
  });

  it('waiting longer costs more polls, and at most one every 15 s once backed off', () => {
    const [one = 0, five = 0, fifteen = 0] = [1, 5, 15].map(
      (minutes) => count(`deploy an application by name and wait, ${minutes} min`) ?? 0,
    );
    expect(one).toBeLessThan(five);
    expect(five).toBeLessThan(fifteen);
    expect(fifteen - five).toBeLessThanOrEqual((10 * 60) / 15 + 1);
  });
});
