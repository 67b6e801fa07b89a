import { inspect } from 'node:util';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIUserAbortError,
  AuthenticationError,
  Qovery,
  QoveryError,
  ResponseValidationError,
  ValidationError,
} from '../src/index.js';
import {
  answer,
  BASE,
  FAKE_TOKEN,
  ORG_ID,
  OTHER_ORG_ID,
  onlyRequest,
  organization,
  project,
  received,
  server,
} from './helpers.js';

/** The ValidationError that `new Qovery(...)` throws for these options (fails the test if none). */
function constructionError(options: object): ValidationError {
  try {
    new Qovery({ apiToken: FAKE_TOKEN, ...options } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('new Qovery() accepted the options');
}

function clearEnv() {
  vi.stubEnv('QOVERY_API_TOKEN', '');
  vi.stubEnv('QOVERY_CLI_ACCESS_TOKEN', '');
  vi.stubEnv('QOVERY_API_URL', '');
}

describe('new Qovery()', () => {
  it('takes the token as a plain string', async () => {
    clearEnv();
    server.use(http.get('https://api.qovery.com/organization', () => Response.json({ results: [] })));
    await new Qovery(FAKE_TOKEN).organization.list();
    expect((await onlyRequest()).headers.get('authorization')).toBe(`Token ${FAKE_TOKEN}`);
  });

  it('defaults to https://api.qovery.com', () => {
    clearEnv();
    expect(new Qovery(FAKE_TOKEN).baseUrl).toBe('https://api.qovery.com');
  });

  it('reads QOVERY_API_TOKEN first, then QOVERY_CLI_ACCESS_TOKEN', async () => {
    clearEnv();
    vi.stubEnv('QOVERY_API_URL', BASE);
    vi.stubEnv('QOVERY_CLI_ACCESS_TOKEN', 'qov_FAKE_FROM_CLI_VAR');
    answer('get', '/organization', 200, { results: [] });
    await new Qovery().organization.list();
    vi.stubEnv('QOVERY_API_TOKEN', 'qov_FAKE_FROM_API_VAR');
    await new Qovery().organization.list();
    expect(received.map((r) => r.headers.get('authorization'))).toEqual([
      'Token qov_FAKE_FROM_CLI_VAR',
      'Token qov_FAKE_FROM_API_VAR',
    ]);
  });

  it('reads QOVERY_API_URL for the base URL, and an option overrides it', () => {
    clearEnv();
    vi.stubEnv('QOVERY_API_URL', 'http://localhost:8080/');
    expect(new Qovery(FAKE_TOKEN).baseUrl).toBe('http://localhost:8080');
    expect(new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE }).baseUrl).toBe(BASE);
  });

  it('an option token wins over the environment', async () => {
    clearEnv();
    vi.stubEnv('QOVERY_API_TOKEN', 'qov_FAKE_FROM_API_VAR');
    expect(new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE }).toJSON().apiToken).toBe('[redacted]');
    answer('get', '/organization', 200, { results: [] });
    await new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE }).organization.list();
    expect((await onlyRequest()).headers.get('authorization')).toBe(`Token ${FAKE_TOKEN}`);
  });

  it('without a token anywhere, fails at construction naming the variables it read', () => {
    clearEnv();
    expect(() => new Qovery()).toThrow(ValidationError);
    expect(() => new Qovery()).toThrow(/QOVERY_API_TOKEN or QOVERY_CLI_ACCESS_TOKEN/);
  });

  it.each([
    ['a bad baseUrl', { baseUrl: 'api.qovery.com' }, 'baseUrl'],
    ['a non-http baseUrl', { baseUrl: 'ftp://api.qovery.com' }, 'baseUrl'],
    ['a non-UUID organizationId', { organizationId: 'acme' }, 'organizationId'],
    ['a header value with a newline', { headers: { 'X-Team': 'a\nb' } }, 'headers'],
    ['a fetch that is not a function', { fetch: 'nope' }, 'fetch'],
  ])('rejects %s with a ValidationError naming the field', (_name, options, field) => {
    expect(constructionError(options).field).toBe(field);
  });

  it('sends the extra headers and uses the given fetch', async () => {
    const seen: Request[] = [];
    const qovery = new Qovery({
      apiToken: FAKE_TOKEN,
      baseUrl: BASE,
      headers: { 'X-Team': 'platform' },
      fetch: async (request) => {
        seen.push(request);
        return Response.json({ results: [] });
      },
    });
    await qovery.organization.list();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.get('x-team')).toBe('platform');
    expect(seen[0]?.url).toBe(`${BASE}/organization`);
  });

  it('uses the global fetch of call time, not of construction time', async () => {
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE });
    const original = globalThis.fetch;
    const swapped = vi.fn(async () => Response.json({ results: [] }));
    globalThis.fetch = swapped;
    try {
      await qovery.organization.list();
    } finally {
      globalThis.fetch = original;
    }
    expect(swapped).toHaveBeenCalledOnce();
  });

  it('creates namespaces lazily and keeps them', () => {
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE });
    expect(qovery.projects).toBe(qovery.projects);
    expect(qovery.apiTokens).toBe(qovery.apiTokens);
    expect(qovery.organization).toBe(qovery.organization);
  });
});

describe('organization resolution', () => {
  const newClient = () => new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE });

  it('with one organization visible, calls need no id, and the lookup happens once', async () => {
    answer('get', '/organization', 200, { results: [organization()] });
    answer('get', `/organization/${ORG_ID}/project`, 200, { results: [project()] });
    answer('get', `/organization/${ORG_ID}`, 200, organization());
    const qovery = newClient();
    expect((await qovery.organization.get()).id).toBe(ORG_ID);
    expect(await qovery.projects.list()).toHaveLength(1);
    expect(received.map((r) => new URL(r.url).pathname)).toEqual([
      '/organization',
      `/organization/${ORG_ID}`,
      `/organization/${ORG_ID}/project`,
    ]);
  });

  it('concurrent callers share one lookup', async () => {
    answer('get', '/organization', 200, { results: [organization()] });
    answer('get', `/organization/${ORG_ID}/project`, 200, { results: [] });
    answer('get', `/organization/${ORG_ID}/apiToken`, 200, { results: [] });
    const qovery = newClient();
    await Promise.all([qovery.projects.list(), qovery.projects.list(), qovery.apiTokens.list()]);
    expect(received.filter((r) => new URL(r.url).pathname === '/organization')).toHaveLength(1);
  });

  it('with several organizations, the error lists their names and ids', async () => {
    answer('get', '/organization', 200, {
      results: [organization(ORG_ID, 'Acme'), organization(OTHER_ORG_ID, 'Globex')],
    });
    const error = (await newClient()
      .projects.list()
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('organizationId');
    expect(error.message).toContain(`Acme (${ORG_ID})`);
    expect(error.message).toContain(`Globex (${OTHER_ORG_ID})`);
    expect(received).toHaveLength(1);
  });

  it('with no organization, the error says so', async () => {
    answer('get', '/organization', 200, { results: [] });
    await expect(newClient().projects.list()).rejects.toThrow(/sees no organization/);
  });

  it('a failed lookup is not cached: the next call tries again', async () => {
    answer('get', '/organization', 401, { status: 401, error: 'Unauthorized', message: 'Invalid token' });
    const qovery = newClient();
    await expect(qovery.projects.list()).rejects.toBeInstanceOf(AuthenticationError);
    server.resetHandlers();
    answer('get', '/organization', 200, { results: [organization()] });
    answer('get', `/organization/${ORG_ID}/project`, 200, { results: [] });
    await expect(qovery.projects.list()).resolves.toEqual([]);
  });

  it('an explicit organizationId skips the lookup', async () => {
    answer('get', `/organization/${OTHER_ORG_ID}/project`, 200, { results: [] });
    await newClient().projects.list({ organizationId: OTHER_ORG_ID });
    expect((await onlyRequest()).path).toBe(`/organization/${OTHER_ORG_ID}/project`);
  });

  it('the client organizationId skips the lookup', async () => {
    answer('get', `/organization/${ORG_ID}/project`, 200, { results: [] });
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE, organizationId: ORG_ID });
    expect(qovery.organizationId).toBe(ORG_ID);
    await qovery.projects.list();
    expect((await onlyRequest()).path).toBe(`/organization/${ORG_ID}/project`);
  });
});

describe('what the client shows of itself', () => {
  it('util.inspect and JSON.stringify show the settings and never the token', () => {
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE, organizationId: ORG_ID });
    for (const shown of [inspect(qovery, { depth: 10, showHidden: true }), JSON.stringify(qovery), String(qovery)]) {
      expect(shown).not.toContain(FAKE_TOKEN);
      expect(shown).not.toContain('FAKE_TEST_TOKEN');
    }
    expect(JSON.parse(JSON.stringify(qovery))).toEqual({
      baseUrl: BASE,
      authScheme: 'Token',
      organizationId: ORG_ID,
      apiToken: '[redacted]',
    });
  });

  it('a network failure message names the route, not the token', async () => {
    const qovery = new Qovery({
      apiToken: FAKE_TOKEN,
      baseUrl: BASE,
      organizationId: ORG_ID,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const error = (await qovery.projects.list().catch((e: unknown) => e)) as APIConnectionError;
    expect(error.message).toBe(`Connection error: fetch failed (GET /organization/${ORG_ID}/project)`);
  });
});

describe('review fixes: bad options and odd fetches', () => {
  it.each([
    ['baseURL (the spelling of other SDKs)', { baseURL: 'http://localhost:9999' }, 'baseURL'],
    ['token instead of apiToken', { token: FAKE_TOKEN }, 'token'],
    ['validateResponses as a string', { validateResponses: 'false' }, 'validateResponses'],
    ['a baseUrl with credentials', { baseUrl: 'https://user:pw@api.qovery.test' }, 'baseUrl'],
    ['a baseUrl with a query', { baseUrl: 'https://api.qovery.test/?region=eu' }, 'baseUrl'],
    ['an unknown authScheme', { authScheme: 'basic' }, 'authScheme'],
  ])('rejects %s', (_name, options, field) => {
    const error = constructionError(options);
    expect(error.field).toBe(field);
    expect(error.message).not.toContain('pw@');
  });

  it('accepts the scheme spelt as client.authScheme reports it', () => {
    const first = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE, authScheme: 'bearer' });
    expect(new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE, authScheme: first.authScheme }).authScheme).toBe('Bearer');
  });

  it('says which variable a bad value came from', () => {
    clearEnv();
    vi.stubEnv('QOVERY_CLI_ACCESS_TOKEN', 'Token ');
    expect(() => new Qovery()).toThrow('apiToken (from QOVERY_CLI_ACCESS_TOKEN) is empty');
    vi.stubEnv('QOVERY_CLI_ACCESS_TOKEN', FAKE_TOKEN);
    vi.stubEnv('QOVERY_API_URL', 'localhost:8080');
    expect(() => new Qovery()).toThrow('baseUrl (from QOVERY_API_URL) must be an http(s) URL');
  });

  it('a custom fetch answering something that is not a Response is a QoveryError', async () => {
    const qovery = new Qovery({
      apiToken: FAKE_TOKEN,
      baseUrl: BASE,
      fetch: async () => ({ ok: true }) as unknown as Response,
    });
    const error = await qovery.organization.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QoveryError);
    expect((error as Error).message).toBe(
      'The fetch in use answered GET /organization with something that is not a Response',
    );
  });

  it('a connection lost while the body streams in is an APIConnectionError', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"results": ['));
        controller.error(new TypeError('terminated'));
      },
    });
    const qovery = new Qovery({
      apiToken: FAKE_TOKEN,
      baseUrl: BASE,
      fetch: async () => new Response(body, { status: 200 }),
      maxRetries: 0,
    });
    const error = (await qovery.organization.list().catch((e: unknown) => e)) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe('Connection error: terminated (listOrganization)');
  });

  it('an abort while the body streams in is an APIUserAbortError', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"results": ['));
        controller.abort();
        stream.error(new DOMException('This operation was aborted', 'AbortError'));
      },
    });
    const qovery = new Qovery({
      apiToken: FAKE_TOKEN,
      baseUrl: BASE,
      fetch: async () => new Response(body, { status: 200 }),
    });
    await expect(qovery.organization.list({ signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it.each([
    ['204', () => new Response(null, { status: 204 })],
    ['null', () => Response.json(null)],
    ['a string', () => Response.json('hello')],
  ])(
    'with validation off, a list answered with %s is a ResponseValidationError, not a TypeError',
    async (_name, reply) => {
      const qovery = new Qovery({
        apiToken: FAKE_TOKEN,
        baseUrl: BASE,
        validateResponses: false,
        fetch: async () => reply(),
      });
      await expect(qovery.organization.list()).rejects.toBeInstanceOf(ResponseValidationError);
    },
  );
});

describe('review fixes: organization lookup', () => {
  it('client.organizationId shows the organization once looked up', async () => {
    answer('get', '/organization', 200, { results: [organization()] });
    answer('get', `/organization/${ORG_ID}/project`, 200, { results: [] });
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE });
    expect(qovery.organizationId).toBeUndefined();
    await qovery.projects.list();
    expect(qovery.organizationId).toBe(ORG_ID);
    expect(qovery.toJSON().organizationId).toBe(ORG_ID);
  });

  it('a call made just after another cancelled the shared lookup starts its own, not the cancelled one', async () => {
    answer('get', '/organization', 200, { results: [organization()] });
    answer('get', `/organization/${ORG_ID}/project`, 200, { results: [] });
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE });
    const controller = new AbortController();
    const first = qovery.projects.list({}, { signal: controller.signal });
    controller.abort();
    // Retried at once, as a caller giving up on the first try might; it has no signal of its own.
    const again = first.then(
      () => 'first went through',
      () => qovery.projects.list(),
    );
    await expect(first).rejects.toBeInstanceOf(APIUserAbortError);
    await expect(again).resolves.toEqual([]);
  });

  it('an already aborted call sends nothing, not even the lookup', async () => {
    const controller = new AbortController();
    controller.abort();
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE });
    await expect(qovery.projects.list({}, { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(received).toHaveLength(0);
  });
});

describe('bad input sends nothing, not even the organization lookup', () => {
  it.each([
    ['a bad token id', (q: Qovery) => q.apiTokens.delete('token-1')],
    ['role and roleId together', (q: Qovery) => q.apiTokens.create({ name: 'CI', role: 'Admin', roleId: ORG_ID })],
    ['a blank project name', (q: Qovery) => q.projects.create({ name: ' ' })],
    ['an unknown option', (q: Qovery) => q.projects.list({ organisation: 'x' } as never)],
    [
      'a signal without listener methods',
      (q: Qovery) => q.projects.list({}, { signal: { aborted: false } as unknown as AbortSignal }),
    ],
  ])('%s', async (_name, call) => {
    const error = await call(new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(received).toHaveLength(0);
  });
});
