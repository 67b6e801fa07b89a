// client.request(): any operation of the contract by method and path, typed, through the same pipeline.
import { beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, ConflictError, NotFoundError, Qovery, ValidationError } from '../src/index.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock } from '../src/testing/index.js';

let mock: QoveryMock;
let sent: Request[];
const client = (options: { apiToken?: string; maxRetries?: number } = {}) =>
  new Qovery({
    apiToken: options.apiToken ?? mock.adminToken,
    maxRetries: options.maxRetries ?? 0,
    maxRetryDelay: 0,
    fetch: (request) => {
      sent.push(request.clone());
      return mock.fetch(request);
    },
  });

beforeEach(() => {
  mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: { limit: 100 } });
  sent = [];
});

describe('client.request', () => {
  it('calls an operation by method and path, with the auth header, and returns its typed data', async () => {
    const projectId = mock.state.projects[0]?.id as string;
    const { data, rateLimit } = await client()
      .request('get', '/project/{projectId}', { params: { path: { projectId } } })
      .withResponse();
    const name: string = data.name;
    expect(name).toBe('Backend');
    expect(rateLimit?.limit).toBe(100);
    expect(sent[0]?.headers.get('authorization')).toBe(`Token ${mock.adminToken}`);
    expect(new URL(sent[0]?.url ?? '').pathname).toBe(`/project/${projectId}`);
  });

  it('takes no init for an operation without parameters, and sends query and body', async () => {
    const qovery = client();
    expect((await qovery.request('get', '/organization')).results?.[0]?.name).toBe('Acme');
    const application = mock.state.applications[0];
    const status = await qovery.request('post', '/application/{applicationId}/deploy', {
      params: { path: { applicationId: application?.id as string } },
      body: { git_commit_id: 'abc123' },
    });
    expect(status.state).toBe('QUEUED');
    expect(await sent.at(-1)?.json()).toEqual({ git_commit_id: 'abc123' });
    const tokens = await qovery.request('get', '/organization/{organizationId}/apiToken', {
      params: { path: { organizationId: mock.organizationId }, query: { name: 'viewer' } },
    });
    expect(tokens.results?.map((t) => t.name)).toEqual(['mock viewer']);
    expect(new URL(sent.at(-1)?.url ?? '').search).toBe('?name=viewer');
  });

  it('turns failures into the same typed errors as the namespaces', async () => {
    const missing = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff';
    await expect(
      client().request('get', '/project/{projectId}', { params: { path: { projectId: missing } } }),
    ).rejects.toThrow(NotFoundError);
    await expect(client({ apiToken: 'qov_FAKE_WRONG' }).request('get', '/organization')).rejects.toThrow(
      AuthenticationError,
    );
    const applicationId = mock.state.applications[0]?.id as string;
    const deploy = () =>
      client().request('post', '/application/{applicationId}/deploy', {
        params: { path: { applicationId } },
        body: { git_commit_id: 'abc' },
      });
    await deploy();
    await expect(deploy()).rejects.toThrow(ConflictError);
  });

  it('retries GETs but never a POST', async () => {
    mock.faults.inject({ kind: 'status', status: 503, times: 1 });
    expect((await client({ maxRetries: 2 }).request('get', '/organization')).results).toHaveLength(1);
    expect(sent).toHaveLength(2);
    sent = [];
    mock.faults.inject({ kind: 'status', status: 503, times: 1 });
    const applicationId = mock.state.applications[0]?.id as string;
    await expect(
      client({ maxRetries: 2 }).request('post', '/application/{applicationId}/restart-service', {
        params: { path: { applicationId } },
      }),
    ).rejects.toThrow('503');
    expect(sent).toHaveLength(1);
  });

  it('refuses a missing path parameter or a bad method before sending anything', async () => {
    const qovery = client();
    // @ts-expect-error projectId is required
    await expect(qovery.request('get', '/project/{projectId}', { params: { path: {} } })).rejects.toThrow(
      'params.path.projectId is required by the path',
    );
    // @ts-expect-error init is required when the path has parameters
    await expect(qovery.request('get', '/project/{projectId}')).rejects.toThrow(ValidationError);
    // @ts-expect-error not a method
    await expect(qovery.request('fetch', '/organization')).rejects.toThrow(ValidationError);
    expect(sent).toEqual([]);
  });

  it('gives a file download as a Blob, byte for byte, and JSON as data', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00]);
    const qovery = new Qovery({
      apiToken: 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890',
      fetch: async () => new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
    });
    const environmentId = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff';
    const exported = (await qovery.request('get', '/environment/{environmentId}/terraformExport', {
      params: { path: { environmentId }, query: {} },
    })) as unknown;
    expect(exported).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (exported as Blob).arrayBuffer())).toEqual(bytes);
  });

  it("parses JSON from a custom fetch's own Response and Blob classes, as from the global ones", async () => {
    // What node-fetch or undici's own Response look like: not instances of the global classes.
    const foreignResponse = (body: string) => {
      const real = new Response(body, { headers: { 'content-type': 'application/json' } });
      return {
        status: real.status,
        ok: real.ok,
        statusText: real.statusText,
        headers: real.headers,
        url: real.url,
        text: () => real.text(),
        blob: async () => {
          const text = await real.text();
          return {
            size: text.length,
            type: 'application/json',
            text: async () => text,
            arrayBuffer: async () => new TextEncoder().encode(text).buffer,
          };
        },
        clone: () => foreignResponse(body),
      } as unknown as Response;
    };
    const qovery = new Qovery({
      apiToken: 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890',
      fetch: async () => foreignResponse(JSON.stringify({ id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff', name: 'web' })),
    });
    const project = await qovery.request('get', '/project/{projectId}', {
      params: { path: { projectId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff' } },
    });
    expect(project).toEqual({ id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff', name: 'web' });
  });

  it('gives a text/plain answer as its text, even when the text would parse as JSON', async () => {
    const answers = ['replicaCount: 2\nimage:\n  tag: latest\n', '{"looks": "like JSON"}'];
    const qovery = new Qovery({
      apiToken: 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890',
      fetch: async () =>
        new Response(answers.shift(), { status: 201, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
    });
    const call = () =>
      qovery.request('post', '/environment/{environmentId}/helmDefaultValues', {
        params: { path: { environmentId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff' } },
        body: { source: { helm_repository: { repository: null, chart_name: 'nginx', chart_version: '1.0.0' } } },
      });
    const values: string = await call();
    expect(values).toBe('replicaCount: 2\nimage:\n  tag: latest\n');
    expect(await call()).toBe('{"looks": "like JSON"}');
  });

  it('is typed from the contract: wrong paths and body fields do not compile', () => {
    const qovery = client();
    const typeOnly = () => {
      // @ts-expect-error no such path
      void qovery.request('get', '/projects');
      // @ts-expect-error no POST on this path
      void qovery.request('post', '/organization/{organizationId}', { params: { path: { organizationId: 'x' } } });
      void qovery.request('post', '/application/{applicationId}/deploy', {
        params: { path: { applicationId: 'x' } },
        // @ts-expect-error the body field is git_commit_id
        body: { commit: 'abc' },
      });
    };
    expect(typeof typeOnly).toBe('function');
  });
});

describe('client.request refuses what would go wrong before sending it', () => {
  const projectId = () => mock.state.projects[0]?.id as string;

  it('refuses path values that would reach another endpoint ("", ".", "..")', async () => {
    const qovery = client();
    for (const secretId of ['', '.', '..', ' .. ']) {
      await expect(
        qovery.request('delete', '/project/{projectId}/secret/{secretId}', {
          params: { path: { projectId: projectId(), secretId } },
        }),
      ).rejects.toThrow('params.path.secretId is required by the path, and must not be empty, "." or ".."');
    }
    expect(sent).toEqual([]);
    expect(mock.state.projects).toHaveLength(1);
  });

  it('refuses malformed params, bodies and headers with a ValidationError, not a connection error', async () => {
    const qovery = client({ maxRetries: 2 });
    const cases: [unknown, string][] = [
      [{ params: null }, 'params: expected object, received null'],
      [{ params: { query: 'abc' } }, 'params.query: expected object, received string'],
      [{ params: { query: { name: [['a']] } } }, 'params.query.name: must be scalars or an array of them'],
      [{ params: { query: { name: new Date() } } }, 'params.query.name: must be scalars or an array of them'],
      [{ headers: new Headers({ a: 'b' }) }, 'headers: must be a plain object'],
      [{ params: { header: { 'x-a': 'b\nc' } } }, 'params.header must map header names to values that HTTP allows'],
      [{ body: { a: 1 } }, 'body cannot be sent with GET'],
      [{ baseUrl: 'https://elsewhere.example' }, 'baseUrl: is not a known field'],
      [{ fetch: () => undefined }, 'fetch: is not a known field'],
    ];
    for (const [init, message] of cases) {
      const error = await (qovery.request as (m: string, p: string, i: unknown) => Promise<unknown>)(
        'get',
        '/organization',
        init,
      ).catch((e: unknown) => e);
      expect(error, JSON.stringify(init)).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(message);
    }
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expect(
      (qovery.request as (m: string, p: string, i: unknown) => Promise<unknown>)('post', '/organization', {
        body: cycle,
      }),
    ).rejects.toThrow('body: must be JSON (no BigInt, no cycles)');
    expect(sent).toEqual([]);
  });

  it('keeps the token out of a connection error, even when a path value holds it', async () => {
    const token = mock.adminToken;
    const qovery = new Qovery({
      apiToken: token,
      maxRetries: 0,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const error = await qovery
      .request('get', '/organization/{organizationId}', { params: { path: { organizationId: token } } })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('APIConnectionError');
    expect((error as Error).message).not.toContain(token);
  });
});
