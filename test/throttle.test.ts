import FakeTimers from '@sinonjs/fake-timers';
import { describe, expect, it } from 'vitest';
import { Qovery } from '../src/index.js';
import { createQoveryMock } from '../src/testing/index.js';

describe('throttle: true', () => {
  it('a burst of three times the limit earns zero 429s, in order, at the least time the limit allows', async () => {
    // On a virtual clock (setTimeout and Date), so the check is exact whatever the machine's load.
    const clock = FakeTimers.install({
      now: Date.parse('2030-01-01T00:00:00.400Z'),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    try {
      const limit = 5;
      const windowMs = 2000;
      const mock = createQoveryMock({ rateLimit: { limit, windowMs } });
      const answers: number[] = [];
      let firstReset: number | undefined;
      const counting: typeof mock.fetch = async (input, init) => {
        const response = await mock.fetch(input, init);
        answers.push(response.status);
        firstReset ??= Number(response.headers.get('x-ratelimit-reset')) * 1000;
        return response;
      };
      // maxRetries 0: a 429 would reach the caller instead of being retried away.
      const qovery = new Qovery({ apiToken: mock.adminToken, fetch: counting, throttle: true, maxRetries: 0 });

      const started = Date.now();
      const resolved: number[] = [];
      let settled = false;
      const burst = Promise.all(
        Array.from({ length: 3 * limit }, (_, index) => qovery.organization.list().then(() => resolved.push(index))),
      ).finally(() => {
        settled = true;
      });
      for (let step = 0; !settled && step < 1000; step++) await clock.tickAsync(10);
      await burst;
      const elapsed = Date.now() - started;

      expect(answers.filter((status) => status === 429)).toHaveLength(0);
      expect(answers).toHaveLength(3 * limit);
      // Released in order, a window's worth at a time.
      for (let window = 0; window < 3; window++) {
        const batch = resolved.slice(window * limit, (window + 1) * limit).sort((a, b) => a - b);
        expect(batch).toEqual(Array.from({ length: limit }, (_, i) => window * limit + i));
      }
      // The limit allows the third batch at the start of the third window: one window after the end
      // of the first, which the first answer states (the burst may start inside a window).
      const leastTime = (firstReset ?? Number.NaN) + windowMs - started;
      expect(leastTime).toBeGreaterThan(windowMs);
      expect(elapsed).toBeGreaterThanOrEqual(leastTime);
      // The clock moves in steps of 10 ms, and the throttle waits 1 ms past the reset.
      expect(elapsed).toBeLessThanOrEqual(leastTime + 20);
    } finally {
      clock.uninstall();
    }
  });

  it('without throttle the same burst earns 429s', async () => {
    const mock = createQoveryMock({ rateLimit: { limit: 5, windowMs: 60_000 } });
    const qovery = new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, maxRetries: 0 });
    const outcomes = await Promise.allSettled(Array.from({ length: 15 }, () => qovery.organization.list()));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(10);
  });

  it('a waiting call can be cancelled, and the others still go', async () => {
    const mock = createQoveryMock({ rateLimit: { limit: 1, windowMs: 1000 } });
    const qovery = new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, throttle: true, maxRetries: 0 });
    await qovery.organization.list();
    const controller = new AbortController();
    const cancelled = qovery.organization.list({ signal: controller.signal });
    const next = qovery.organization.list();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'APIUserAbortError' });
    await expect(next).resolves.toHaveLength(1);
  });
});
