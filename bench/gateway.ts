// What following a deployment over Qovery's websocket gateway (issue 29) spends and how soon it sees
// the end, beside polling; and 10,000 log lines followed at 64 a frame.
//
// The gateway needs real sockets, so the fake timers of bench/requests.ts cannot drive it: the
// requests are counted against startQoveryMockServer() on a clock of its own (`now`) pushed forward
// 15 virtual minutes over about 1.5 s of real time, while sockets and the SDK's timers run on real
// time. How soon the end is seen over the gateway is measured on the real clock (short
// deployments, the embedded gateway checking its clock every 100 ms, its default); polling's, on
// the virtual clock of bench/requests.ts.
//
// Run alone: node --import tsx bench/gateway.ts

import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type WebSocket, WebSocketServer } from 'ws';
import { Qovery } from '../src/index.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMockServer, startQoveryMockServer } from '../src/testing/index.js';
import { counted, onVirtualClock } from './requests.js';
import type { Row } from './server.js';

const MINUTE = 60_000;
/** Virtual milliseconds the mock's clock moves per real millisecond while a gateway wait runs. */
const SPEEDUP = 600;
const TICK_MS = 10;

/** The lifecycle of an N-minute deployment, as bench/requests.ts gives it. */
const lifecycleOf = (minutes: number) => ({
  queuedMs: MINUTE / 2,
  buildingMs: (minutes * MINUTE) / 2,
  deployingMs: (minutes * MINUTE) / 2 - MINUTE / 2,
});
const total = (t: { queuedMs: number; buildingMs: number; deployingMs: number }) =>
  t.queuedMs + t.buildingMs + t.deployingMs;

/** A client of the server's REST API and gateway whose fetch counts what it sends. */
function gatewayClient(server: QoveryMockServer) {
  const sent: string[] = [];
  const client = new Qovery({
    apiToken: server.mock.adminToken,
    baseUrl: server.url,
    websocketUrl: server.wsUrl,
    organizationId: server.mock.organizationId,
    fetch: (request: Request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return fetch(request);
    },
  });
  return { client, sent };
}

/** The workflow of bench/requests.ts: find `web` by name, deploy it, wait; when its deployment settled on the mock's clock. */
async function deployByNameAndWait(server: QoveryMockServer, client: Qovery) {
  const found = await client.services.find({ name: 'web' });
  if (found.kind !== 'application') throw new Error(`web is a ${found.kind}`);
  const queued = await client.applications.deploy(found.id, { gitCommitId: 'a'.repeat(40) });
  const final = await client.deployments.wait(
    {
      applicationId: found.id,
      environmentId: found.environment_id,
      deploymentRequestId: queued.deployment_request_id,
    },
    { timeout: 2 * 60 * MINUTE },
  );
  const deployment = server.mock.state.deployments.find((d) => d.id === queued.deployment_request_id);
  if (!deployment) throw new Error('the deployment is not in the mock');
  return { final, settledAt: deployment.startedAt + total(deployment.timings) };
}

/**
 * Requests of "deploy by name and wait" for an N-minute deployment over the gateway: the mock's
 * clock moves SPEEDUP× real time, so 15 minutes take about 1.5 s.
 */
export async function gatewayWaitRequests(minutes: number): Promise<{ requests: number; sent: string[] }> {
  let virtual = Date.parse('2030-01-01T00:00:00Z');
  const server = await startQoveryMockServer({
    ...DEPLOY_SCENE,
    rateLimit: false,
    now: () => virtual,
    gatewayPollMs: TICK_MS,
    lifecycle: lifecycleOf(minutes),
  });
  const clock = setInterval(() => {
    virtual += SPEEDUP * TICK_MS;
  }, TICK_MS);
  try {
    const { client, sent } = gatewayClient(server);
    const { final } = await deployByNameAndWait(server, client);
    if (final.via !== 'websocket' || final.state !== 'DEPLOYED')
      throw new Error(`the wait ended ${final.state} via ${final.via}`);
    return { requests: sent.length, sent };
  } finally {
    clearInterval(clock);
    await server.close();
  }
}

/**
 * How long after the embedded API settles a deployment wait() resolves over the gateway, on the
 * real clock: `runs` deployments of about `deploymentMs`, the gateway at its default check interval
 * (100 ms). Each lasts a fraction of that interval longer than the last, so the end falls at each
 * point between two of the gateway's checks rather than always just before one.
 */
export async function gatewayDetectionMs(runs = 5, deploymentMs = 1_000): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < runs; i++) {
    const length = deploymentMs + Math.round((i * 100) / runs);
    const server = await startQoveryMockServer({
      ...DEPLOY_SCENE,
      rateLimit: false,
      lifecycle: { queuedMs: length / 5, buildingMs: (length * 2) / 5, deployingMs: (length * 2) / 5 },
    });
    try {
      const { final, settledAt } = await deployByNameAndWait(server, gatewayClient(server).client);
      const at = Date.now();
      if (final.via !== 'websocket') throw new Error(`the wait ended via ${final.via}`);
      seen.push(at - settledAt);
    } finally {
      await server.close();
    }
  }
  return seen;
}

/** The same, polling, on the virtual clock of bench/requests.ts: N-minute deployments. */
export async function pollingDetectionMs(minutes: number): Promise<number> {
  return onVirtualClock(async () => {
    const { client, mock } = counted(DEPLOY_SCENE, { now: () => Date.now(), lifecycle: lifecycleOf(minutes) });
    const found = await client.services.find({ name: 'web' });
    const queued = await client.applications.deploy(found.id, { gitCommitId: 'a'.repeat(40) });
    await client.deployments.wait(
      { applicationId: found.id, deploymentRequestId: queued.deployment_request_id },
      { timeout: 2 * 60 * MINUTE },
    );
    const deployment = mock.state.deployments.find((d) => d.id === queued.deployment_request_id);
    if (!deployment) throw new Error('the deployment is not in the mock');
    return Date.now() - (deployment.startedAt + total(deployment.timings));
  });
}

/** `gc()`, exposed at run time when node was not started with --expose-gc. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export const LOG_LINES = 10_000;
const PER_FRAME = 64;

/** An `EnvironmentLogs` entry, numbered `n` in its message. */
function entry(n: number, executionId: string) {
  return {
    type: 'deployment',
    timestamp: new Date(Date.parse('2030-01-01T00:00:00Z') + n).toISOString(),
    details: {
      organization_id: null,
      cluster_id: null,
      execution_id: executionId,
      transmitter: { id: null, name: 'web', type: 'Application' },
      stage: { step: 'Building', id: null, name: 'build' },
    },
    message: { safe_message: `#${n} Step 3/9 : RUN npm ci --omit=dev (line ${n} of the build)`, full_details: null },
  };
}

export interface FollowResult {
  received: number;
  duplicates: number;
  lost: number;
  connections: number;
  heapBeforeMiB: number;
  heapAfterMiB: number;
  heapPeakMiB: number;
}

/**
 * Follows LOG_LINES entries at 64 a frame with deployments.follow(), from a small gateway of its
 * own: the log lines are written 64 every 5 ms (157 frames), each connection gets what was written
 * (the backlog at the open, as Qovery's gateway sends it) then each new frame; the status stream
 * says DEPLOYED once the last is written. With `dropAfter`, the first logs connection is destroyed
 * without a close frame once it has sent that many entries.
 */
export async function followLogLines(
  options: { dropAfter?: number; pause?: { at: number; ms: number } } = {},
): Promise<FollowResult> {
  const gc = collector();
  const mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false });
  const environment = mock.state.environments.find((e) => e.name === 'production');
  if (!environment) throw new Error('no production environment');
  const executionId = `${environment.id}-7`;
  const all = Array.from({ length: LOG_LINES }, (_, n) => JSON.stringify(entry(n, executionId)));
  let written = 0;
  let connections = 0;
  let dropped = false;
  const logSockets = new Map<WebSocket, { sent: number }>();
  const statusSockets = new Set<WebSocket>();
  const frame = (from: number, to: number) => `[${all.slice(from, to).join(',')}]`;
  const push = (socket: WebSocket, cursor: { sent: number }) => {
    while (cursor.sent < written) {
      const to = Math.min(cursor.sent + PER_FRAME, written);
      socket.send(frame(cursor.sent, to));
      cursor.sent = to;
      if (options.dropAfter !== undefined && !dropped && cursor.sent >= options.dropAfter) {
        dropped = true;
        logSockets.delete(socket);
        socket.terminate();
        return;
      }
    }
  };
  const deployed = JSON.stringify({
    environment: { id: environment.id, state: 'DEPLOYED', last_deployment_state: 'DEPLOYED' },
  });
  const running = JSON.stringify({
    environment: { id: environment.id, state: 'DEPLOYING', last_deployment_state: 'DEPLOYING' },
  });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (socket, request) => {
    const path = new URL(request.url ?? '/', 'ws://gateway').pathname;
    socket.on('error', () => {});
    if (path === '/deployment/logs') {
      connections++;
      const cursor = { sent: 0 };
      logSockets.set(socket, cursor);
      socket.on('close', () => logSockets.delete(socket));
      push(socket, cursor);
    } else if (path === '/deployment/status') {
      statusSockets.add(socket);
      socket.on('close', () => statusSockets.delete(socket));
      socket.send(written >= LOG_LINES ? deployed : running);
    } else socket.close(4404, 'no such endpoint');
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const address = wss.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const client = new Qovery({
    apiToken: mock.adminToken,
    baseUrl: 'https://api.qovery.test',
    websocketUrl: `ws://127.0.0.1:${address.port}`,
    fetch: (request: Request) => mock.fetch(request),
  });
  // Seen count per entry, by its number: allocated before the first measure, so it is not growth.
  const seen = new Uint8Array(LOG_LINES);
  let received = 0;
  let duplicates = 0;
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const writer = setInterval(() => {
    written = Math.min(written + PER_FRAME, LOG_LINES);
    for (const [socket, cursor] of logSockets) push(socket, cursor);
    if (written >= LOG_LINES) {
      clearInterval(writer);
      for (const socket of statusSockets) socket.send(deployed);
    }
  }, 5);
  try {
    for await (const line of client.deployments.follow({ environmentId: environment.id })) {
      const n = Number(/^#(\d+) /.exec(line.message?.safe_message ?? '')?.[1]);
      if (!Number.isInteger(n) || n < 0 || n >= LOG_LINES)
        throw new Error(`an entry that is not one of ours: ${JSON.stringify(line)}`);
      received++;
      const times = (seen[n] ?? 0) + 1;
      seen[n] = times;
      if (times > 1) duplicates++;
      if (options.pause && n === options.pause.at) await new Promise((r) => setTimeout(r, options.pause?.ms));
      if (received % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  } finally {
    clearInterval(writer);
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;
  return {
    received,
    duplicates,
    lost: seen.filter((count) => count === 0).length,
    connections,
    heapBeforeMiB: mib(before),
    heapAfterMiB: mib(after),
    heapPeakMiB: mib(peak),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Every row of this bench, printing the figures the rows leave out as it goes. */
export async function gatewayRows(print = true): Promise<Row[]> {
  const rows: Row[] = [];
  const say = (text: string) => {
    if (print) console.log(text);
  };
  // Polling on fake timers first, before any real socket: a timer undici or the server arms while
  // they are installed would fire on the wrong clock.
  const polling: number[] = [];
  for (const minutes of [1, 5, 15]) polling.push(await pollingDetectionMs(minutes));
  for (const minutes of [1, 5, 15]) {
    const { requests, sent } = await gatewayWaitRequests(minutes);
    say(`gateway wait, ${minutes} min: ${requests} requests (${sent.join(', ')})`);
    rows.push({
      metric: 'requests per workflow',
      subject: `deploy an application by name and wait, ${minutes} min deployment, over the gateway (least the contract allows: 3)`,
      value: requests,
      unit: 'requests',
      budget: 4,
    });
  }
  const overGateway = await gatewayDetectionMs();
  say(
    `end seen after it settled: over the gateway ${overGateway.join(', ')} ms (median ${median(overGateway)}); ` +
      `polling ${polling.join(', ')} ms for 1, 5 and 15 min deployments (virtual clock), at worst 15000 ms (a poll every 15 s once backed off)`,
  );
  rows.push(
    {
      metric: 'end of a deployment seen after it settled',
      subject: `deployments.wait() over the gateway (worst of ${overGateway.length} deployments of about 1 s, ending at each point between two of the embedded gateway's checks, every 100 ms)`,
      value: Math.max(...overGateway),
      unit: 'ms',
      budget: 1000,
    },
    {
      metric: 'end of a deployment seen after it settled',
      subject: 'deployments.wait() polling (worst of 1, 5 and 15 min deployments, virtual clock; at worst 15000 ms)',
      value: Math.max(...polling),
      unit: 'ms',
    },
  );
  const cases: [string, Parameters<typeof followLogLines>[0]][] = [
    ['', {}],
    [', the connection dropped once after 5,000', { dropAfter: 5_000 }],
    [
      ', dropped after 5,000 while the caller holds that frame 600 ms',
      { dropAfter: 5_000, pause: { at: 5_000, ms: 600 } },
    ],
  ];
  for (const [label, how] of cases) {
    const result = await followLogLines(how);
    say(`follow ${LOG_LINES} log lines${label}: ${JSON.stringify(result)}`);
    const subject = `deployments.follow(), ${LOG_LINES.toLocaleString('en-US')} entries at ${PER_FRAME} a frame${label}`;
    rows.push(
      { metric: 'log entries received', subject, value: result.received, unit: 'entries' },
      {
        metric: 'log entries lost or repeated',
        subject,
        value: result.lost + result.duplicates,
        unit: 'entries',
        budget: 0,
      },
    );
    if (how?.dropAfter === undefined)
      rows.push(
        {
          metric: 'heap used after following, less before (after gc)',
          subject,
          value: Math.round((result.heapAfterMiB - result.heapBeforeMiB) * 100) / 100,
          unit: 'MiB',
        },
        {
          metric: 'heap used at its highest while following, less before',
          subject: `${subject} (the bench's gateway in the same process)`,
          value: Math.round((result.heapPeakMiB - result.heapBeforeMiB) * 100) / 100,
          unit: 'MiB',
        },
      );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await gatewayRows());
}
