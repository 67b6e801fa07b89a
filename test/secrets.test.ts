import { inspect } from 'node:util';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { Qovery, QoveryError } from '../src/index.js';
import { contractCheck } from '../src/public-schemas.js';
import {
  answer,
  answerRaw,
  BASE,
  client,
  FAKE_TOKEN,
  ORG_ID,
  PROJECT_ID,
  project,
  server,
  TOKEN_ID,
} from './helpers.js';

const NEW_SECRET = 'qov_FAKE_NEW_SECRET_abcdefghijklmnop';
const SECRETS = [FAKE_TOKEN, 'FAKE_TEST_TOKEN', NEW_SECRET, 'FAKE_NEW_SECRET'];

/** The headers an error carries, as text, since `inspect` does not show a Headers' entries everywhere. */
const headerText = (error: unknown) => {
  const headers = (error as { headers?: Headers }).headers;
  return headers ? JSON.stringify(Object.fromEntries(headers.entries())) : '';
};
const echo = { message: `invalid token ${FAKE_TOKEN}`, detail: `Authorization: Token ${FAKE_TOKEN}` };

/** Everything a user might print or ship to a log aggregator. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    e.message,
    String(e),
    e.stack ?? '',
    inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(e),
    JSON.stringify(Object.fromEntries(Object.entries(e))),
    headerText(e),
    e.cause instanceof Error ? `${e.cause.message}\n${e.cause.stack}` : String(e.cause),
  ];
}

const paths: [string, () => void, () => Promise<unknown>][] = [
  [
    '401 echoing the token',
    () => answer('get', `/project/${PROJECT_ID}`, 401, echo),
    () => client().projects.get(PROJECT_ID),
  ],
  ['403', () => answer('get', `/project/${PROJECT_ID}`, 403, echo), () => client().projects.get(PROJECT_ID)],
  ['404', () => answer('delete', `/project/${PROJECT_ID}`, 404, echo), () => client().projects.delete(PROJECT_ID)],
  [
    '409',
    () => answer('post', `/organization/${ORG_ID}/project`, 409, echo),
    () => client().projects.create({ name: 'x' }),
  ],
  ['429', () => answer('get', '/organization', 429, echo, { 'Retry-After': '5' }), () => client().organization.list()],
  [
    '500 HTML page echoing the token',
    () => answerRaw('get', '/organization', 500, `<pre>Token ${FAKE_TOKEN}</pre>`, { 'content-type': 'text/html' }),
    () => client().organization.list(),
  ],
  [
    'network failure',
    () => server.use(http.get(`${BASE}/organization`, () => Response.error())),
    () => client().organization.list(),
  ],
  [
    'non-JSON 2xx echoing the token',
    () => answerRaw('get', `/project/${PROJECT_ID}`, 200, `oops ${FAKE_TOKEN}`, {}),
    () => client().projects.get(PROJECT_ID),
  ],
  [
    'contract-breaking 2xx echoing the token (strict)',
    () => answer('get', `/project/${PROJECT_ID}`, 200, { ...project(), name: 42, note: FAKE_TOKEN }),
    () => client({ contractCheck, validateResponses: 'strict' }).projects.get(PROJECT_ID),
  ],
  [
    'a 2xx the SDK cannot use, echoing the token',
    () => answer('get', `/project/${PROJECT_ID}`, 200, { ...project(), id: 42, note: FAKE_TOKEN }),
    () => client().projects.get(PROJECT_ID),
  ],
  [
    'a token create without an id, carrying the new secret',
    () => answer('post', `/organization/${ORG_ID}/apiToken`, 201, { token: NEW_SECRET }),
    () => client().apiTokens.create({ name: 'CI' }),
  ],
  [
    'bad input',
    () => {},
    () => client().projects.create({ name: '', description: FAKE_TOKEN as never, x: 1 } as never),
  ],
  [
    'abort',
    () => {},
    () => {
      const controller = new AbortController();
      controller.abort();
      return client().organization.list({ signal: controller.signal });
    },
  ],
  [
    'bad client options',
    () => {},
    async () => new Qovery({ apiToken: FAKE_TOKEN, baseUrl: `https://user:${FAKE_TOKEN}@api.qovery.test` }),
  ],
  [
    'a response header echoing the token',
    () =>
      answer('get', '/organization', 401, undefined, {
        'WWW-Authenticate': `Token realm="qovery", token="${FAKE_TOKEN}"`,
      }),
    () => client().organization.list(),
  ],
  [
    'a status text echoing the token',
    () =>
      server.use(
        http.get(`${BASE}/organization`, () => new Response(null, { status: 418, statusText: `no ${FAKE_TOKEN}` })),
      ),
    () => client().organization.list(),
  ],
  [
    'a connection error whose message quotes the token',
    () => {},
    () =>
      client({
        fetch: () => Promise.reject(new TypeError(`socket hang up while sending Token ${FAKE_TOKEN}`)),
      }).organization.list(),
  ],
  [
    'a cut-off token create body carrying the new secret',
    () =>
      answerRaw(
        'post',
        `/organization/${ORG_ID}/apiToken`,
        201,
        `{"id":"${TOKEN_ID}","token":"${NEW_SECRET.slice(0, 30)}`,
        {},
      ),
    () => client().apiTokens.create({ name: 'CI' }),
  ],
  ['a token with a newline inside', () => {}, async () => new Qovery(`${FAKE_TOKEN}\n${FAKE_TOKEN}`)],
  [
    "a custom fetch's error carrying the request it was given (as ky's errors do)",
    () => {},
    () =>
      client({
        fetch: (request: Request) =>
          Promise.reject(Object.assign(new Error(`Request timed out: ${request.method} ${request.url}`), { request })),
      }).organization.list(),
  ],
  [
    'a 401 repeating the token in one message',
    () => answer('get', '/organization', 401, { message: `token ${FAKE_TOKEN} is not valid (got ${FAKE_TOKEN})` }),
    () => client().organization.list(),
  ],
  [
    'a body echoing the token as a key',
    () => answer('get', '/organization', 401, { message: 'Unauthorized', invalid: { [FAKE_TOKEN]: 'unknown' } }),
    () => client().organization.list(),
  ],
];

describe('the token never leaks into an error', () => {
  it.each(paths)('%s', async (_name, arrange, act) => {
    arrange();
    const error = await act().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QoveryError);
    for (const text of renderings(error)) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it('nor into what onResponseIssue and the debug log are told of an odd answer', async () => {
    answer('get', `/project/${PROJECT_ID}`, 200, { ...project(), name: 42, note: FAKE_TOKEN });
    const told: string[] = [];
    const logger = { error() {}, warn() {}, info() {}, debug: (line: string) => told.push(line) };
    const qovery = client({
      contractCheck,
      logLevel: 'debug',
      logger,
      onResponseIssue: (report) => told.push(inspect(report)),
    });
    expect(await qovery.projects.get(PROJECT_ID)).toMatchObject({ name: 42 });
    expect(told.some((line) => line.includes('[redacted]'))).toBe(true);
    for (const line of told) expect(line).not.toContain(FAKE_TOKEN);
  });

  it('the server echo is kept, with the token replaced', async () => {
    answer('get', `/project/${PROJECT_ID}`, 401, echo);
    const error = (await client()
      .projects.get(PROJECT_ID)
      .catch((e: unknown) => e)) as Error & { body: unknown };
    expect(error.message).toBe('401 invalid token [redacted]');
    expect(error.body).toEqual({ message: 'invalid token [redacted]', detail: 'Authorization: Token [redacted]' });
  });
});
