/**
 * Qovery's websocket gateway: where it is, how a stream is opened (the parameters as a query
 * string, as Qovery's CLI and console send them), and how a dropped stream is opened again.
 */
import { StreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import { sleep } from '../retry.js';
import { type GatewaySocket, openSocket, type WebSocketConstructor } from './socket.js';

/** The gateway Qovery's console and CLI use. */
export const DEFAULT_WEBSOCKET_URL = 'wss://ws.qovery.com';

/** How the client reaches the gateway. */
export interface GatewaySettings {
  /** `wss://ws.qovery.com`, or `QOVERY_WS_URL`, or the client's `websocketUrl`. */
  url: string;
  /** The REST calls' `Authorization` header. Kept here, never logged. */
  authorization: string;
  /** A standard WebSocket to use instead of the `ws` package. */
  WebSocket: WebSocketConstructor | undefined;
  /** How long an upgrade may take, and the first frame after it. Default 10 s. */
  connectTimeoutMs: number;
  log: Logger;
}

/** What the gateway's deployment streams need to know: where the environment is. */
export interface EnvironmentScope {
  organization: string;
  project: string;
  environment: string;
  /** The cluster the environment runs on; the gateway takes none for a deployment stream. */
  cluster: string | null;
}

/** How many times a dropped stream is opened again, and the first pause before it (doubling). */
const RECONNECTS = 5;
const FIRST_PAUSE_MS = 250;
const RECEIVED_CUT = 2000;

/** A gateway the client can stream from. */
export class Gateway {
  readonly #settings: GatewaySettings;

  constructor(settings: GatewaySettings) {
    this.#settings = settings;
  }

  /** How long an upgrade may take, and a stream's first word. */
  get timeoutMs(): number {
    return this.#settings.connectTimeoutMs;
  }

  /** Where it is: shown in errors and logs (never with credentials). */
  get url(): string {
    return this.#settings.url;
  }

  /** The gateway's query string for a scope, `null` and undefined values left out. */
  static query(values: Record<string, string | number | null | undefined>): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values))
      if (value !== null && value !== undefined) search.set(key, String(value));
    return search.toString();
  }

  /**
   * The frames of `path` as parsed JSON, in order, until the gateway closes the stream cleanly or
   * the signal fires. A refusal (an HTTP answer to the upgrade, a close code from 4000), a first
   * connection that fails, ends it with a `StreamError` at once; a dropped connection is opened
   * again up to 5 times, 250 ms then twice as long each time,
   * and `reopened` is told, so a caller can skip what it already had. A frame that is not JSON ends
   * it with a `StreamError` carrying the frame.
   */
  async *frames(
    path: string,
    query: string | (() => string),
    options: { signal?: AbortSignal; reopened?: () => void } = {},
  ): AsyncGenerator<unknown, void, undefined> {
    const { signal } = options;
    // A function is asked again at each opening: a stream may narrow what it reopens.
    const urlOf = () => {
      const search = typeof query === 'function' ? query() : query;
      return `${this.#settings.url.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
    };
    let everOpened = false;
    for (let attempt = 0; ; attempt++) {
      let socket: GatewaySocket | undefined;
      try {
        socket = await openSocket({
          url: urlOf(),
          path,
          authorization: this.#settings.authorization,
          WebSocket: this.#settings.WebSocket,
          connectTimeoutMs: this.#settings.connectTimeoutMs,
          signal,
        });
        if (attempt > 0) options.reopened?.();
        everOpened = true;
        for (;;) {
          const text = await socket.next();
          if (text === undefined) return;
          attempt = 0;
          let frame: unknown;
          try {
            frame = JSON.parse(text);
          } catch {
            throw new StreamError(`${path}: the gateway sent a frame that is not JSON`, {
              path,
              received: text.slice(0, RECEIVED_CUT),
            });
          }
          yield frame;
        }
      } catch (error) {
        if (!(error instanceof StreamError) || signal?.aborted) throw error;
        // Refused, unreadable, or not possible from here: opening again would get the same. Never
        // reached at all: the caller falls back at once rather than after every retry.
        if (error.permanent || attempt >= RECONNECTS || !everOpened) throw error;
        const pause = FIRST_PAUSE_MS * 2 ** attempt;
        this.#settings.log.warn(`${error.message}; opening ${path} again in ${pause} ms`);
        await sleep(pause, signal).catch(() => {});
        if (signal?.aborted) return;
      } finally {
        socket?.close();
      }
    }
  }
}
