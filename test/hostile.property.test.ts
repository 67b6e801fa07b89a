// Property-based: whatever comes back (or does not), a call resolves with checked data or rejects
// with a QoveryError, in bounded time, with no unhandled rejection and never the token anywhere.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Qovery, QoveryError } from '../src/index.js';
import { createQoveryMock, type Fault } from '../src/testing/index.js';

const TOKEN = 'qov_FAKE_PROPERTY_TOKEN_abcdefghijklmnopqrstu';
const ORG = '11111111-1111-4111-8111-111111111111';
const PROJECT = '33333333-3333-4333-8333-333333333333';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const validOrganization = { id: ORG, created_at: '2026-01-01T00:00:00Z', name: 'Acme', plan: 'TEAM' };
const validProject = {
  id: PROJECT,
  created_at: '2026-01-01T00:00:00Z',
  name: 'web',
  associated_environments_count: 1,
  organization: { id: ORG },
};

const body = fc.oneof(
  fc.constant(''),
  fc.constant('<html><body><h1>502 Bad Gateway</h1></body></html>'),
  fc.json().map((text) => text.slice(0, Math.max(1, Math.floor(text.length / 2)))), // truncated
  fc.json(),
  fc.constant(JSON.stringify({ results: [validOrganization] })),
  fc.constant(JSON.stringify(validProject)),
  fc.constant(JSON.stringify({ ...validProject, name: 42 })),
  fc.constant(JSON.stringify({ message: `token ${TOKEN} rejected`, token: TOKEN })),
  fc.constant('x'.repeat(2_000_000)), // huge
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.nat().map(String),
  fc.constant('-1'),
  fc.constant('1e99'),
);
const headers = fc.record(
  {
    'X-RateLimit-Limit': headerValue,
    'X-RateLimit-Remaining': headerValue,
    'X-RateLimit-Reset': headerValue,
    'Retry-After': fc.oneof(headerValue, fc.constant('Wed, 21 Oct 2099 07:28:00 GMT')),
    'Content-Type': fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/problem+json'),
    'WWW-Authenticate': fc.constant(`Token error="${TOKEN}"`),
  },
  { requiredKeys: [] },
);
const status = fc.oneof(
  fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }),
);
const reply = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('response' as const), status, body, headers }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('drop' as const),
      message: fc.constant(`socket closed for Token ${TOKEN}`),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hang' as const) }) },
);
const call = fc.constantFrom(
  (q: Qovery) => q.organization.list(),
  (q: Qovery) => q.organization.get(),
  (q: Qovery) => q.projects.get(PROJECT),
  (q: Qovery) => q.projects.create({ name: 'web' }),
  (q: Qovery) => q.projects.delete(PROJECT),
  (q: Qovery) => q.apiTokens.create({ name: 'CI' }),
  (q: Qovery) => q.apiTokens.list(),
);

function toResponse(r: { status: number; body: string; headers: Record<string, string> }): Response {
  const nullBody = r.status === 204 || r.status === 205 || r.status === 304;
  const safeHeaders = new Headers();
  for (const [name, value] of Object.entries(r.headers)) {
    try {
      safeHeaders.set(name, value);
    } catch {
      // a value fetch itself could never receive
    }
  }
  return new Response(nullBody ? null : r.body, { status: r.status, headers: safeHeaders });
}

/** A logger keeping every line, at every level. */
function captureLines(): {
  lines: string[];
  logger: Record<'error' | 'warn' | 'info' | 'debug', (line: string) => void>;
} {
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
  };
  return { lines, logger: { error: keep, warn: keep, info: keep, debug: keep } };
}

/**
 * Runs the call and checks what every property here relies on: it ends within `boundMs`, in data
 * or a QoveryError, and the token shows nowhere. Returns the outcome.
 */
async function settleWithin(call: Promise<unknown>, boundMs: number, lines: string[]): Promise<unknown> {
  const started = Date.now();
  const outcome = await call.then(
    (data) => ({ data }),
    (error: unknown) => error,
  );
  expect(Date.now() - started).toBeLessThan(boundMs);
  if (outcome instanceof Error) expect(outcome).toBeInstanceOf(QoveryError);
  assertClean(outcome, lines);
  return outcome;
}

function assertClean(outcome: unknown, lines: string[]): void {
  const texts = [...lines];
  if (outcome instanceof Error) {
    texts.push(
      String(outcome),
      outcome.stack ?? '',
      inspect(outcome, { depth: 8, showHidden: true }),
      JSON.stringify(outcome),
    );
    const errorHeaders = (outcome as { headers?: Headers }).headers;
    if (errorHeaders) texts.push(JSON.stringify(Object.fromEntries(errorHeaders.entries())));
  }
  for (const text of texts) expect(text).not.toContain('FAKE_PROPERTY_TOKEN');
}

describe('hostile responses', () => {
  it('every call resolves with data or rejects with a QoveryError, within its timeout, never showing the token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 3 }), call, async (replies, act) => {
        const { lines, logger } = captureLines();
        let index = 0;
        const fetch = async (request: Request): Promise<Response> => {
          const next = replies[Math.min(index++, replies.length - 1)];
          if (!next) throw new Error('no reply');
          if (next.kind === 'drop') throw new TypeError(next.message);
          if (next.kind === 'hang') {
            return new Promise((_, reject) =>
              request.signal.addEventListener('abort', () => reject(request.signal.reason)),
            );
          }
          return toResponse(next);
        };
        const qovery = new Qovery({
          apiToken: TOKEN,
          baseUrl: 'https://api.qovery.test',
          organizationId: ORG,
          fetch,
          timeout: 100,
          maxRetries: 0,
          logLevel: 'debug',
          logger,
        });
        await settleWithin(act(qovery), 1000, lines);
        expect(inspect(qovery)).not.toContain('FAKE_PROPERTY_TOKEN');
      }),
      { numRuns: 150, seed: 20261128 },
    );
  }, 120_000);
});

describe('the embedded API with random faults', () => {
  // fc.double leans to tiny values; whole percentages give faults that actually fire.
  const chance = fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100);
  const fault: fc.Arbitrary<Fault> = fc.oneof(
    fc.record({ kind: fc.constant('latency' as const), ms: fc.integer({ min: 0, max: 150 }), probability: chance }),
    fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500, 502, 503), probability: chance }),
    fc.record({ kind: fc.constant('drop' as const), probability: chance }),
    fc.record({ kind: fc.constant('truncate' as const), probability: chance }),
    fc.record({
      kind: fc.constant('content-type' as const),
      contentType: fc.constant('text/html'),
      probability: chance,
    }),
  );

  const tally: Record<string, number> = {};
  afterAll(() => console.log('embedded API outcomes:', JSON.stringify(tally)));

  it('retries included, every call ends in checked data or a QoveryError, in bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fault, { maxLength: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        call,
        async (faults, seed, act) => {
          const mock = createQoveryMock({ seed, apiTokens: [{ secret: TOKEN }], projects: [{ name: 'existing' }] });
          for (const f of faults) mock.faults.inject(f);
          const { lines, logger } = captureLines();
          const qovery = new Qovery({
            apiToken: TOKEN,
            fetch: mock.fetch,
            timeout: 100,
            maxRetries: 1,
            logLevel: 'debug',
            logger,
          });
          // The organization lookup, then the call: each two attempts of at most 100 ms and one
          // backoff of at most 0.5 s, so 1.4 s at worst; the rest is room for a loaded CI machine.
          const outcome = await settleWithin(act(qovery), 2500, lines);
          const kind = outcome instanceof Error ? outcome.name : 'data';
          tally[kind] = (tally[kind] ?? 0) + 1;
        },
      ),
      { numRuns: 40, seed: 20261128 },
    );
  }, 120_000);
});

describe('no invented data', () => {
  type Act = (q: Qovery) => Promise<unknown>;
  const success = fc.constantFrom(200, 201, 202, 203, 204, 206);
  const client = (reply: { status: number; body: string }, validateResponses: boolean) =>
    new Qovery({
      apiToken: TOKEN,
      baseUrl: 'https://api.qovery.test',
      organizationId: ORG,
      maxRetries: 0,
      validateResponses,
      fetch: async () => toResponse({ ...reply, headers: { 'Content-Type': 'application/json' } }),
    });
  const settle = (call: Promise<unknown>) =>
    call.then(
      (data) => ({ data }),
      (error: unknown) => ({ error }),
    );

  const listBody = fc.oneof(
    fc.constantFrom('', '{}', '{"results":null}', '{"results":{}}', '{"items":[]}', '[]', '{"results":[]}'),
    fc.constant(JSON.stringify({ results: [validOrganization] })),
    fc.json(),
  );
  const listCall = fc.constantFrom<[string, Act]>(
    ['listOrganization', (q) => q.organization.list()],
    ['listProject', (q) => q.projects.list()],
    ['listOrganizationApiTokens', (q) => q.apiTokens.list()],
  );

  it('a list resolves only at 200, with the results array the answer carried, validation on or off', async () => {
    await fc.assert(
      fc.asyncProperty(success, listBody, listCall, fc.boolean(), async (status, text, [, act], validate) => {
        const outcome = await settle(act(client({ status, body: text }, validate)));
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(QoveryError);
          return;
        }
        expect(status).toBe(200);
        expect(outcome.data).toEqual((JSON.parse(text) as { results: unknown }).results);
        expect(Array.isArray(outcome.data)).toBe(true);
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  const bodyCall = fc.constantFrom<[number, Act]>(
    [200, (q) => q.projects.get(PROJECT)],
    [200, (q) => q.projects.create({ name: 'web' })],
    [201, (q) => q.apiTokens.create({ name: 'CI' })],
    [200, (q) => q.organization.get()],
  );
  const objectBody = fc.oneof(
    fc.constantFrom('', '{}', 'null'),
    fc.constant(JSON.stringify(validProject)),
    fc.constant(JSON.stringify(validOrganization)),
    fc.json(),
  );

  it('a call returning a body resolves only at its contract status, with that body', async () => {
    await fc.assert(
      fc.asyncProperty(success, objectBody, bodyCall, fc.boolean(), async (status, text, [expected, act], validate) => {
        const outcome = await settle(act(client({ status, body: text }, validate)));
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(QoveryError);
          return;
        }
        expect(status).toBe(expected);
        expect(outcome.data).toEqual(JSON.parse(text));
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
