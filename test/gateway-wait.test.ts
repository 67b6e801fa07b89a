// deployments.wait() over Qovery's websocket gateway, against the embedded API's gateway on real
// sockets: what it costs in requests, what it reports, and each way it falls back to polling.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSocket } from '../src/gateway/socket.js';
import { DeploymentFailedError, type DeploymentProgress, Qovery } from '../src/index.js';
import { DEPLOY_SCENE, type QoveryMockServer, startQoveryMockServer } from '../src/testing/index.js';

let server: QoveryMockServer;
let sent: string[];

beforeAll(async () => {
  server = await startQoveryMockServer({
    ...DEPLOY_SCENE,
    rateLimit: false,
    gatewayPollMs: 20,
    lifecycle: { queuedMs: 150, buildingMs: 400, deployingMs: 300 },
  });
});
beforeEach(() => {
  server.mock.reset();
  sent = [];
});
afterEach(async () => {
  // No wait leaves a socket open behind it.
  for (let i = 0; i < 50 && server.gateway.openSockets > 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(server.gateway.openSockets).toBe(0);
});
afterAll(() => server.close());

function client(options: { websocketUrl?: string; websocket?: boolean } = {}) {
  return new Qovery({
    apiToken: server.mock.adminToken,
    baseUrl: server.url,
    websocketUrl: server.wsUrl,
    ...options,
    maxRetries: 0,
    fetch: (request: Request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return fetch(request);
    },
  });
}

const production = () => server.mock.state.environments.find((e) => e.name === 'production')?.id as string;
const web = () =>
  server.mock.state.applications.find((a) => a.name === 'web' && a.environment.id === production())?.id as string;

describe('deployments.wait() over the gateway', () => {
  it('follows an environment with no polling: one read of the environment, one status read at the end', async () => {
    const qovery = client();
    const queued = await qovery.environments.deploy(production());
    sent = [];
    const seen: DeploymentProgress[] = [];
    const final = await qovery.deployments.wait(
      { environmentId: production(), deploymentRequestId: queued.deployment_request_id },
      { onProgress: (p) => seen.push(p) },
    );
    expect(final).toMatchObject({ state: 'DEPLOYED', status: 'RUNNING', via: 'websocket' });
    expect(sent).toEqual([`GET /environment/${production()}`, `GET /environment/${production()}/statusesWithStages`]);
    expect(seen.every((p) => p.via === 'websocket')).toBe(true);
    // Each state it went through, pushed as it came: more than a 2-second poll would have seen.
    expect(seen.map((p) => p.state)).toEqual(expect.arrayContaining(['BUILDING', 'DEPLOYING', 'DEPLOYED']));
    expect(seen.at(-1)?.stages?.some((s) => s.status === 'DONE')).toBe(true);
  });

  it('follows a service: given its environment, the same two reads; without it, one more', async () => {
    const qovery = client();
    for (const hint of [true, false]) {
      const queued = await qovery.applications.deploy(web(), { gitCommitId: 'f'.repeat(40) });
      sent = [];
      const final = await qovery.deployments.wait({
        applicationId: web(),
        ...(hint && { environmentId: production() }),
        deploymentRequestId: queued.deployment_request_id,
      });
      expect(final).toMatchObject({ state: 'DEPLOYED', via: 'websocket' });
      expect(sent).toEqual([
        ...(hint ? [] : [`GET /application/${web()}`]),
        `GET /environment/${production()}`,
        `GET /application/${web()}/status`,
      ]);
    }
  });

  it('a failure is the same DeploymentFailedError, with its reason: one logs read more', async () => {
    const qovery = client();
    server.mock.failNext({
      applicationId: web(),
      state: 'BUILD_ERROR',
      reason: { message: 'no Dockerfile', hint: 'add one' },
    });
    const queued = await qovery.applications.deploy(web(), { gitCommitId: 'e'.repeat(40) });
    sent = [];
    const error = await qovery.deployments
      .wait({ applicationId: web(), environmentId: production(), deploymentRequestId: queued.deployment_request_id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect((error as DeploymentFailedError).reason).toMatchObject({ message: 'no Dockerfile', hint: 'add one' });
    expect((error as DeploymentFailedError).finalStatus.via).toBe('websocket');
    expect(sent).toHaveLength(3);
    expect(sent[2]).toBe(`GET /environment/${production()}/logs`);
  });

  it('a settled frame the status read does not confirm yet is checked again within seconds, not waited on', async () => {
    let lagging = true;
    const qovery = new Qovery({
      apiToken: server.mock.adminToken,
      baseUrl: server.url,
      websocketUrl: server.wsUrl,
      maxRetries: 0,
      fetch: async (request: Request) => {
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        const response = await fetch(request);
        if (!lagging || !request.url.endsWith('/statusesWithStages')) return response;
        // The API's database a moment behind its gateway: the first read still says DEPLOYING.
        lagging = false;
        const body = await response.json();
        Object.assign(body.environment, { state: 'DEPLOYING', last_deployment_state: 'DEPLOYING' });
        return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
      },
    });
    const queued = await qovery.environments.deploy(production());
    sent = [];
    const started = Date.now();
    const final = await qovery.deployments.wait(
      { environmentId: production(), deploymentRequestId: queued.deployment_request_id },
      { interval: 300 },
    );
    expect(final).toMatchObject({ state: 'DEPLOYED' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sent.filter((line) => line.endsWith('/statusesWithStages'))).toHaveLength(2);
  });

  it('reopens a dropped stream and still sees the end over it', async () => {
    const qovery = client();
    server.gateway.failNext({ kind: 'drop', path: '/deployment/status', afterFrames: 1 });
    const queued = await qovery.environments.deploy(production());
    sent = [];
    const final = await qovery.deployments.wait({
      environmentId: production(),
      deploymentRequestId: queued.deployment_request_id,
    });
    expect(final).toMatchObject({ state: 'DEPLOYED', via: 'websocket' });
    expect(sent).toHaveLength(2);
  });
});

describe('falling back to polling', () => {
  it.each([
    ['refuses the connection', { kind: 'refuse', status: 401 }],
    ['sends garbage', { kind: 'garbage' }],
    ['closes mid-frame', { kind: 'close-mid-frame', afterFrames: 0 }],
  ] as const)(
    'when the gateway %s: same result, progress says polling',
    async (_, fault) => {
      const qovery = client();
      // Every reopening fails too, so the wait must poll.
      for (let i = 0; i < 6; i++) server.gateway.failNext({ ...fault, path: '/deployment/status' });
      const queued = await qovery.environments.deploy(production());
      const seen: DeploymentProgress[] = [];
      const final = await qovery.deployments.wait(
        { environmentId: production(), deploymentRequestId: queued.deployment_request_id },
        { interval: 100, onProgress: (p) => seen.push(p) },
      );
      expect(final).toMatchObject({ state: 'DEPLOYED', via: 'polling' });
      expect(seen.at(-1)?.via).toBe('polling');
    },
    20_000,
  );

  it('skips a frame of an unknown shape and goes on over the gateway', async () => {
    const qovery = client();
    server.gateway.failNext({ kind: 'unknown-frame', path: '/deployment/status', afterFrames: 1 });
    const queued = await qovery.environments.deploy(production());
    const final = await qovery.deployments.wait({
      environmentId: production(),
      deploymentRequestId: queued.deployment_request_id,
    });
    expect(final).toMatchObject({ state: 'DEPLOYED', via: 'websocket' });
  });

  it('when the gateway says nothing within websocketTimeout (default 10 s)', async () => {
    const qovery = new Qovery({
      apiToken: server.mock.adminToken,
      baseUrl: server.url,
      websocketUrl: server.wsUrl,
      websocketTimeout: 1000,
      maxRetries: 0,
    });
    server.gateway.failNext({ kind: 'silent', path: '/deployment/status' });
    const queued = await qovery.environments.deploy(production());
    const final = await qovery.deployments.wait({
      environmentId: production(),
      deploymentRequestId: queued.deployment_request_id,
    });
    expect(final).toMatchObject({ state: 'DEPLOYED', via: 'polling' });
  }, 20_000);

  it('never opens a socket with websocket: false, nor for a client of another API without websocketUrl', async () => {
    for (const qovery of [
      client({ websocket: false }),
      new Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url, maxRetries: 0 }),
    ]) {
      const queued = await qovery.environments.deploy(production());
      const final = await qovery.deployments.wait(
        { environmentId: production(), deploymentRequestId: queued.deployment_request_id },
        { interval: 100 },
      );
      expect(final.via).toBe('polling');
    }
  });

  it('an abort closes the socket at once', async () => {
    const qovery = client();
    const controller = new AbortController();
    await qovery.environments.deploy(production());
    const waiting = qovery.deployments.wait({ environmentId: production() }, { signal: controller.signal });
    for (let i = 0; i < 100 && server.gateway.openSockets === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.gateway.openSockets).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});

describe('deployments.follow()', () => {
  it('streams a deployment’s entries as they come, each once, and ends when it is over', async () => {
    const qovery = client();
    server.mock.failNext({ environmentId: production(), state: 'BUILD_ERROR', reason: { message: 'no Dockerfile' } });
    await qovery.environments.deploy(production());
    sent = [];
    const entries: unknown[] = [];
    for await (const entry of qovery.deployments.follow({ environmentId: production() })) entries.push(entry);
    expect(sent).toEqual([`GET /environment/${production()}`]);
    // What REST keeps of that deployment, in the same order: nothing lost, nothing twice.
    const kept = await qovery.deployments.logs({ environmentId: production() });
    expect(entries).toEqual(kept);
    expect(
      entries.some((e) => (e as { error?: { user_log_message?: string } }).error?.user_log_message === 'no Dockerfile'),
    ).toBe(true);
  });

  it('reopens a dropped stream without repeating what it gave', async () => {
    const qovery = client();
    server.gateway.failNext({ kind: 'drop', path: '/deployment/logs', afterFrames: 1 });
    await qovery.environments.deploy(production());
    const entries: unknown[] = [];
    for await (const entry of qovery.deployments.follow({ environmentId: production() })) entries.push(entry);
    expect(entries).toEqual(await qovery.deployments.logs({ environmentId: production() }));
  });

  it('break closes the socket; bad input and no gateway fail before anything is sent', async () => {
    const qovery = client();
    await qovery.environments.deploy(production());
    for await (const _ of qovery.deployments.follow({ environmentId: production() })) break;
    sent = [];
    expect(() => qovery.deployments.follow({ environmentId: 'nope' })).toThrow(/environmentId/);
    expect(() => client({ websocket: false }).deployments.follow({ environmentId: production() })).toThrow(
      /does not use Qovery's websocket gateway/,
    );
    expect(sent).toEqual([]);
  });
});

describe('services.logs()', () => {
  it('gives the lines the gateway keeps, then ends; with follow, new ones until break', async () => {
    const qovery = client();
    const lines = [];
    for await (const line of qovery.services.logs(web(), { limit: 5 })) lines.push(line);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ pod: expect.stringMatching(/^app-/), container: expect.any(String) });
    expect(lines.every((l) => l.time instanceof Date && typeof l.message === 'string')).toBe(true);
    const times = lines.map((l) => l.time.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const followed = [];
    for await (const line of qovery.services.logs(web(), { follow: true, limit: 0 })) {
      followed.push(line);
      if (followed.length === 2) break;
    }
    expect(followed).toHaveLength(2);
  }, 10_000);

  it('reopens a dropped stream without repeating a line', async () => {
    const qovery = client();
    server.gateway.failNext({ kind: 'drop', path: '/service/logs', afterFrames: 4 });
    const lines = [];
    for await (const line of qovery.services.logs(web(), { follow: true, limit: 5 })) {
      lines.push(line);
      if (lines.length === 8) break;
    }
    const keys = lines.map((l) => `${l.time.getTime()} ${l.pod} ${l.message}`);
    expect(new Set(keys).size).toBe(8);
    const times = lines.map((l) => l.time.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  }, 15_000);

  it('checks its input before any request', () => {
    const qovery = client();
    sent = [];
    expect(() => qovery.services.logs('nope')).toThrow(/serviceId/);
    expect(() => qovery.services.logs(web(), { limit: -1 })).toThrow(/limit/);
    expect(() => qovery.services.logs(web(), { since: new Date('x') })).toThrow(/since/);
    expect(sent).toEqual([]);
  });
});

describe('secrets on the gateway', () => {
  it('the token is in no URL, error or log line; a standard WebSocket carries a JWT only as the console does', async () => {
    const lines: string[] = [];
    const logger = {
      error: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      info: (l: string) => lines.push(l),
      debug: (l: string) => lines.push(l),
    };
    const qovery = new Qovery({
      apiToken: server.mock.adminToken,
      baseUrl: server.url,
      websocketUrl: server.wsUrl,
      logLevel: 'debug',
      logger,
      maxRetries: 0,
    });
    for (let i = 0; i < 6; i++) server.gateway.failNext({ kind: 'refuse', status: 401, path: '/deployment/status' });
    const queued = await qovery.environments.deploy(production());
    await qovery.deployments.wait(
      { environmentId: production(), deploymentRequestId: queued.deployment_request_id },
      { interval: 100 },
    );
    const refused = await (async () => {
      server.gateway.failNext({ kind: 'refuse', status: 401, path: '/deployment/logs' });
      for await (const _ of qovery.deployments.follow({ environmentId: production() })) break;
    })().catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'StreamError', status: 401, path: '/deployment/logs' });
    expect(lines.some((l) => l.includes('polling instead'))).toBe(true);
    for (const text of [...lines, String(refused), JSON.stringify(refused), inspect(refused)])
      expect(text).not.toContain(server.mock.adminToken);

    const opened: { url: string; protocols: unknown }[] = [];
    class Recording {
      readyState = 0;
      constructor(url: string, protocols?: string | string[]) {
        opened.push({ url, protocols });
        throw new Error('recorded');
      }
      addEventListener() {}
      close() {}
    }
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWduYXR1cmUtbm90LXJlYWw';
    await openSocket({
      url: `${server.wsUrl}/deployment/logs?environment=${production()}`,
      path: '/deployment/logs',
      authorization: `Bearer ${jwt}`,
      WebSocket: Recording,
      connectTimeoutMs: 1000,
      signal: undefined,
    }).catch(() => {});
    // An API token cannot go through a standard WebSocket at all: refused before any socket.
    const withToken = await openSocket({
      url: `${server.wsUrl}/deployment/logs`,
      path: '/deployment/logs',
      authorization: `Token ${server.mock.adminToken}`,
      WebSocket: Recording,
      connectTimeoutMs: 1000,
      signal: undefined,
    }).catch((e: unknown) => e);
    expect(String(withToken)).toContain('cannot send an API token');
    expect(String(withToken)).not.toContain(server.mock.adminToken);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.url).not.toContain(jwt);
    expect(opened[0]?.protocols).toEqual(['v1', `auth.bearer.${jwt}`]);
  }, 20_000);
});

describe('websocketUrl', () => {
  it('takes ws(s) URLs only, from the option or QOVERY_WS_URL, and says where a bad one came from', () => {
    for (const bad of [
      'https://ws.qovery.com',
      'wss://user:secret@ws.qovery.com',
      'wss://ws.qovery.com/?token=x',
      'nope',
    ])
      expect(() => new Qovery({ apiToken: 'qov_fake_token_for_tests', websocketUrl: bad })).toThrow(
        'websocketUrl must be a ws(s) URL, without credentials, query or fragment',
      );
    expect(
      () => new Qovery({ apiToken: 'qov_fake_token_for_tests', websocketUrl: 'wss://ws.example.test/' }),
    ).not.toThrow();
  });
});
