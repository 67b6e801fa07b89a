import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { isDroppedConnection } from './faults.js';
import type { GatewayFault, GatewaySession } from './gateway.js';
import { createQoveryMock, type QoveryMock, type QoveryMockOptions } from './mock.js';

/** The options of `startQoveryMockServer()`: those of `createQoveryMock()`, plus the port, or a mock to serve. */
export interface QoveryMockServerOptions extends QoveryMockOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Serve this mock instead of creating one from the options. */
  mock?: QoveryMock;
  /**
   * How often each gateway connection looks at the mock's clock for new frames, in milliseconds.
   * Default 100. The mock computes lifecycles when read, so frames follow the clock within this.
   */
  gatewayPollMs?: number;
}

/**
 * `server.gateway`: the websocket gateway the server answers on its port (`server.wsUrl`), with its
 * faults and the sockets it holds open.
 */
export interface QoveryMockGatewayServer {
  /** `ws://127.0.0.1:<port>`: the gateway's base URL (the client's `websocketUrl`). */
  readonly url: string;
  /** How many gateway sockets are open now (for leak tests). */
  readonly openSockets: number;
  /** Queues a fault for the next matching connection: the same as `mock.gateway.failNext()`. */
  failNext(fault: GatewayFault): void;
  /**
   * Closes every open gateway socket with a close frame (`code`, default 1001, going away), or
   * destroys them (`terminate: true`) as a dropped network would.
   */
  closeAll(options?: {
    /** The close code. Default 1001. */
    code?: number;
    /** Destroy the connections without a close frame instead. */
    terminate?: boolean;
  }): void;
}

/** A running mock server, as `startQoveryMockServer()` returns it. */
export interface QoveryMockServer {
  /** `http://127.0.0.1:<port>`: pass it as the client's `baseUrl`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The mock behind the server: its state, tokens, faults and reset. */
  readonly mock: QoveryMock;
  /** `ws://127.0.0.1:<port>`: where Qovery's websocket gateway is served (the client's `websocketUrl`). */
  readonly wsUrl: string;
  /** The websocket gateway on the same port: faults, open sockets. */
  readonly gateway: QoveryMockGatewayServer;
  /** Stops the server, closes open connections and gateway sockets, and frees the port. */
  close(): Promise<void>;
}

async function toRequest(incoming: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const method = incoming.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(new URL(incoming.url ?? '/', origin), { method, headers, body, signal });
}

async function send(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > 0 || response.status !== 204) headers['content-length'] = String(body.length);
  outgoing.writeHead(response.status, headers);
  outgoing.end(body);
}

/** A refusal of an upgrade request: an HTTP answer on the raw socket, then the socket closed. */
function refuseUpgrade(socket: Duplex, status: number, message: string, title: string): void {
  const body = JSON.stringify({ status, error: title, message });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Serves a Qovery mock over real HTTP on 127.0.0.1, for code that needs a URL rather than a fetch,
 * and Qovery's websocket gateway on the same port (`wsUrl`): `/deployment/status`,
 * `/deployment/logs` and `/service/logs`, parameters in the query string. The gateway takes the
 * credential as the Go CLI sends it (the upgrade request's `Authorization` header) or as the
 * console does (subprotocols `v1` and `auth.bearer.<credential>`, answered `v1`). Its refusals are
 * HTTP answers to the upgrade, no socket opening: 401 for a bad or missing credential, 400 for bad
 * parameters, 404 for an environment, service or version that does not exist or is not the
 * caller's organization's, 403 for a role that cannot read it. A socket whose environment or service
 * is deleted is closed with code 4404. Connections are not counted by the rate limiter.
 *
 * Frames, each one text frame of JSON:
 * - `/deployment/status`: the answer of `getEnvironmentStatusesWithStages` for the environment at
 *   the open, then again whenever it changes; with `version`, as of that deployment (the later
 *   requests left out).
 * - `/deployment/logs`: arrays of at most 64 entries of `listEnvironmentLogs`, oldest first, each
 *   once: the backlog at the open, then the new ones; with `version` that execution's, without it
 *   the latest deployment's at each moment (a newer deployment's entries follow).
 * - `/service/logs`: one line (`ServiceLogResponseDto`) a frame: the last `limit` lines (default
 *   100; 0 for none) written at or after `start` (milliseconds since the epoch or ISO 8601), then
 *   every new line; `pod_name`, `deployment_id` (a request or execution id) and `query` (text the
 *   message contains) filter both.
 */
export async function startQoveryMockServer(options: QoveryMockServerOptions = {}): Promise<QoveryMockServer> {
  // Loaded here, not at the top, so that `qovery/testing` still loads where there is no node:http.
  const { createServer, STATUS_CODES } = await import('node:http');
  const { WebSocketServer } = await import('ws');
  const mock = options.mock ?? createQoveryMock(options);
  const pollMs = options.gatewayPollMs ?? 100;
  const sockets = new Set<WebSocket>();
  // The subprotocol each accepted upgrade answers, handed from the upgrade to ws's handshake.
  const answered = new WeakMap<IncomingMessage, string | undefined>();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (_protocols, request) => answered.get(request) ?? false,
  });
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    toRequest(incoming, origin, controller.signal)
      .then((request) => mock.handle(request))
      .then((response) => send(response, outgoing))
      .catch((error: unknown) => {
        if (isDroppedConnection(error) || controller.signal.aborted) {
          incoming.socket.destroy();
          return;
        }
        outgoing.writeHead(500, { 'content-type': 'text/plain' });
        outgoing.end(`qovery mock failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  });

  /** Plays a session on a socket: its frames at the open, then at each poll, until it closes. */
  function play(socket: WebSocket, session: GatewaySession): void {
    sockets.add(socket);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      sockets.delete(socket);
    };
    socket.on('close', stop);
    socket.on('error', stop);
    const tick = () => {
      timer = undefined;
      if (socket.readyState !== socket.OPEN) return stop();
      for (const output of session.next()) {
        if (output.kind === 'text') socket.send(output.data);
        else if (output.kind === 'close') return socket.close(output.code, output.reason);
        else {
          // Destroyed once what was queued is written: the client reads the frames, then no close frame.
          const raw = (socket as unknown as { _socket?: Duplex })._socket;
          if (raw) raw.end(() => raw.destroy());
          else socket.terminate();
          stop();
          return;
        }
      }
      // unref: an open gateway socket never keeps Node running on its own.
      timer = setTimeout(tick, pollMs);
      timer.unref?.();
    };
    tick();
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const protocols = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    let decision: ReturnType<typeof mock.gateway.connect>;
    try {
      decision = mock.gateway.connect({
        url: request.url ?? '/',
        authorization: request.headers.authorization ?? null,
        protocols,
      });
    } catch (error) {
      refuseUpgrade(
        socket,
        500,
        `qovery mock failed: ${error instanceof Error ? error.message : String(error)}`,
        'Internal Server Error',
      );
      return;
    }
    if (!decision.accepted) {
      refuseUpgrade(socket, decision.status, decision.message, STATUS_CODES[decision.status] ?? 'Error');
      return;
    }
    const { session, protocol } = decision;
    answered.set(request, protocol);
    wss.handleUpgrade(request, socket, head, (ws) => play(ws, session));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('qovery mock server: no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
  const wsUrl = `ws://127.0.0.1:${address.port}`;
  const closeAll: QoveryMockGatewayServer['closeAll'] = (how = {}) => {
    for (const socket of [...sockets]) {
      if (how.terminate) socket.terminate();
      else socket.close(how.code ?? 1001, 'qovery mock gateway closing');
      sockets.delete(socket);
    }
  };
  return {
    url: origin,
    port: address.port,
    mock,
    wsUrl,
    gateway: {
      url: wsUrl,
      get openSockets() {
        return sockets.size;
      },
      failNext: (fault) => mock.gateway.failNext(fault),
      closeAll,
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Sockets go at once: a close handshake would wait on clients that may never answer.
        for (const socket of wss.clients) socket.terminate();
        closeAll({ terminate: true });
        wss.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
