import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDroppedConnection } from './faults.js';
import { createQoveryMock, type QoveryMock, type QoveryMockOptions } from './mock.js';

/** The options of `startQoveryMockServer()`: those of `createQoveryMock()`, plus the port, or a mock to serve. */
export interface QoveryMockServerOptions extends QoveryMockOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Serve this mock instead of creating one from the options. */
  mock?: QoveryMock;
}

/** A running mock server, as `startQoveryMockServer()` returns it. */
export interface QoveryMockServer {
  /** `http://127.0.0.1:<port>`: pass it as the client's `baseUrl`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The mock behind the server: its state, tokens, faults and reset. */
  readonly mock: QoveryMock;
  /** Stops the server, closes open connections and frees the port. */
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

/** Serves a Qovery mock over real HTTP on 127.0.0.1, for code that needs a URL rather than a fetch. */
export async function startQoveryMockServer(options: QoveryMockServerOptions = {}): Promise<QoveryMockServer> {
  // Loaded here, not at the top, so that `qovery/testing` still loads where there is no node:http.
  const { createServer } = await import('node:http');
  const mock = options.mock ?? createQoveryMock(options);
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('qovery mock server: no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: origin,
    port: address.port,
    mock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
