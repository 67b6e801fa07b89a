import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  Qovery,
  RateLimitError,
} from '../src/index.js';
import { BACKOFF_CAP_MS, BACKOFF_START_MS, retryDelayMs } from '../src/retry.js';
import { createQoveryMock } from '../src/testing/index.js';
import { BASE, client, FAKE_TOKEN, ORG_ID, organization, PROJECT_ID, project, received, server } from './helpers.js';

/** Answers the route with `statuses` in turn, then 200 with `body`. */
function sequence(
  method: 'get' | 'put' | 'post' | 'delete',
  path: string,
  statuses: (number | 'drop')[],
  body: unknown,
  headers: Record<string, string> = {},
) {
  let call = 0;
  server.use(
    http[method](`${BASE}${path}`, () => {
      const status = statuses[call++];
      if (status === 'drop') return Response.error();
      if (status !== undefined) return Response.json({ message: `status ${status}` }, { status, headers });
      return body === undefined ? new Response(null, { status: 204 }) : Response.json(body);
    }),
  );
  return () => call;
}

// Retry-After: 0 keeps these tests fast while still taking the "as the API asked" path.
const quick = { 'Retry-After': '0' };

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('a GET answered %i is retried and then succeeds', async (status) => {
    const calls = sequence('get', `/project/${PROJECT_ID}`, [status], project(), quick);
    expect(await client({ maxRetries: 2 }).projects.get(PROJECT_ID)).toEqual(project());
    expect(calls()).toBe(2);
  });

  it('PUT and DELETE are retried too', async () => {
    const puts = sequence('put', `/project/${PROJECT_ID}`, [503], project(), quick);
    const deletes = sequence('delete', `/project/${PROJECT_ID}`, [502], undefined, quick);
    await client({ maxRetries: 1 }).projects.update(PROJECT_ID, { name: 'web' });
    await client({ maxRetries: 1 }).projects.delete(PROJECT_ID);
    expect([puts(), deletes()]).toEqual([2, 2]);
  });

  it('a POST is never retried: a second token create would leak a credential', async () => {
    const calls = sequence('post', `/organization/${ORG_ID}/apiToken`, [503, 503], { token: 'x' }, quick);
    const error = (await client({ maxRetries: 5 })
      .apiTokens.create({ name: 'CI' })
      .catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.attempt).toBe(1);
    expect(calls()).toBe(1);
  });

  it('a dropped connection is retried', async () => {
    const calls = sequence('get', '/organization', ['drop'], { results: [organization()] });
    expect(await client({ maxRetries: 1 }).organization.list()).toHaveLength(1);
    expect(calls()).toBe(2);
  });

  it.each([400, 401, 403, 404, 409, 422])('%i is not retried', async (status) => {
    const calls = sequence('get', `/project/${PROJECT_ID}`, [status, status], project(), quick);
    await expect(client({ maxRetries: 3 }).projects.get(PROJECT_ID)).rejects.toMatchObject({ status, attempt: 1 });
    expect(calls()).toBe(1);
  });

  it('gives up after maxRetries (2 by default), with the last attempt on the error', async () => {
    const calls = sequence('get', `/project/${PROJECT_ID}`, [500, 500, 500, 500], project(), quick);
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE });
    const error = (await qovery.projects.get(PROJECT_ID).catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.attempt).toBe(3);
    expect(calls()).toBe(3);
  });

  it('maxRetries per call overrides the client', async () => {
    const calls = sequence('get', `/project/${PROJECT_ID}`, [500, 500, 500], project(), quick);
    await expect(client({ maxRetries: 5 }).projects.get(PROJECT_ID, { maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(calls()).toBe(1);
  });

  it('waits what Retry-After asks', async () => {
    sequence('get', `/project/${PROJECT_ID}`, [503], project(), { 'Retry-After': '1' });
    const started = Date.now();
    await client({ maxRetries: 1 }).projects.get(PROJECT_ID);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('a wait longer than maxRetryDelay fails at once with the RateLimitError and its resetAt', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const calls = sequence(
      'get',
      '/organization',
      [429, 429],
      { results: [] },
      {
        'Retry-After': '3600',
        'X-RateLimit-Limit': '1000',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(reset),
      },
    );
    const started = Date.now();
    const error = (await client({ maxRetries: 2, maxRetryDelay: 60_000 })
      .organization.list()
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.resetAt).toEqual(new Date(reset * 1000));
    expect(Date.now() - started).toBeLessThan(500);
    expect(calls()).toBe(1);
  });
});

describe('retry delays', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const apiError = (status: number, headers: Record<string, string>) =>
    Object.assign(new BadRequestError(status, 'x', { headers: new Headers(headers), body: undefined }), { status });

  it('Retry-After in seconds, or as an HTTP date, comes first', () => {
    expect(retryDelayMs(apiError(503, { 'Retry-After': '7' }), 1, now)).toEqual([7000, true]);
    expect(retryDelayMs(apiError(503, { 'Retry-After': 'Tue, 01 Jan 2030 00:00:12 GMT' }), 1, now)).toEqual([
      12_000,
      true,
    ]);
  });

  it('a spent window waits for X-RateLimit-Reset', () => {
    const headers = {
      'X-RateLimit-Limit': '10',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(now / 1000 + 30),
    };
    expect(retryDelayMs(apiError(429, headers), 1, now)).toEqual([30_000, true]);
  });

  it('a spent window whose reset is already past backs off as usual, rather than retrying at once', () => {
    const headers = new Headers({
      'X-RateLimit-Limit': '10',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(now / 1000 - 2),
    });
    const limited = new RateLimitError(429, 'slow down', { headers, body: undefined });
    expect(retryDelayMs(limited, 1, now, () => 0)).toEqual([BACKOFF_START_MS, false]);
    expect(retryDelayMs(apiError(503, Object.fromEntries(headers)), 2, now, () => 0)).toEqual([1000, false]);
  });

  it('otherwise backs off exponentially from 0.5 s to 8 s, with jitter taking off up to a quarter', () => {
    const failure = new APIConnectionError('x');
    const at = (attempt: number, random: number) => retryDelayMs(failure, attempt, now, () => random)[0];
    expect(at(1, 0)).toBe(BACKOFF_START_MS);
    expect(at(2, 0)).toBe(1000);
    expect(at(4, 0)).toBe(4000);
    expect(at(5, 0)).toBe(BACKOFF_CAP_MS);
    expect(at(12, 0)).toBe(BACKOFF_CAP_MS);
    expect(at(1, 0.999)).toBe(375);
    expect(BACKOFF_START_MS).toBe(500);
    expect(BACKOFF_CAP_MS).toBe(8000);
  });
});

describe('timeouts and cancellation', () => {
  const mockClient = (options: Record<string, unknown>) => {
    const mock = createQoveryMock();
    return { mock, qovery: new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, ...options }) };
  };

  it('an attempt that takes longer than timeout is an APITimeoutError, an APIConnectionError', async () => {
    const { mock, qovery } = mockClient({ timeout: 50, maxRetries: 0 });
    mock.faults.inject({ kind: 'latency', ms: 1000 });
    const started = Date.now();
    const error = (await qovery.organization.list().catch((e: unknown) => e)) as APITimeoutError;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe('Request timed out after 50 ms (listOrganization)');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a timed-out attempt is retried with a fresh timeout', async () => {
    const { mock, qovery } = mockClient({ timeout: 100, maxRetries: 1 });
    mock.faults.inject({ kind: 'latency', ms: 1000, times: 1 });
    await expect(qovery.organization.list()).resolves.toHaveLength(1);
  });

  it('timeout per call overrides the client', async () => {
    const { mock, qovery } = mockClient({ timeout: 10_000, maxRetries: 0 });
    mock.faults.inject({ kind: 'latency', ms: 1000 });
    await expect(qovery.organization.list({ timeout: 30 })).rejects.toBeInstanceOf(APITimeoutError);
  });

  it('the signal cancels a call waiting to retry at once, and leaves no timer behind', async () => {
    sequence('get', `/project/${PROJECT_ID}`, [503, 503], project(), { 'Retry-After': '30' });
    const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const controller = new AbortController();
    const pending = client({ maxRetries: 2 }).projects.get(PROJECT_ID, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50)); // now in the 30 s wait
    const started = Date.now();
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(250); // at once, not after the 30 s wait
    expect(received).toHaveLength(1);
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBeLessThanOrEqual(
      timersBefore,
    );
  });

  it('the signal cancels an attempt in flight', async () => {
    const { mock, qovery } = mockClient({ maxRetries: 2 });
    mock.faults.inject({ kind: 'latency', ms: 5000 });
    const controller = new AbortController();
    const pending = qovery.organization.list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('not retried when the error says the request was wrong', () => {
  it('404 stays one request', async () => {
    const calls = sequence('get', `/project/${PROJECT_ID}`, [404], project());
    await expect(client({ maxRetries: 2 }).projects.get(PROJECT_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(calls()).toBe(1);
  });
});
