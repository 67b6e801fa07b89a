// deployments.wait() over Qovery's websocket gateway, against the embedded API's gateway on real
// sockets: what it costs in requests, what it reports, and each way it falls back to polling.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

  it('when the gateway says nothing for 10 s', async () => {
    const qovery = client();
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
