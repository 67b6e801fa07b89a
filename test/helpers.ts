import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { type ClientOptions, Qovery } from '../src/index.js';

export const BASE = 'https://api.qovery.test';
/** Obviously fake, and recognisable so a leak test can search for it. */
export const FAKE_TOKEN = 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890';
/** A syntactically valid JWT with a fake signature. */
export const FAKE_JWT = `${btoa(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).replace(/=+$/, '')}.${btoa(
  JSON.stringify({ sub: 'auth0|fake-user' }),
).replace(/=+$/, '')}.ZmFrZS1zaWduYXR1cmU`;

export const ORG_ID = '11111111-1111-4111-8111-111111111111';
export const OTHER_ORG_ID = '22222222-2222-4222-8222-222222222222';
export const PROJECT_ID = '33333333-3333-4333-8333-333333333333';
export const TOKEN_ID = '44444444-4444-4444-8444-444444444444';
export const ROLE_ADMIN_ID = '55555555-5555-4555-8555-555555555555';
export const ROLE_VIEWER_ID = '66666666-6666-4666-8666-666666666666';

export const organization = (id = ORG_ID, name = 'Acme') => ({
  id,
  created_at: '2026-01-01T00:00:00Z',
  name,
  plan: 'TEAM',
  description: null,
  owner: '77777777-7777-4777-8777-777777777777',
});

export const project = (overrides: Record<string, unknown> = {}) => ({
  id: PROJECT_ID,
  created_at: '2026-01-02T00:00:00Z',
  name: 'web',
  description: 'The website',
  associated_environments_count: 2,
  organization: { id: ORG_ID },
  ...overrides,
});

export const apiToken = (overrides: Record<string, unknown> = {}) => ({
  id: TOKEN_ID,
  created_at: '2026-01-03T00:00:00Z',
  name: 'CI',
  description: 'pipeline',
  role_name: 'Admin',
  role_id: ROLE_ADMIN_ID,
  ...overrides,
});

export const roles = [
  { id: ROLE_ADMIN_ID, name: 'Admin' },
  { id: ROLE_VIEWER_ID, name: 'Viewer' },
];

export const rateLimitHeaders = {
  'X-RateLimit-Limit': '1000',
  'X-RateLimit-Remaining': '998',
  'X-RateLimit-Reset': '1893456000',
};

export const server = setupServer();

/** Every request the fake API received in the current test. */
export const received: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  received.length = 0;
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

server.events.on('request:start', ({ request }) => {
  received.push(request.clone());
});

type Method = 'get' | 'post' | 'put' | 'delete';

/** Answers one route with JSON (or no body for `undefined`) and the usual rate-limit headers. */
export function answer(
  method: Method,
  path: string,
  status: number,
  body?: JsonBodyType,
  headers: Record<string, string> = rateLimitHeaders,
) {
  server.use(
    http[method](`${BASE}${path}`, () =>
      body === undefined ? new HttpResponse(null, { status, headers }) : HttpResponse.json(body, { status, headers }),
    ),
  );
}

/** Answers one route with a raw body, for bodies that are not JSON. */
export function answerRaw(method: Method, path: string, status: number, body: string, headers: Record<string, string>) {
  server.use(http[method](`${BASE}${path}`, () => new HttpResponse(body, { status, headers })));
}

/** A client on the fake API. No retries unless a test asks: most tests are about one answer. */
export function client(options: ClientOptions = {}) {
  return new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE, organizationId: ORG_ID, maxRetries: 0, ...options });
}

interface SentRequest {
  method: string;
  path: string;
  search: string;
  headers: Headers;
  body: unknown;
}

async function describeRequest(request: Request): Promise<SentRequest> {
  const text = await request.text();
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
    search: url.search,
    headers: request.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** The single request received, with its JSON body (or undefined). */
export async function onlyRequest(): Promise<SentRequest> {
  const [request, ...more] = received;
  if (!request || more.length > 0) throw new Error(`expected exactly one request, got ${received.length}`);
  return describeRequest(request);
}

/**
 * Asserts a request on the wire: method, path, the client's credential, and a JSON body iff one is
 * expected. The single request, or with `which: 'last'` the last of several.
 */
export async function expectSent(
  method: string,
  path: string,
  body?: unknown,
  which: 'only' | 'last' = 'only',
): Promise<void> {
  const last = received.at(-1);
  if (which === 'last' && !last) throw new Error('expected a request, got none');
  const request = which === 'only' ? await onlyRequest() : await describeRequest(last as Request);
  expect(request.method).toBe(method);
  expect(request.path).toBe(path);
  expect(request.headers.get('authorization')).toBe(`Token ${FAKE_TOKEN}`);
  expect(request.headers.get('content-type')).toBe(body === undefined ? null : 'application/json');
  expect(request.body).toEqual(body);
}
