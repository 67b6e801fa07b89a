/**
 * The embedded API's websocket gateway (issue 29), over real sockets: the `ws` client against
 * `startQoveryMockServer()`. Auth (the Go CLI's header, the console's subprotocols), refusals,
 * the three endpoints' frames as the mock's clock moves, the faults, and no socket or timer left
 * behind. Every frame is checked against Qovery's published specs at the end of the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { parse } from 'yaml';
import {
  type GatewayFault,
  type GatewayPath,
  type QoveryMockServer,
  startQoveryMockServer,
} from '../../src/testing/index.js';
import { describeWithReference, REFERENCE_SPEC, referenceRequired } from '../reference-spec.js';
import { httpScene, type Json, UNKNOWN_ID } from './http-scene.js';

const JWT = 'header.payload.signature-of-a-mock-user';
const OTHER_ORG = '99999999-9999-4999-8999-999999999999';
const OTHER_TOKEN = 'qov_other_organization_token';

const scene = httpScene();
let server: QoveryMockServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A mock of the scene on the scene's clock, served with its gateway polling every 10 ms. */
async function serve(): Promise<QoveryMockServer> {
  const mock = scene.start({
    users: [{ jwt: JWT, name: 'Mock User' }],
    organizations: [{ name: 'Acme' }, { id: OTHER_ORG, name: 'Other' }],
    apiTokens: [{ secret: OTHER_TOKEN, organizationId: OTHER_ORG }],
  });
  server = await startQoveryMockServer({ mock, gatewayPollMs: 10 });
  return server;
}

/** Every text frame any test received, by endpoint: the spec check at the end reads them. */
const received: { path: GatewayPath; data: string }[] = [];

interface Opened {
  socket: WebSocket;
  /** Text frames, in order, as sent. */
  raw: string[];
  /** The frames parsed (undefined for one that is not JSON). */
  frames: Json[];
  closed: Promise<{ code: number; reason: string }>;
}

/** The query string of an endpoint for an environment of the scene (and a service). */
function paramsFor(environmentName: string, extra: Record<string, string> = {}): Record<string, string> {
  const environment = scene.environment(environmentName);
  return {
    organization: environment.organization.id,
    cluster: environment.cluster_id ?? 'null',
    project: environment.project.id,
    environment: environment.id,
    ...extra,
  };
}

function urlOf(path: string, params: Record<string, string>): string {
  if (!server) throw new Error('serve() first');
  return `${server.wsUrl}${path}?${new URLSearchParams(params)}`;
}

/** Connects; resolves once open, or rejects with the refusal's HTTP status as `status`. */
function open(
  path: GatewayPath,
  params: Record<string, string>,
  auth: { header?: string; protocols?: string[] },
): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(urlOf(path, params), auth.protocols ?? [], {
      headers: auth.header ? { authorization: auth.header } : {},
    });
    const raw: string[] = [];
    const frames: Json[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      socket.on('close', (code, reason) => done({ code, reason: reason.toString() })),
    );
    socket.on('message', (data) => {
      const text = data.toString();
      raw.push(text);
      received.push({ path, data: text });
      try {
        frames.push(JSON.parse(text));
      } catch {
        frames.push(undefined);
      }
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => reject(Object.assign(new Error(body), { status: response.statusCode })));
    });
    socket.on('error', (error) => reject(error));
    socket.on('open', () => resolve({ socket, raw, frames, closed }));
  });
}

async function waitFor<T>(read: () => T | undefined | false, what: string, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets the gateway poll a few times at the current clock. */
const settleFrames = () => new Promise((r) => setTimeout(r, 60));

async function refusal(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
  throw new Error('the upgrade was accepted');
}

async function deploy(environmentName: string): Promise<void> {
  const { status } = await scene.call('POST', `/environment/${scene.environment(environmentName).id}/deploy`);
  expect(status).toBe(202);
}

describe('the gateway: auth', () => {
  it("takes the Go CLI's Authorization header, Token or Bearer, and answers the REST statuses' shape", async () => {
    const { mock } = await serve();
    const viaToken = await open('/deployment/status', paramsFor('production'), { header: `Token ${mock.adminToken}` });
    const viaJwt = await open('/deployment/status', paramsFor('production'), { header: `Bearer ${JWT}` });
    for (const opened of [viaToken, viaJwt]) {
      await waitFor(() => opened.frames.length > 0, 'a status frame');
      expect(opened.socket.protocol).toBe('');
      const rest = await scene.get(`/environment/${scene.environment('production').id}/statusesWithStages`);
      expect(opened.frames[0]).toEqual(rest);
    }
  });

  it("takes the console's subprotocols v1 + auth.bearer.<credential> and answers v1", async () => {
    const { mock } = await serve();
    for (const credential of [JWT, mock.adminToken]) {
      const opened = await open('/deployment/status', paramsFor('production'), {
        protocols: ['v1', `auth.bearer.${credential}`],
      });
      expect(opened.socket.protocol).toBe('v1');
      await waitFor(() => opened.frames.length > 0, 'a status frame');
    }
  });

  it('refuses a bad or missing credential with 401 on the upgrade, before any socket opens', async () => {
    const { gateway } = await serve();
    const params = paramsFor('production');
    expect(await refusal(open('/deployment/status', params, { header: 'Token qov_not_a_token' }))).toBe(401);
    expect(await refusal(open('/deployment/logs', params, { header: 'Bearer not.a.jwt' }))).toBe(401);
    expect(await refusal(open('/service/logs', params, {}))).toBe(401);
    expect(await refusal(open('/deployment/status', params, { protocols: ['v1', 'auth.bearer.nope'] }))).toBe(401);
    expect(gateway.openSockets).toBe(0);
  });

  it("refuses 404 an unknown environment, service or version, another organization's, or mismatched ids; 400 bad parameters", async () => {
    const { mock } = await serve();
    const header = { header: `Token ${mock.adminToken}` };
    const params = paramsFor('production');
    const refused = (path: GatewayPath, p: Record<string, string>, auth = header) => refusal(open(path, p, auth));
    expect(await refused('/deployment/status', { ...params, environment: UNKNOWN_ID })).toBe(404);
    expect(await refused('/deployment/status', { ...params, organization: OTHER_ORG })).toBe(404);
    expect(await refused('/deployment/status', { ...params, project: UNKNOWN_ID })).toBe(404);
    expect(await refused('/deployment/status', { ...params, cluster: UNKNOWN_ID })).toBe(404);
    expect(await refused('/deployment/logs', { ...params, version: 'no-such-execution' })).toBe(404);
    expect(await refused('/service/logs', { ...params, service: UNKNOWN_ID })).toBe(404);
    // The staging database is not in production.
    expect(await refused('/service/logs', { ...params, service: scene.serviceId('database', 'db', 'staging') })).toBe(
      404,
    );
    // A token of another organization does not see Acme's environment exist.
    expect(await refused('/deployment/status', params, { header: `Token ${OTHER_TOKEN}` })).toBe(404);
    const { environment: _, ...noEnvironment } = params;
    expect(await refused('/deployment/status', noEnvironment)).toBe(400);
    expect(await refused('/deployment/status', { ...params, project: 'not-a-uuid' })).toBe(400);
    const service = scene.serviceId('application', 'api');
    expect(await refused('/service/logs', { ...params, service, limit: '-1' })).toBe(400);
    expect(await refused('/service/logs', { ...params, service, start: 'yesterday' })).toBe(400);
    // A cluster given as null (the spec's nullable cluster) is no cluster.
    await open('/deployment/status', { ...params, cluster: 'null' }, header);
  });

  it('does not count connections under the rate limit: the gateway is not the REST API', async () => {
    const mock = scene.start({ rateLimit: { limit: 2 } });
    server = await startQoveryMockServer({ mock, gatewayPollMs: 10 });
    for (let i = 0; i < 5; i++)
      await open('/deployment/status', paramsFor('production'), { header: `Token ${mock.adminToken}` });
    expect((await scene.call('GET', '/organization')).status).toBe(200);
  });
});

describe('the gateway: /deployment/status', () => {
  it('sends the statuses at the open, then a frame at each change only, to DEPLOYED', async () => {
    const { mock } = await serve();
    const environmentId = scene.environment('production').id;
    const opened = await open('/deployment/status', paramsFor('production'), { header: `Token ${mock.adminToken}` });
    await waitFor(() => opened.frames.length === 1, 'the first frame');
    const states: string[] = [opened.frames[0].environment.state];
    await deploy('production');
    for (let ms = 0; ms <= 30_000; ms += 250) {
      scene.at(ms);
      await settleFrames();
      const last = opened.frames.at(-1);
      if (states.at(-1) !== last.environment.state) states.push(last.environment.state);
      if (last.environment.state === 'DEPLOYED' && ms > 0) break;
    }
    expect(states[0]).toBe('DEPLOYED');
    expect(states).toContain('QUEUED');
    expect(states).toContain('BUILDING');
    expect(states).toContain('DEPLOYING');
    expect(states.at(-1)).toBe('DEPLOYED');
    // Never twice the same frame in a row, and the last is what REST answers now.
    for (let i = 1; i < opened.raw.length; i++) expect(opened.raw[i]).not.toBe(opened.raw[i - 1]);
    expect(opened.frames.at(-1)).toEqual(await scene.get(`/environment/${environmentId}/statusesWithStages`));
    // Nothing more while the clock stands still.
    const count = opened.raw.length;
    await settleFrames();
    expect(opened.raw.length).toBe(count);
  });

  it('with `version`, that deployment', async () => {
    const { mock } = await serve();
    const environmentId = scene.environment('production').id;
    await deploy('production');
    scene.at(60_000);
    const [first] = mock.state.deployments.filter((d) => d.environmentId === environmentId).slice(-1);
    await deploy('production');
    const opened = await open('/deployment/status', paramsFor('production', { version: first?.executionId ?? '' }), {
      header: `Token ${mock.adminToken}`,
    });
    await waitFor(() => opened.frames.length > 0, 'a frame');
    expect(opened.frames[0].environment.last_deployment_id).toBe(first?.executionId);
    expect(opened.frames[0].environment.state).toBe('DEPLOYED');
  });
});

describe('the gateway: /deployment/logs', () => {
  it("streams the deployment's entries once each, in order, at most 64 a frame, its failure's error included", async () => {
    const { mock } = await serve();
    const environmentId = scene.environment('production').id;
    mock.failNext({
      environmentId,
      state: 'DEPLOYMENT_ERROR',
      reason: { message: 'the api pod crashed', hint: 'read its logs' },
    });
    await deploy('production');
    const opened = await open('/deployment/logs', paramsFor('production'), { header: `Token ${mock.adminToken}` });
    for (let ms = 0; ms <= 20_000; ms += 100) {
      scene.at(ms);
      if (ms % 1000 === 0) await settleFrames();
    }
    await settleFrames();
    const entries = opened.frames.flat();
    expect(opened.frames.every((frame) => Array.isArray(frame) && frame.length >= 1 && frame.length <= 64)).toBe(true);
    // Exactly what REST answers once it is over: none lost, none repeated, in order.
    expect(entries).toEqual(await scene.get(`/environment/${environmentId}/logs`));
    const error = entries.find((e: Json) => e.error !== null);
    expect(error.error.user_log_message).toBe('the api pod crashed');
    expect(error.error.hint_message).toBe('read its logs');
  });

  it('a deployment cancelled mid-way: every entry once, as REST answers them at the end', async () => {
    const { mock } = await serve();
    const environmentId = scene.environment('production').id;
    await deploy('production');
    const opened = await open('/deployment/logs', paramsFor('production'), { header: `Token ${mock.adminToken}` });
    // Not at 4000 ms, the instant a step starts: cancelled at that very instant, REST itself no
    // longer lists the step's first entry, which was already written (and streamed).
    for (const ms of [500, 1000, 2500, 4000, 4500]) {
      scene.at(ms);
      await settleFrames();
    }
    const { status } = await scene.call('POST', `/environment/${environmentId}/cancelDeployment`, {
      body: { force_cancel: false },
    });
    expect(status).toBe(202);
    for (const ms of [4500, 5000, 30_000]) {
      scene.at(ms);
      await settleFrames();
    }
    const entries = opened.frames.flat();
    const rest = await scene.get(`/environment/${environmentId}/logs`);
    expect(entries).toEqual(rest);
    expect(entries.some((e: Json) => /cancelled/.test(e.message?.safe_message ?? ''))).toBe(true);
  });

  it('sends the backlog at the open in frames of 64, then follows a newer deployment without `version`', async () => {
    const { mock } = await serve();
    const environmentId = scene.environment('production').id;
    await deploy('production');
    scene.at(60_000);
    const opened = await open('/deployment/logs', paramsFor('production'), { header: `Token ${mock.adminToken}` });
    const rest = await scene.get(`/environment/${environmentId}/logs`);
    await waitFor(() => opened.frames.flat().length === rest.length, 'the backlog');
    expect(opened.frames.slice(0, -1).every((f: Json[]) => f.length === 64)).toBe(true);
    const before = opened.frames.flat().length;
    await deploy('production');
    scene.at(120_000);
    const next = await scene.get(`/environment/${environmentId}/logs`);
    await waitFor(() => opened.frames.flat().length === before + next.length, 'the next deployment');
    expect(opened.frames.flat().slice(before)).toEqual(next);
  });
});

describe('the gateway: /service/logs', () => {
  const POD = /^app-z[0-9a-f]{8}-[a-z0-9]{9}-[a-z0-9]{5}$/;

  it('sends the last `limit` lines, one object a frame, then the new ones as the clock moves', async () => {
    const { mock } = await serve();
    const service = scene.serviceId('application', 'api');
    const opened = await open('/service/logs', paramsFor('production', { service, limit: '10' }), {
      header: `Token ${mock.adminToken}`,
    });
    await waitFor(() => opened.frames.length === 10, 'the history');
    const history = opened.frames;
    for (const line of history) {
      expect(line.pod_name).toMatch(POD);
      expect(line.created_at).toBeLessThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
      expect(Object.keys(line).sort()).toEqual(
        [
          'container_name',
          'created_at',
          'from_kube',
          'labels',
          'message',
          'pod_name',
          'severity_text',
          'version',
        ].sort(),
      );
      expect(line.container_name).toBe('api');
    }
    const times = history.map((l: Json) => l.created_at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    scene.at(5000);
    await waitFor(() => opened.frames.length >= 15, 'followed lines');
    await settleFrames();
    const followed = opened.frames.slice(10);
    expect(followed.length).toBe(5);
    expect(followed[0].created_at).toBeGreaterThan(times.at(-1));
    expect(followed.at(-1).created_at).toBeLessThanOrEqual(Date.parse('2030-01-01T00:00:05Z'));
  });

  it('honours start (ms or ISO), pod_name and query; a deploy rolls out new pods; a stop ends the lines', async () => {
    const { mock } = await serve();
    const service = scene.serviceId('application', 'api');
    const header = { header: `Token ${mock.adminToken}` };
    const start = Date.parse('2029-12-31T23:59:50Z');
    const byMs = await open(
      '/service/logs',
      paramsFor('production', { service, start: String(start), limit: '1000' }),
      header,
    );
    const byIso = await open(
      '/service/logs',
      paramsFor('production', { service, start: new Date(start).toISOString(), limit: '1000' }),
      header,
    );
    await waitFor(() => byMs.frames.length >= 10 && byIso.frames.length >= 10, 'ten seconds of lines');
    await settleFrames();
    expect(byIso.raw).toEqual(byMs.raw);
    // A line a second from each pod, the ten seconds to now inclusive.
    const pods = new Set(byMs.frames.map((l: Json) => l.pod_name)).size;
    expect(byMs.frames).toHaveLength(11 * pods);
    expect(byMs.frames.every((l: Json) => l.created_at >= start)).toBe(true);
    const pod = byMs.frames[0].pod_name;
    const onePod = await open('/service/logs', paramsFor('production', { service, pod_name: pod, limit: '3' }), header);
    const healthz = await open(
      '/service/logs',
      paramsFor('production', { service, query: 'healthz', limit: '3' }),
      header,
    );
    await waitFor(() => onePod.frames.length === 3 && healthz.frames.length === 3, 'filtered lines');
    expect(onePod.frames.every((l: Json) => l.pod_name === pod)).toBe(true);
    expect(healthz.frames.every((l: Json) => l.message.includes('healthz'))).toBe(true);

    await deploy('production');
    scene.at(60_000);
    await waitFor(() => byMs.frames.some((l: Json) => l.pod_name !== pod), 'the new pods');
    const started = byMs.frames.find((l: Json) => l.pod_name !== pod);
    expect(started.from_kube).toBe(true);
    expect(started.message).toBe('Started container api');
    expect(
      byMs.frames.filter((l: Json) => l.pod_name === pod).every((l: Json) => l.created_at < started.created_at),
    ).toBe(true);

    const { status } = await scene.call('POST', `/environment/${scene.environment('production').id}/stop`);
    expect(status).toBe(202);
    scene.at(120_000);
    await settleFrames();
    const stoppedAt = byMs.frames.at(-1).created_at;
    scene.at(180_000);
    await settleFrames();
    expect(byMs.frames.at(-1).created_at).toBe(stoppedAt);
    expect(stoppedAt).toBeLessThan(Date.parse('2030-01-01T00:02:00Z'));
  });

  it('sends no history with limit=0, and nothing for a service never deployed', async () => {
    const { mock } = await serve();
    const header = { header: `Token ${mock.adminToken}` };
    const opened = await open(
      '/service/logs',
      paramsFor('production', { service: scene.serviceId('application', 'api'), limit: '0' }),
      header,
    );
    await settleFrames();
    expect(opened.frames).toEqual([]);
    scene.at(2000);
    await waitFor(() => opened.frames.length > 0, 'followed lines');
  });
});

describe('the gateway: faults', () => {
  async function faulted(
    fault: GatewayFault,
    path: GatewayPath = '/deployment/status',
    extra: Record<string, string> = {},
  ) {
    const srv = await serve();
    srv.gateway.failNext(fault);
    expect(srv.mock.gateway.pending).toHaveLength(1);
    const opened = open(path, paramsFor('production', extra), { header: `Token ${srv.mock.adminToken}` });
    return { srv, opened };
  }

  it('refuse: the upgrade answered with the status (default 503), once', async () => {
    const { srv, opened } = await faulted({ kind: 'refuse' });
    expect(await refusal(opened)).toBe(503);
    srv.gateway.failNext({ kind: 'refuse', status: 502, path: '/deployment/logs' });
    // Not for another endpoint.
    await open('/deployment/status', paramsFor('production'), { header: `Token ${srv.mock.adminToken}` });
    expect(
      await refusal(open('/deployment/logs', paramsFor('production'), { header: `Token ${srv.mock.adminToken}` })),
    ).toBe(502);
    await open('/deployment/logs', paramsFor('production'), { header: `Token ${srv.mock.adminToken}` });
  });

  it('silent: accepted, then nothing, the socket left open', async () => {
    const { srv, opened } = await faulted({ kind: 'silent' });
    const socket = await opened;
    await deploy('production');
    scene.at(2000);
    await settleFrames();
    expect(socket.raw).toEqual([]);
    expect(socket.socket.readyState).toBe(WebSocket.OPEN);
    expect(srv.gateway.openSockets).toBe(1);
  });

  it('garbage: a frame that is not JSON, then the good frames', async () => {
    const { opened } = await faulted({ kind: 'garbage' });
    const socket = await opened;
    await waitFor(() => socket.raw.length === 2, 'two frames');
    expect(() => JSON.parse(socket.raw[0] ?? '')).toThrow();
    expect(socket.frames[1].environment.id).toBe(scene.environment('production').id);
  });

  it('close-mid-frame: half a frame, then the connection gone without a close frame (1006)', async () => {
    const { srv, opened } = await faulted({ kind: 'close-mid-frame' });
    const socket = await opened;
    expect((await socket.closed).code).toBe(1006);
    expect(socket.raw).toHaveLength(1);
    expect(() => JSON.parse(socket.raw[0] ?? '')).toThrow();
    expect(socket.raw[0]?.startsWith('{"environment":')).toBe(true);
    await waitFor(() => srv.gateway.openSockets === 0, 'the socket closed');
  });

  it('unknown-frame: {"foo":1} amid good frames', async () => {
    const { mock } = await serve();
    mock.gateway.failNext({ kind: 'unknown-frame', path: '/service/logs', afterFrames: 2 });
    const service = scene.serviceId('application', 'api');
    const socket = await open('/service/logs', paramsFor('production', { service, limit: '4' }), {
      header: `Token ${mock.adminToken}`,
    });
    await waitFor(() => socket.raw.length === 5, 'five frames');
    expect(socket.raw[2]).toBe('{"foo":1}');
    expect(socket.frames.filter((f: Json) => typeof f.created_at === 'number')).toHaveLength(4);
  });

  it('drop: the first frame, then the TCP connection gone mid-stream (1006)', async () => {
    const { srv, opened } = await faulted({ kind: 'drop' }, '/deployment/logs');
    await deploy('production');
    scene.at(60_000);
    const socket = await opened;
    expect((await socket.closed).code).toBe(1006);
    expect(socket.raw).toHaveLength(1);
    expect(Array.isArray(socket.frames[0])).toBe(true);
    await waitFor(() => srv.gateway.openSockets === 0, 'the socket closed');
  });

  it('rejects a fault it cannot play; reset() drops the queued ones', async () => {
    const { mock } = await serve();
    expect(() => mock.gateway.failNext({ kind: 'explode' as never })).toThrow(/kind must be one of/);
    expect(() => mock.gateway.failNext({ kind: 'drop', path: '/nope' as never })).toThrow(/path must be one of/);
    expect(() => mock.gateway.failNext({ kind: 'refuse', status: 200 })).toThrow(/status/);
    mock.gateway.failNext({ kind: 'silent' });
    mock.reset();
    expect(mock.gateway.pending).toEqual([]);
  });
});

describe('the gateway: sockets and handles', () => {
  it('counts open sockets, closes them all, and a deleted environment closes its sockets with 4404', async () => {
    const { mock, gateway } = await serve();
    const header = { header: `Token ${mock.adminToken}` };
    const a = await open('/deployment/status', paramsFor('production'), header);
    const b = await open('/deployment/logs', paramsFor('production'), header);
    expect(gateway.openSockets).toBe(2);
    a.socket.close();
    await a.closed;
    await waitFor(() => gateway.openSockets === 1, 'one socket left');
    gateway.closeAll();
    expect((await b.closed).code).toBe(1001);
    expect(gateway.openSockets).toBe(0);

    const c = await open('/deployment/status', paramsFor('staging'), header);
    const { status } = await scene.call('DELETE', `/environment/${scene.environment('staging').id}`);
    expect(status).toBe(204);
    const closed = await c.closed;
    expect(closed.code).toBe(4404);
    expect(closed.reason).toMatch(/deleted/);
  });

  it('leaves no socket, timer or port behind once closed', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const srv = await serve();
    const header = { header: `Token ${srv.mock.adminToken}` };
    const sockets = await Promise.all([
      open('/deployment/status', paramsFor('production'), header),
      open('/deployment/logs', paramsFor('production'), header),
      open('/service/logs', paramsFor('production', { service: scene.serviceId('application', 'api') }), header),
    ]);
    expect(srv.gateway.openSockets).toBe(3);
    await srv.close();
    server = undefined;
    for (const s of sockets) expect((await s.closed).code).toBe(1006);
    expect(srv.gateway.openSockets).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(timers()).toBeLessThanOrEqual(before);
    await expect(
      new Promise((resolve, reject) => {
        const socket = new WebSocket(`${srv.wsUrl}/deployment/status`);
        socket.on('open', resolve);
        socket.on('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

// ---------------------------------------------------------------------------------------------
// Every frame against Qovery's published specs: /service/logs against the websocket spec's
// ServiceLogResponseDto, the deployment endpoints against the REST answers their descriptions
// name (EnvironmentStatusesWithStages, EnvironmentLogs) in the REST spec.
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const WEBSOCKET_SPEC = join(dirname(REFERENCE_SPEC), 'qovery-websocket-openapi.yaml');

/**
 * `value` against an OpenAPI 3.0/3.1 schema: $ref, type (a list with 'null' too), nullable,
 * required, properties, additionalProperties, items, enum, allOf, oneOf/anyOf (at least one). A null
 * in an optional property is the real API's habit the embedded API copies (API-FACTS.md), taken here
 * as the REST conformance test takes it.
 */
function problems(doc: Obj, schema: unknown, value: unknown, path: string, optional = false): string[] {
  if (!isObj(schema)) return [];
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (isObj(node) ? node[key] : undefined), doc);
    return problems(doc, target, value, path, optional);
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (value === null) {
    if (types.length === 0 || types.includes('null') || schema.nullable === true || optional) return [];
    return [`${path}: null`];
  }
  const out: string[] = [];
  const typeOk = (t: unknown) =>
    t === 'object'
      ? isObj(value)
      : t === 'array'
        ? Array.isArray(value)
        : t === 'integer'
          ? Number.isInteger(value)
          : t === 'number'
            ? typeof value === 'number'
            : t === 'string' || t === 'boolean'
              ? typeof value === t
              : false;
  if (types.length > 0 && !types.some(typeOk))
    return [`${path}: expected ${types.join('|')}, got ${JSON.stringify(value)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    out.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum)
    out.push(`${path}: < minimum`);
  if (isObj(value)) {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const name of required) if (!(name in value)) out.push(`${path}.${name}: missing`);
    const properties = isObj(schema.properties) ? schema.properties : {};
    for (const [name, item] of Object.entries(value)) {
      if (name in properties)
        out.push(...problems(doc, properties[name], item, `${path}.${name}`, !required.includes(name)));
      else if (isObj(schema.additionalProperties))
        out.push(...problems(doc, schema.additionalProperties, item, `${path}.${name}`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined)
    value.forEach((item, i) => {
      out.push(...problems(doc, schema.items, item, `${path}[${i}]`));
    });
  if (Array.isArray(schema.allOf))
    for (const part of schema.allOf) out.push(...problems(doc, part, value, path, optional));
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (variants && !variants.some((v) => problems(doc, v, value, path, optional).length === 0))
    out.push(`${path}: matches no variant`);
  return out;
}

describeWithReference("the gateway's frames against Qovery's published specs", () => {
  const hasWebsocketSpec = existsSync(WEBSOCKET_SPEC);
  if (!hasWebsocketSpec && !referenceRequired) {
    console.warn(`skipped: Qovery's websocket spec is not at ${WEBSOCKET_SPEC}`);
    it.skip(`needs Qovery's websocket spec (${WEBSOCKET_SPEC})`, () => {});
    return;
  }

  it('every frame of a deployment that fails, of its logs and of a service validates', async () => {
    if (!hasWebsocketSpec)
      throw new Error(`Qovery's websocket spec is not at ${WEBSOCKET_SPEC} (QOVERY_REQUIRE_REFERENCE=1)`);
    const rest = parse(readFileSync(REFERENCE_SPEC, 'utf8'), { maxAliasCount: -1 }) as Obj;
    const websocket = parse(readFileSync(WEBSOCKET_SPEC, 'utf8'), { maxAliasCount: -1 }) as Obj;
    const { mock } = await serve();
    const header = { header: `Token ${mock.adminToken}` };
    const environmentId = scene.environment('production').id;
    mock.failNext({
      environmentId,
      state: 'BUILD_ERROR',
      reason: { message: 'npm ci failed', link: 'https://example.com' },
    });
    await deploy('production');
    const service = scene.serviceId('container', 'worker');
    const mine = [
      await open('/deployment/status', paramsFor('production'), header),
      await open('/deployment/logs', paramsFor('production'), header),
      await open('/service/logs', paramsFor('production', { service }), header),
    ];
    for (let ms = 0; ms <= 12_000; ms += 500) {
      scene.at(ms);
      await settleFrames();
    }
    expect(mine.every((m) => m.raw.length > 0)).toBe(true);
    const schemaOf: Record<GatewayPath, [Obj, unknown]> = {
      '/deployment/status': [rest, { $ref: '#/components/schemas/EnvironmentStatusesWithStages' }],
      '/deployment/logs': [rest, { type: 'array', items: { $ref: '#/components/schemas/EnvironmentLogs' } }],
      '/service/logs': [websocket, { $ref: '#/components/schemas/ServiceLogResponseDto' }],
    };
    // The frames every test of this file received, faults' frames aside.
    const good = received.filter(({ data }) => data !== '{"foo":1}' && !data.startsWith('<') && isWhole(data));
    expect(good.length).toBeGreaterThan(50);
    // The check itself refuses what is wrong.
    expect(problems(websocket, schemaOf['/service/logs'][1], { foo: 1 }, '$')).not.toEqual([]);
    expect(problems(rest, schemaOf['/deployment/logs'][1], [{ type: 1 }], '$')).not.toEqual([]);
    const found = good.flatMap(({ path, data }) => {
      const [doc, schema] = schemaOf[path];
      return problems(doc, schema, JSON.parse(data), path).map((p) => `${p}`);
    });
    expect([...new Set(found)]).toEqual([]);
  });
});

function isWhole(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('the gateway under fake timers', () => {
  it('polls on the timers the test controls: frames come as the test advances them', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { mock } = await serve();
      const opened = await open('/deployment/status', paramsFor('production'), { header: `Token ${mock.adminToken}` });
      const io = () => new Promise((r) => setImmediate(r));
      for (let i = 0; i < 20 && opened.frames.length === 0; i++) await io();
      expect(opened.frames).toHaveLength(1);
      await deploy('production');
      for (let i = 0; i < 20; i++) await io();
      // The clock moved (a new deployment), but no poll has run: the timers are the test's.
      expect(opened.frames).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(10);
      for (let i = 0; i < 20 && opened.frames.length === 1; i++) await io();
      expect(opened.frames.at(-1).environment.state).toBe('QUEUED');
    } finally {
      vi.useRealTimers();
    }
  });
});
