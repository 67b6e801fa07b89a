/**
 * The Qovery mock of `qovery/testing` as msw request handlers, for test suites that already run
 * msw (an optional peer dependency): its REST API with {@link createMswHandlers}, and Qovery's
 * websocket gateway with {@link createMswGatewayHandlers}.
 *
 * @module qovery/testing/msw
 */
import { HttpResponse, http, type RequestHandler, type WebSocketHandler, ws } from 'msw';
import { isDroppedConnection } from './faults.js';
import type { GatewayOutput } from './gateway.js';
import type { QoveryMock } from './mock.js';

/**
 * msw request handlers serving a Qovery mock, for test suites that already run msw:
 * `server.use(...createMswHandlers(mock))`.
 */
export function createMswHandlers(mock: QoveryMock, options: { baseUrl?: string } = {}): RequestHandler[] {
  const baseUrl = (options.baseUrl ?? 'https://api.qovery.com').replace(/\/+$/, '');
  return [
    http.all(`${baseUrl}/*`, async ({ request }) => {
      try {
        return await mock.handle(request);
      } catch (error) {
        if (isDroppedConnection(error)) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}

/** The options of {@link createMswGatewayHandlers}. */
export interface MswGatewayOptions {
  /** The gateway's base URL the code under test connects to. Default `wss://ws.qovery.com`. */
  websocketUrl?: string;
  /** How often each connection looks at the mock's clock for new frames, in milliseconds. Default 100. */
  pollMs?: number;
}

/** Written here, not imported: the msw entry does not carry the gateway's code, only calls it on the mock. */
const PATHS = ['/deployment/status', '/deployment/logs', '/service/logs'] as const;

/**
 * msw WebSocket handlers serving a Qovery mock's gateway (`mock.gateway`) at
 * `wss://ws.qovery.com/deployment/status`, `/deployment/logs` and `/service/logs`, with the same
 * frames and faults as `startQoveryMockServer()`: `server.use(...createMswGatewayHandlers(mock))`.
 *
 * What msw can do here, and what it cannot:
 * - msw intercepts the global `WebSocket` class only, patched when `server.listen()` runs, and
 *   only when one exists then. Node 20 has none unless started with `--experimental-websocket`
 *   (Node 22 has one by default): on a plain Node 20, these handlers never see a connection. A
 *   test can install one first (`globalThis.WebSocket = (await import('ws')).WebSocket` before
 *   `listen()`): msw replaces it with its own emulation, and nothing goes over the network.
 * - The standard `WebSocket` sends no headers, so the only credential msw sees is the console's
 *   subprotocols, `['v1', 'auth.bearer.<jwt or token>']`; the Go CLI's `Authorization` header form
 *   cannot be tested through msw (use `startQoveryMockServer()` and its `wsUrl`).
 * - A client built on the `ws` package (the SDK's Node transport) is not served: msw (2.15) catches
 *   its upgrade request and answers 101 itself, with no subprotocol, then never sends a frame on
 *   that socket (without a global `WebSocket`, its upgrade answer is a 500 instead). Test such a
 *   client against `startQoveryMockServer()` and its `wsUrl`.
 * - msw's emulation has no HTTP handshake to refuse: where the server answers the upgrade with an
 *   HTTP status, these handlers close the socket before it opens with code 4000 + that status
 *   (4401 for a bad or missing credential, 4400, 4403, 4404, or a `refuse` fault's status), the
 *   reason saying why. A `drop` or `close-mid-frame` fault closes with 1006.
 */
export function createMswGatewayHandlers(mock: QoveryMock, options: MswGatewayOptions = {}): WebSocketHandler[] {
  const base = (options.websocketUrl ?? 'wss://ws.qovery.com').replace(/\/+$/, '');
  const pollMs = options.pollMs ?? 100;
  return PATHS.map((path) =>
    ws.link(`${base}${path}`).addEventListener('connection', ({ client, info }) => {
      const { protocols } = info;
      const decision = mock.gateway.connect({
        url: client.url,
        protocols: protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : protocols,
      });
      if (!decision.accepted) {
        client.close(4000 + decision.status, decision.message);
        return;
      }
      const { session } = decision;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let open = true;
      const stop = () => {
        open = false;
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
      client.addEventListener('close', stop);
      const play = (output: GatewayOutput): boolean => {
        if (output.kind === 'text') {
          client.send(output.data);
          return true;
        }
        stop();
        // A turn later: msw's emulation drops a frame sent in the same turn as a close.
        const end = setTimeout(() => {
          if (output.kind === 'close') client.close(output.code, output.reason);
          else client.close(1006, 'connection dropped by a mock fault');
        }, 0);
        (end as { unref?: () => void }).unref?.();
        return false;
      };
      const tick = () => {
        timer = undefined;
        if (!open) return;
        for (const output of session.next()) if (!play(output)) return;
        schedule(pollMs);
      };
      const schedule = (ms: number) => {
        timer = setTimeout(tick, ms);
        // unref: an open socket never keeps Node running on its own.
        (timer as { unref?: () => void }).unref?.();
      };
      // After msw's emulated socket has opened: a frame sent before is held until the open, and a
      // close before the open (a drop at once) would lose it.
      schedule(0);
    }),
  );
}
