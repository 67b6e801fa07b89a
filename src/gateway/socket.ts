/**
 * One socket to Qovery's websocket gateway, as an async queue of text frames. Node (and Bun, Deno)
 * use the `ws` package, loaded on first use, which sends the `Authorization` header on the upgrade
 * as Qovery's Go CLI does. Elsewhere (edge runtimes, browsers) only a standard `WebSocket` exists,
 * which cannot set headers: a JWT then goes as the console sends it, subprotocols
 * `['v1', 'auth.bearer.<jwt>']`; an API token cannot go at all, and the caller polls instead.
 */
import { StreamError } from '../errors.js';

/** The standard WebSocket constructor, as far as the SDK uses it. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => StandardSocket;

/** What the SDK uses of a standard WebSocket. */
export interface StandardSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** `open`, `message` (`data`), `error` and `close` (`code`, `reason`) are the events the SDK listens to. */
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
  /** Closes the socket. */
  close(code?: number, reason?: string): void;
}

/** What the SDK uses of the `ws` package's WebSocket. */
interface NodeSocket {
  on(event: string, listener: (...args: never[]) => void): void;
  close(code?: number): void;
  terminate(): void;
  ping(): void;
}

/** How often an open socket is pinged; one that has not answered the last ping by then is dropped. */
export const PING_MS = 30_000;
type NodeSocketConstructor = new (
  url: string,
  options: { headers: Record<string, string>; handshakeTimeout: number },
) => NodeSocket;

/** How to reach the gateway and prove who is calling. */
export interface SocketInit {
  /** `wss://ws.qovery.com/deployment/status?…` */
  url: string;
  /** The gateway's path, for errors. */
  path: string;
  /** The `Authorization` header of the REST calls: `Token …` or `Bearer …`. */
  authorization: string;
  /** A standard WebSocket to use instead of `ws` (msw intercepts the global one). */
  WebSocket: WebSocketConstructor | undefined;
  /** How long the upgrade may take. */
  connectTimeoutMs: number;
  signal: AbortSignal | undefined;
}

/** An open socket: the frames as they come, then its end. */
export interface GatewaySocket {
  /** The next frame's text; undefined once the socket closed cleanly; rejects with why it did not. */
  next(): Promise<string | undefined>;
  /** Closes it; pending and later `next()` calls resolve undefined. */
  close(): void;
}

let nodeSocket: Promise<NodeSocketConstructor | undefined> | undefined;

/** The `ws` package's WebSocket, or undefined where it cannot load. Loaded once. */
function loadNodeSocket(): Promise<NodeSocketConstructor | undefined> {
  nodeSocket ??= import('ws').then(
    (module) => {
      // Edge and browser bundles get ws's browser stub, a function that only throws: not a client.
      const found = (module.WebSocket ?? module.default) as unknown as { CONNECTING?: unknown } | undefined;
      return typeof found === 'function' && 'CONNECTING' in found
        ? (found as unknown as NodeSocketConstructor)
        : undefined;
    },
    () => undefined,
  );
  return nodeSocket;
}

/** A queue of frames that `next()` reads in order; ended once, with or without an error. */
function inbox() {
  const frames: string[] = [];
  let ended: { error?: StreamError } | undefined;
  let waiting: { resolve: (frame: string | undefined) => void; reject: (error: StreamError) => void } | undefined;
  return {
    push(frame: string) {
      if (ended) return;
      if (waiting) {
        waiting.resolve(frame);
        waiting = undefined;
      } else frames.push(frame);
    },
    end(error?: StreamError) {
      if (ended) return;
      ended = error ? { error } : {};
      if (waiting) {
        if (error) waiting.reject(error);
        else waiting.resolve(undefined);
        waiting = undefined;
      }
    },
    next(): Promise<string | undefined> {
      const frame = frames.shift();
      if (frame !== undefined) return Promise.resolve(frame);
      if (ended) return ended.error ? Promise.reject(ended.error) : Promise.resolve(undefined);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
  };
}

const text = (data: unknown): string =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new TextDecoder().decode(data) : String(data);

/**
 * Opens a socket and resolves once the gateway accepted it; rejects with a `StreamError` when it
 * refused (its HTTP status), could not be reached, or the caller's signal fired.
 */
export async function openSocket(init: SocketInit): Promise<GatewaySocket> {
  const { path, signal } = init;
  if (signal?.aborted) throw new StreamError(`${path}: aborted before connecting`, { path });
  const Standard = init.WebSocket;
  const Node = Standard ? undefined : await loadNodeSocket();
  if (signal?.aborted) throw new StreamError(`${path}: aborted before connecting`, { path });
  const queue = inbox();
  return new Promise<GatewaySocket>((resolve, reject) => {
    let open = false;
    let close: () => void = () => {};
    const fail = (error: StreamError) => {
      if (!open) reject(error);
      queue.end(error);
      close();
    };
    const onAbort = () => {
      queue.end();
      close();
      if (!open) reject(new StreamError(`${path}: aborted while connecting`, { path }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const opened = (socket: GatewaySocket) => {
      open = true;
      resolve(socket);
    };
    const closed = (code: number, reason: string) => {
      signal?.removeEventListener('abort', onAbort);
      // 1000: a close the gateway meant; anything else ended the stream early.
      if (code === 1000 || !open) queue.end();
      else
        queue.end(
          new StreamError(`${path}: the gateway closed the socket (${code}${reason ? ` ${reason}` : ''})`, {
            path,
            closeCode: code,
            // 4000 and up: the application's own codes, a refusal (msw's 4401, the gateway's 4404).
            permanent: code >= 4000,
          }),
        );
      if (!open)
        reject(
          new StreamError(`${path}: the gateway closed the socket before it opened (${code})`, {
            path,
            closeCode: code,
          }),
        );
    };

    /** A client that cannot even be made (a bad URL or subprotocol): opening again would not help. */
    const unmade = (error: unknown) => {
      signal?.removeEventListener('abort', onAbort);
      reject(
        new StreamError(
          `${path}: the WebSocket client refused to connect (${error instanceof Error ? error.message : String(error)})`,
          {
            path,
            permanent: true,
          },
        ),
      );
    };
    if (Node) {
      let socket: NodeSocket;
      try {
        socket = new Node(init.url, {
          headers: { Authorization: init.authorization },
          handshakeTimeout: init.connectTimeoutMs,
        });
      } catch (error) {
        return unmade(error);
      }
      close = () => socket.terminate();
      const api: GatewaySocket = {
        next: () => queue.next(),
        close: () => {
          queue.end();
          socket.close(1000);
          // A peer that never answers the close must not keep the process alive.
          setTimeout(() => socket.terminate(), 1000).unref?.();
        },
      };
      // A connection gone without a word (a NAT or proxy dropping it) is found by pings, and
      // dropped: the stream then reopens, or the wait polls. The timer never keeps Node running.
      let answered = true;
      const pinger = setInterval(() => {
        if (!answered) return socket.terminate();
        answered = false;
        try {
          socket.ping();
        } catch {
          // Not open (closing, or not yet): its close event ends it.
        }
      }, PING_MS);
      (pinger as { unref?: () => void }).unref?.();
      socket.on('pong', () => {
        answered = true;
      });
      socket.on('open', () => opened(api));
      socket.on('message', (data: never, isBinary: never) => {
        if (!isBinary) queue.push(String(data));
        else queue.push(text(data));
      });
      socket.on('unexpected-response', (_request: never, response: { statusCode?: number }) => {
        const status = response.statusCode;
        socket.terminate();
        fail(new StreamError(`${path}: the gateway refused the connection (HTTP ${status})`, { path, status }));
      });
      socket.on('error', (error: Error) => {
        fail(new StreamError(`${path}: ${error.message}`, { path }, { cause: error }));
      });
      socket.on('close', (code: number, reason: never) => {
        clearInterval(pinger);
        closed(code, String(reason ?? ''));
      });
      return;
    }

    const Global = Standard ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    const bearer = /^Bearer (.+)$/.exec(init.authorization)?.[1];
    if (!Global || !bearer) {
      signal?.removeEventListener('abort', onAbort);
      reject(
        new StreamError(
          Global
            ? `${path}: a standard WebSocket cannot send an API token (only a JWT, as a subprotocol)`
            : `${path}: no WebSocket client here`,
          { path, permanent: true },
        ),
      );
      return;
    }
    let socket: StandardSocket;
    try {
      socket = new Global(init.url, ['v1', `auth.bearer.${bearer}`]);
    } catch (error) {
      return unmade(error);
    }
    close = () => socket.close();
    const timer = setTimeout(
      () => fail(new StreamError(`${path}: no answer to the upgrade within ${init.connectTimeoutMs} ms`, { path })),
      init.connectTimeoutMs,
    );
    const api: GatewaySocket = {
      next: () => queue.next(),
      close: () => {
        queue.end();
        socket.close(1000);
      },
    };
    socket.addEventListener('open', () => {
      clearTimeout(timer);
      opened(api);
    });
    socket.addEventListener('message', (event) => queue.push(text(event.data)));
    socket.addEventListener('error', () => {
      clearTimeout(timer);
      fail(new StreamError(`${path}: the socket failed`, { path }));
    });
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      closed(event.code ?? 1006, event.reason ?? '');
    });
  });
}
