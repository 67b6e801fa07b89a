/**
 * `createMswGatewayHandlers`: the embedded gateway through msw's WebSocket API. msw intercepts the
 * global `WebSocket` only, patched at `listen()` if one exists: Node 20 has none without
 * `--experimental-websocket`. This file states that, then installs one (the `ws` package's class)
 * before `listen()` so msw has something to patch; msw then answers with its own emulation, and no
 * socket reaches the network.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { createQoveryMock, DEPLOY_SCENE } from '../../src/testing/index.js';
import { createMswGatewayHandlers } from '../../src/testing/msw.js';

const ORIGINAL = (globalThis as { WebSocket?: unknown }).WebSocket;
const NATIVE = typeof ORIGINAL === 'function';
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

describe('msw and the global WebSocket on this Node', () => {
  it.skipIf(NATIVE)(
    `Node ${process.versions.node} has no global WebSocket without --experimental-websocket: msw's handlers see no connection until one is installed`,
    () => {
      expect(NODE_MAJOR).toBeLessThan(22);
      expect(ORIGINAL).toBeUndefined();
    },
  );
});

// Installed before listen() (the beforeAll below): msw patches a global WebSocket only if there is one.
if (!NATIVE) Object.defineProperty(globalThis, 'WebSocket', { value: WsWebSocket, configurable: true, writable: true });

let clock = Date.parse('2030-01-01T00:00:00Z');
const mock = createQoveryMock({ ...DEPLOY_SCENE, now: () => clock, rateLimit: false });
const msw = setupServer(...createMswGatewayHandlers(mock, { pollMs: 10 }));
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  msw.close();
  if (!NATIVE) delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

const production = () => {
  const found = mock.state.environments.find((e) => e.name === 'production');
  if (!found) throw new Error('no production');
  return found;
};

function connect(path: string, extra: Record<string, string>, protocols: string[]) {
  const environment = production();
  const query = new URLSearchParams({
    organization: environment.organization.id,
    cluster: environment.cluster_id ?? 'null',
    project: environment.project.id,
    environment: environment.id,
    ...extra,
  });
  const Global = (globalThis as unknown as { WebSocket: typeof WsWebSocket }).WebSocket;
  const socket = new Global(`wss://ws.qovery.com${path}?${query}`, protocols);
  const frames: string[] = [];
  let opened = false;
  socket.addEventListener('open', () => {
    opened = true;
  });
  socket.addEventListener('message', (event) => frames.push(String(event.data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason })),
  );
  return { socket, frames, closed, opened: () => opened };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('createMswGatewayHandlers', () => {
  it("answers the console's subprotocol form with the statuses REST answers, then follows the clock", async () => {
    const c = connect('/deployment/status', {}, ['v1', `auth.bearer.${mock.adminToken}`]);
    await until(() => c.frames.length === 1, 'the first frame');
    expect(c.socket.protocol).toBe('v1');
    const rest = await mock.fetch(`https://api.qovery.com/environment/${production().id}/statusesWithStages`, {
      headers: { authorization: `Token ${mock.adminToken}` },
    });
    expect(JSON.parse(c.frames[0] ?? '')).toEqual(await rest.json());
    const deployed = await mock.fetch(`https://api.qovery.com/environment/${production().id}/deploy`, {
      method: 'POST',
      headers: { authorization: `Token ${mock.adminToken}` },
    });
    expect(deployed.status).toBe(202);
    await until(() => JSON.parse(c.frames.at(-1) ?? '{}').environment?.state === 'QUEUED', 'QUEUED');
    clock += 60_000;
    await until(() => JSON.parse(c.frames.at(-1) ?? '{}').environment?.state === 'DEPLOYED', 'DEPLOYED');
    c.socket.close();
    await c.closed;
  });

  it('streams service log lines, one object a frame', async () => {
    const service = mock.state.applications.find((a) => a.environment.id === production().id && a.name === 'api');
    const c = connect('/service/logs', { service: service?.id ?? '', limit: '5' }, [
      'v1',
      `auth.bearer.${mock.adminToken}`,
    ]);
    await until(() => c.frames.length === 5, 'five lines');
    expect(JSON.parse(c.frames[0] ?? '').container_name).toBe('api');
    c.socket.close();
    await c.closed;
  });

  it('closes before the open with 4000 + the status the server would refuse with: 4401 for a bad credential, 4404', async () => {
    const bad = connect('/deployment/logs', {}, ['v1', 'auth.bearer.not-a-credential']);
    expect(await bad.closed).toEqual({ code: 4401, reason: 'Invalid or missing authentication token' });
    expect(bad.opened()).toBe(false);
    const none = connect('/deployment/logs', {}, []);
    expect((await none.closed).code).toBe(4401);
    const unknown = connect('/deployment/logs', { environment: '00000000-0000-4000-8000-000000000000' }, [
      'v1',
      `auth.bearer.${mock.adminToken}`,
    ]);
    expect((await unknown.closed).code).toBe(4404);
  });

  it("plays the gateway's faults: refuse as 4503, unknown-frame, drop as 1006", async () => {
    const auth = ['v1', `auth.bearer.${mock.adminToken}`];
    mock.gateway.failNext({ kind: 'refuse' });
    expect((await connect('/deployment/status', {}, auth).closed).code).toBe(4503);
    mock.gateway.failNext({ kind: 'unknown-frame' });
    const odd = connect('/deployment/status', {}, auth);
    await until(() => odd.frames.length === 2, 'two frames');
    expect(odd.frames[1]).toBe('{"foo":1}');
    odd.socket.close();
    mock.gateway.failNext({ kind: 'drop' });
    const dropped = connect('/deployment/status', {}, auth);
    expect((await dropped.closed).code).toBe(1006);
    expect(dropped.frames).toHaveLength(1);
  });
});

describe('msw and a client on the ws package (the SDK in Node)', () => {
  it('is not served: msw answers its upgrade itself (101, no subprotocol), then the socket stays silent', async () => {
    const environment = production();
    const query = new URLSearchParams({
      organization: environment.organization.id,
      project: environment.project.id,
      environment: environment.id,
    });
    // The imported class, not the global msw patched: it upgrades over node:https, which msw intercepts.
    const socket = new WsWebSocket(`wss://ws.qovery.com/deployment/status?${query}`, {
      headers: { authorization: `Token ${mock.adminToken}` },
    });
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(String(data)));
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => resolve());
      socket.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(frames).toEqual([]);
    socket.terminate();
  });
});
