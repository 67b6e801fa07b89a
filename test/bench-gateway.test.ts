// The gateway bench (bench/gateway.ts) as a test: what a wait over the gateway spends, how soon it
// sees the end, and 10,000 log lines followed, none lost or repeated, across a dropped connection.
// Real sockets on loopback: a few seconds.
import { describe, expect, it } from 'vitest';
import { followLogLines, gatewayDetectionMs, gatewayWaitRequests, LOG_LINES } from '../bench/gateway.js';
import { expectedPolls } from '../bench/requests.js';

describe('deploy by name and wait, over the gateway', () => {
  it.each([1, 5, 15])(
    'a %i-minute deployment costs 4 requests (the least, 3, plus the environment read), against 2 + its polls',
    async (minutes) => {
      const { requests, sent } = await gatewayWaitRequests(minutes);
      expect(requests).toBe(4);
      expect(sent.map((line) => line.replace(/\/[0-9a-f-]{36}/g, '/{id}'))).toEqual([
        'GET /organization/{id}/services',
        'POST /application/{id}/deploy',
        'GET /environment/{id}',
        'GET /application/{id}/status',
      ]);
      expect(requests).toBeLessThan(2 + expectedPolls(60 * minutes));
    },
    20_000,
  );

  it('sees the end within 1 s of the embedded API settling it', async () => {
    const seen = await gatewayDetectionMs(2, 600);
    for (const ms of seen) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(1000);
    }
  }, 20_000);
});

describe(`deployments.follow(): ${LOG_LINES} entries at 64 a frame`, () => {
  it('every one once', async () => {
    const result = await followLogLines();
    expect(result).toMatchObject({ received: LOG_LINES, duplicates: 0, lost: 0, connections: 1 });
  }, 20_000);

  it('every one once across a connection dropped mid-stream', async () => {
    const result = await followLogLines({ dropAfter: 5_000 });
    expect(result).toMatchObject({ received: LOG_LINES, duplicates: 0, lost: 0, connections: 2 });
  }, 20_000);

  it('every one once when the caller holds the last frame before the drop longer than the reopening takes', async () => {
    // The drop comes after the frame of entries 4992-5055; the caller stops 600 ms at entry 5000,
    // while the stream is reopened (250 ms) and its backlog comes again.
    const result = await followLogLines({ dropAfter: 5_000, pause: { at: 5_000, ms: 600 } });
    expect(result).toMatchObject({ received: LOG_LINES, duplicates: 0, lost: 0, connections: 2 });
  }, 20_000);
});
