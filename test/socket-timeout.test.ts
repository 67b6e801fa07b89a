// No msw here: these requests go to real loopback servers on purpose. With Node's own fetch, an
// attempt's timeout is enforced without an AbortSignal (see socketDeadline in src/transport.ts):
// these tests hold it to what the signal gave, the call ending on time and the socket closing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { APITimeoutError, APIUserAbortError, Qovery } from '../src/index.js';

const FAKE_TOKEN = 'qov_FAKE_SOCKET_TIMEOUT_TEST_TOKEN_00000000';
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
type Dispatcher = { dispatch(options: object, handler: unknown): boolean };
const globals = globalThis as unknown as Record<symbol, Dispatcher | undefined>;

let servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

/** A server running `handler`, and when each request's socket closed (ms after the request came in). */
async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const closedAfter: number[] = [];
  const server = createServer((request, response) => {
    const arrived = Date.now();
    request.socket.once('close', () => closedAfter.push(Date.now() - arrived));
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { baseUrl: `http://127.0.0.1:${port}`, closedAfter };
}

const settle = async (closedAfter: number[], within: number) => {
  const until = Date.now() + within;
  while (closedAfter.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe("timeouts with Node's fetch", () => {
  it('a server that never answers: the call ends at its timeout and the socket is closed soon after', async () => {
    const { baseUrl, closedAfter } = await listen(() => {});
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl, timeout: 200, maxRetries: 0 });
    const started = Date.now();
    const error = await qovery.organization.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('Request timed out after 200 ms (listOrganization)');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(195);
    expect(took).toBeLessThan(1_000);
    // undici's timers tick about once a second: the socket goes within a second or so of the deadline.
    await settle(closedAfter, 3_000);
    expect(closedAfter).toHaveLength(1);
    expect(closedAfter[0]).toBeLessThan(2_500);
  });

  it('a body that stalls half way: the call ends at its timeout and the socket is closed', async () => {
    const { baseUrl, closedAfter } = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"results":[');
    });
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl, timeout: 300, maxRetries: 0 });
    const started = Date.now();
    await expect(qovery.organization.list()).rejects.toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    await settle(closedAfter, 3_000);
    expect(closedAfter).toHaveLength(1);
    expect(closedAfter[0]).toBeLessThan(2_500);
  });

  it("the caller's signal closes the socket at once", async () => {
    const { baseUrl, closedAfter } = await listen(() => {});
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl, maxRetries: 0 });
    const controller = new AbortController();
    const pending = qovery.organization.list({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await settle(closedAfter, 1_000);
    expect(closedAfter).toHaveLength(1);
    expect(closedAfter[0]).toBeLessThan(500);
  });

  it('requests go through the global dispatcher of the moment (a proxy set with setGlobalDispatcher applies)', async () => {
    const { baseUrl } = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"results":[]}');
    });
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl, maxRetries: 0 });
    await qovery.organization.list(); // Node sets its global dispatcher up on the first fetch
    const original = globals[GLOBAL_DISPATCHER];
    expect(original).toBeDefined();
    const seen: object[] = [];
    globals[GLOBAL_DISPATCHER] = {
      dispatch(options, handler) {
        seen.push(options);
        return (original as Dispatcher).dispatch(options, handler);
      },
    };
    try {
      await expect(qovery.organization.list({ timeout: 4_000 })).resolves.toEqual([]);
    } finally {
      globals[GLOBAL_DISPATCHER] = original;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/organization', headersTimeout: 4_000, bodyTimeout: 4_000 });
  });

  it('leaves no timer behind once calls are done', async () => {
    const { baseUrl } = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"results":[]}');
    });
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl, maxRetries: 0 });
    await Promise.all(Array.from({ length: 20 }, () => qovery.organization.list()));
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
