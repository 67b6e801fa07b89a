// No msw here: these requests go to real loopback servers on purpose. A timeout must end the
// request itself, not only the call: the socket closes at the deadline, whatever the server is
// doing, so nothing is downloaded late and a process can exit. (Undici's own header and body
// timeouts were tried instead of an AbortSignal, for speed: a body trickling in and a request still
// connecting outlived the deadline. These tests hold such a change to the signal's bar for hung,
// stalled and trickling answers; a request still connecting needs a TLS server and is not here.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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

function spawnAsync(command: string, args: string[]): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    // Killed if it outlives the test: a child kept alive is the failure, not a reason to hang.
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], timeout: 10_000 });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code }));
  });
}

const settle = async (closedAfter: number[], within: number) => {
  const until = Date.now() + within;
  while (closedAfter.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** A body that never ends: a few bytes every 50 ms, counting in `bytesLate` those sent once `deadlinePassed`. */
function trickle(state: { deadlinePassed: boolean; bytesLate: number }) {
  return (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"results":[');
    const timer = setInterval(() => {
      response.write('" ",');
      if (state.deadlinePassed) state.bytesLate += 4;
    }, 50);
    request.socket.once('close', () => clearInterval(timer));
  };
}

/** One fetch, so the process is as after its first call (Node 20 sets undici up then). */
async function warmUp() {
  const { baseUrl } = await listen((_request, response) => response.end());
  await (await fetch(baseUrl)).text();
}

describe("timeouts with Node's fetch", () => {
  beforeAll(warmUp);

  it('a server that never answers: the call ends at its timeout, and so does the socket', async () => {
    const { baseUrl, closedAfter } = await listen(() => {});
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl, timeout: 200, maxRetries: 0 });
    const started = Date.now();
    const error = await qovery.organization.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('Request timed out after 200 ms (listOrganization)');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(195);
    expect(took).toBeLessThan(1_000);
    await settle(closedAfter, 3_000);
    expect(closedAfter).toHaveLength(1);
    expect(closedAfter[0]).toBeLessThan(700);
  });

  it('a body that stalls half way: the call ends at its timeout, and so does the socket', async () => {
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
    expect(closedAfter[0]).toBeLessThan(800);
  });

  it('a body still trickling in at the deadline: the download stops and the socket is closed', async () => {
    const state = { deadlinePassed: false, bytesLate: 0 };
    const { baseUrl, closedAfter } = await listen(trickle(state));
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl, timeout: 300, maxRetries: 0 });
    await expect(qovery.organization.list()).rejects.toBeInstanceOf(APITimeoutError);
    state.deadlinePassed = true;
    await settle(closedAfter, 2_000);
    expect(closedAfter).toHaveLength(1);
    expect(closedAfter[0]).toBeLessThan(800);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(state.bytesLate).toBeLessThan(40);
  });

  it('a process whose call timed out against a trickling body exits at once', async () => {
    const state = { deadlinePassed: false, bytesLate: 0 };
    const { baseUrl } = await listen(trickle(state));
    const dir = mkdtempSync(join(tmpdir(), 'qovery-exit-'));
    try {
      const script = join(dir, 'call.mts');
      const sdk = fileURLToPath(new URL('../src/index.ts', import.meta.url));
      writeFileSync(
        script,
        `import { Qovery } from ${JSON.stringify(sdk)};
const qovery = new Qovery({ apiToken: ${JSON.stringify(FAKE_TOKEN)}, baseUrl: ${JSON.stringify(baseUrl)}, timeout: 300, maxRetries: 0 });
// As after a first call: Node 20 sets undici up on its first fetch.
await fetch(${JSON.stringify(baseUrl)}, { signal: AbortSignal.timeout(50) }).then((r) => r.text()).catch(() => {});
const started = Date.now();
await qovery.organization.list().catch((error) => console.log(error.name, Date.now() - started));
process.on('exit', () => console.log('exit', Date.now() - started));
`,
      );
      // Spawned asynchronously: this process must keep serving the trickle meanwhile.
      const child = spawnAsync(process.execPath, ['--import', 'tsx', script]);
      const { stdout, code } = await child;
      expect(code, 'the child was killed after 10 s: it did not exit').toBe(0);
      const [timedOut, exited] = stdout.trim().split('\n');
      expect(timedOut).toMatch(/^APITimeoutError \d+$/);
      // The call ends at 300 ms; nothing of the request keeps the process alive after it.
      expect(Number(exited?.split(' ')[1])).toBeLessThan(1_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);

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
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/organization' });
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
