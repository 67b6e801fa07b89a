// The requests-per-workflow bench (bench/requests.ts) as a test: it runs against the embedded API on
// a virtual clock, so its counts are exact and cheap to check on every run.
import { describe, expect, it } from 'vitest';
import { expectedPolls, requestsPerWorkflow } from '../bench/requests.js';

const realTimers = { setTimeout: globalThis.setTimeout, Date: globalThis.Date };

describe('requests per workflow', async () => {
  const rows = await requestsPerWorkflow();
  const count = (prefix: string) => rows.find((row) => row.subject.startsWith(prefix))?.value;

  it('counts every workflow in whole requests', () => {
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const row of rows) {
      expect(row).toMatchObject({ metric: 'requests per workflow', unit: 'requests' });
      expect(Number.isInteger(row.value) && row.value > 0, row.subject).toBe(true);
    }
  });

  it('holds the status report to the least the contract allows plus one: 1 + E, for 2 and 10 environments', () => {
    const status = rows.filter((row) => row.subject.startsWith('status report'));
    expect(status).toHaveLength(3);
    for (const row of status) {
      expect(row.budget, row.subject).toBeDefined();
      expect(row.value, row.subject).toBeLessThanOrEqual(row.budget ?? 0);
    }
    expect(count('status report, P=2, E=10')).toBe(11);
  });

  it('re-running the preview workflow costs fewer requests than the first run', () => {
    const [first, again] = [count('preview environment, first run'), count('preview environment, re-run')];
    expect(first).toBeDefined();
    expect(again).toBeLessThan(first ?? 0);
  });

  it('a wait polls as the SDK schedules it: 2 s, 1.5× longer each time, then every 15 s', () => {
    expect([60, 300, 900].map((seconds) => expectedPolls(seconds))).toEqual([9, 25, 65]);
    for (const minutes of [1, 5, 15])
      expect(count(`deploy an application by name and wait, ${minutes} min`)).toBe(2 + expectedPolls(60 * minutes));
  });

  it('a failed deployment costs one request more than a successful one, and explaining it two', () => {
    const failed = count('deploy an application by name, fail at the build after 1 min, explain');
    const succeeded = count('deploy an application by name and wait, 1 min');
    expect(failed).toBe((succeeded ?? 0) + 1 + 2);
  });

  it('leaves the real clock installed', () => {
    expect(globalThis.setTimeout).toBe(realTimers.setTimeout);
    expect(globalThis.Date).toBe(realTimers.Date);
  });
});
