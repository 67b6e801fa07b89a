// Behaviours found missing by review, each with the case that showed it.
import { inspect } from 'node:util';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIUserAbortError,
  BadRequestError,
  Qovery,
  RateLimitError,
  ResponseValidationError,
  ValidationError,
} from '../src/index.js';
import { parseRetryAfter } from '../src/rate-limit.js';
import { createQoveryMock } from '../src/testing/index.js';
import { answerRaw, BASE, client, FAKE_TOKEN, ORG_ID, organization, PROJECT_ID, received, server } from './helpers.js';

describe('hostile shapes', () => {
  it('a deeply nested error body is a typed error, not a RangeError', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    answerRaw('get', `/project/${PROJECT_ID}`, 400, deep, { 'content-type': 'application/json' });
    await expect(client().projects.get(PROJECT_ID)).rejects.toBeInstanceOf(BadRequestError);
    answerRaw('get', `/project/${PROJECT_ID}`, 200, deep, { 'content-type': 'application/json' });
    await expect(client().projects.get(PROJECT_ID)).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('a token nested in the cause chain of a network error never shows', async () => {
    const inner = new Error(`connect failed with Authorization: Token ${FAKE_TOKEN}`);
    const qovery = client({ fetch: () => Promise.reject(new TypeError('fetch failed', { cause: inner })) });
    const error = await qovery.organization.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('FAKE_TEST_TOKEN');
  });

  it('keys every object has (constructor, toString) are still unknown fields', async () => {
    const error = await client()
      .projects.create({ name: 'x', constructor: 'typo' } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('constructor');
    expect(received).toHaveLength(0);
  });

  it('the attempt number is on response-validation errors too', async () => {
    answerRaw('get', `/project/${PROJECT_ID}`, 200, 'not json', {});
    await expect(client().projects.get(PROJECT_ID)).rejects.toMatchObject({
      name: 'ResponseValidationError',
      attempt: 1,
    });
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  it.each([
    ['1.5', 2],
    [' 30 ', 30],
    ['-5', undefined],
    ['1 2', undefined],
    ['soon', undefined],
    ['Tue, 01 Jan 2030 00:00:10 GMT', 10],
    ['2030-01-01T00:00:10Z', undefined],
  ])('%j is %j seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe('limits on waits', () => {
  it.each([
    ['timeout', { timeout: 2 ** 31 }],
    ['maxRetryDelay', { maxRetryDelay: 2 ** 31 }],
  ])('a %s beyond what a timer holds is refused', (field, options) => {
    expect(() => new Qovery({ apiToken: FAKE_TOKEN, ...options })).toThrow(ValidationError);
    expect(() => new Qovery({ apiToken: FAKE_TOKEN, ...options })).toThrow(field);
  });

  it('a maxRetryDelay shorter than the backoff still retries, waiting no longer than it', async () => {
    const mock = createQoveryMock();
    mock.faults.inject({ kind: 'status', status: 503, times: 1 });
    const qovery = new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, maxRetries: 1, maxRetryDelay: 10 });
    const started = Date.now();
    await expect(qovery.organization.list()).resolves.toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('a server-asked wait longer than maxRetryDelay still fails at once', async () => {
    server.use(
      http.get(`${BASE}/organization`, () => Response.json({}, { status: 429, headers: { 'Retry-After': '120' } })),
    );
    await expect(client({ maxRetries: 2, maxRetryDelay: 10 }).organization.list()).rejects.toBeInstanceOf(
      RateLimitError,
    );
    expect(received).toHaveLength(1);
  });
});

describe('the shared organization lookup', () => {
  it('follows the first caller’s timeout and retries', async () => {
    const mock = createQoveryMock();
    mock.faults.inject({ kind: 'latency', ms: 2000, operation: 'listOrganization' });
    const qovery = new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch });
    const started = Date.now();
    await expect(qovery.projects.list({}, { timeout: 50, maxRetries: 0 })).rejects.toMatchObject({
      name: 'APITimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('is cancelled once every caller waiting for it has given up', async () => {
    const mock = createQoveryMock();
    mock.faults.inject({ kind: 'latency', ms: 5000, operation: 'listOrganization' });
    let lookupSignal: AbortSignal | undefined;
    const watching: typeof mock.fetch = (input, init) => {
      lookupSignal = (input as Request).signal;
      return mock.fetch(input, init);
    };
    const qovery = new Qovery({ apiToken: mock.adminToken, fetch: watching });
    const first = new AbortController();
    const second = new AbortController();
    const calls = [
      qovery.projects.list({}, { signal: first.signal }),
      qovery.projects.list({}, { signal: second.signal }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.abort();
    await expect(calls[0]).rejects.toBeInstanceOf(APIUserAbortError);
    expect(lookupSignal?.aborted).toBe(false); // the second caller still waits for it
    second.abort();
    await expect(calls[1]).rejects.toBeInstanceOf(APIUserAbortError);
    expect(lookupSignal?.aborted).toBe(true);
  });
});

describe('throttle without rate-limit headers', () => {
  it('does not hold calls one at a time when the answers carry no figures', async () => {
    let inFlight = 0;
    let most = 0;
    const qovery = new Qovery({
      apiToken: FAKE_TOKEN,
      baseUrl: BASE,
      organizationId: ORG_ID,
      throttle: true,
      fetch: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        return Response.json(organization());
      },
    });
    await qovery.organization.get();
    await Promise.all(Array.from({ length: 10 }, () => qovery.organization.get()));
    expect(most).toBe(10);
  });
});

describe('the embedded API', () => {
  it('401 answers carry the rate-limit headers, and the seeded tokens can be chosen', async () => {
    const mock = createQoveryMock({ adminToken: 'qov_FAKE_CHOSEN_ADMIN', viewerToken: 'qov_FAKE_CHOSEN_VIEWER' });
    expect(mock.adminToken).toBe('qov_FAKE_CHOSEN_ADMIN');
    const refused = await mock.fetch('https://api.qovery.com/organization');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('1000');
    const viewer = new Qovery({ apiToken: 'qov_FAKE_CHOSEN_VIEWER', fetch: mock.fetch });
    expect(await viewer.organization.list()).toHaveLength(1);
  });
});
