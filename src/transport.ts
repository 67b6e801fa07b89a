import { runtimeProcess } from './env.js';
import { APIConnectionError, APITimeoutError, APIUserAbortError, QoveryError } from './errors.js';
import { redactCause, redactText } from './redact.js';

export type FetchLike = (input: Request) => Promise<Response>;

/**
 * The request class a client hands openapi-fetch: a PlainRequest that always carries the client's
 * credential (`authorize` sets it last).
 */
export function requestClass(authorize: (headers: Headers) => void): typeof PlainRequest {
  return class AuthorizedRequest extends PlainRequest {
    constructor(url: string, init?: RequestInit) {
      super(url, init);
      authorize(this.headers);
    }
  };
}

/**
 * What openapi-fetch builds for each call (its `Request` option), instead of a real Request.
 * openapi-fetch would build a Request and fetch would then build another from it, each with its own
 * AbortSignal following ours: profiling put that at about a tenth of a call's time and most of the
 * SDK's memory growth under load. The global fetch gets `(url, init)` and builds the only one; a
 * custom `fetch` still gets a real Request.
 */
export class PlainRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: RequestInit['body'];
  readonly signal: AbortSignal | undefined;
  readonly dispatcher: Dispatcher | undefined;

  constructor(
    readonly url: string,
    init: RequestInit = {},
  ) {
    this.method = init.method ?? 'GET';
    // openapi-fetch hands over the Headers it just merged: reuse them rather than copy.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal ?? undefined;
    this.dispatcher = (init as { dispatcher?: Dispatcher }).dispatcher;
  }

  /** What `fetch(url, init)` needs. */
  init(): RequestInit {
    const init: RequestInit & { dispatcher?: Dispatcher } = {
      method: this.method,
      headers: this.headers,
      body: this.body,
      signal: this.signal,
      redirect: 'follow',
    };
    if (this.dispatcher) init.dispatcher = this.dispatcher;
    return init;
  }
}

/**
 * Fetch rejects with bare `TypeError`s and `DOMException`s, while sending and again while reading
 * a body: this turns any of them into `APIUserAbortError` (the caller's signal fired) or
 * `APIConnectionError`, with secrets kept out of the message and the cause.
 */
export function networkError(
  error: unknown,
  context: { aborted: boolean; where: string; secrets: readonly string[] },
): QoveryError {
  if (error instanceof QoveryError) return error;
  const cause = redactCause(error, context.secrets);
  // `where` names the path, which may hold any value a caller put in it: redacted too.
  const where = redactText(context.where, context.secrets);
  if (context.aborted) return new APIUserAbortError(`Request was aborted (${where})`, { cause });
  const reason = redactText(error instanceof Error ? error.message : String(error), context.secrets);
  return new APIConnectionError(`Connection error: ${reason} (${where})`, { cause });
}

/**
 * The fetch every request goes through. It looks the implementation up at call time (so a
 * `globalThis.fetch` installed after the client was made, by msw for instance, is used).
 */
export function createTransport(
  customFetch: FetchLike | undefined,
  secrets: readonly string[],
): (request: PlainRequest) => Promise<Response> {
  return async (request) => {
    const globalFetch = globalThis.fetch;
    if (!customFetch && typeof globalFetch !== 'function') {
      throw new QoveryError('No fetch implementation: pass one as the `fetch` option (Node 18+ has a global fetch)');
    }
    const where = () => `${request.method} ${new URL(request.url).pathname}`;
    let response: unknown;
    try {
      response = await (customFetch
        ? customFetch(new Request(request.url, request.init()))
        : globalFetch(request.url, request.init()));
    } catch (error) {
      throw networkError(error, { aborted: request.signal?.aborted ?? false, where: where(), secrets });
    }
    // Duck-typed: a fetch from another realm or library (undici's own) has its own Response class.
    if (!isResponseLike(response)) {
      throw new QoveryError(`The fetch in use answered ${where()} with something that is not a Response`);
    }
    return response;
  };
}

function isResponseLike(value: unknown): value is Response {
  return typeof (value as Response | null)?.status === 'number' && typeof (value as Response).text === 'function';
}

/** The one method of an undici dispatcher that Node's fetch calls. */
export interface Dispatcher {
  dispatch(options: object, handler: unknown): boolean;
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** How an attempt ends when its time is up. */
export interface Deadline {
  /** The signal the request carries, if any. */
  readonly signal: AbortSignal | undefined;
  /** For Node's fetch: what closes the socket at the deadline, in place of an abort signal. */
  readonly dispatcher?: Dispatcher;
  timedOut(): boolean;
  /** `work`, ended at the deadline even when nothing aborts it. */
  bound<T>(work: Promise<T>): Promise<T>;
  /** Clears the timer: nothing outlives the attempt. */
  done(): void;
}

/**
 * A deadline for an attempt sent by Node's own fetch, without an AbortSignal of its own. On Node 20
 * an AbortSignal and its timer per request took a loopback call to 1.09–1.10× raw fetch; this way
 * costs 1.03–1.06× (bench/signal-cost.ts), and the memory that 10,000 calls leave behind is raw
 * fetch's. The request goes through the global dispatcher of the moment (a proxy set with
 * setGlobalDispatcher still applies) with undici's header and body timeouts set to the attempt's:
 * they close the socket, within about a second of the deadline as undici's timers are coarse. The
 * attempt itself ends on the SDK's timer, to the millisecond. The caller's signal, if any, is the
 * request's. Undefined where fetch is not Node's (browsers, edge runtimes, Bun, Deno): the attempt
 * then carries an abortable signal.
 */
export function socketDeadline(callerSignal: AbortSignal | undefined, timeoutMs: number): Deadline | undefined {
  const dispatcher = timeoutDispatcher(timeoutMs);
  if (!dispatcher) return undefined;
  let timedOut = false;
  let expire: (() => void) | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    expire?.();
  }, timeoutMs);
  return {
    signal: callerSignal,
    dispatcher,
    timedOut: () => timedOut,
    bound: (work) =>
      new Promise((resolve, reject) => {
        expire = () => reject(new APITimeoutError(`Request timed out after ${timeoutMs} ms`));
        work.then(resolve, reject);
      }),
    done: () => clearTimeout(timer),
  };
}

const dispatchers = new Map<number, Dispatcher>();
/** Only Node's bundled undici honours `dispatcher`; elsewhere the symbol may be set by an npm undici. */
let nodeFetch: boolean | undefined;

function timeoutDispatcher(ms: number): Dispatcher | undefined {
  const globals = globalThis as Record<symbol, unknown>;
  nodeFetch ??= typeof runtimeProcess()?.versions?.undici === 'string';
  if (!nodeFetch) return undefined;
  // Node sets it up on its first fetch: until then, the caller falls back to a signal.
  if (typeof (globals[GLOBAL_DISPATCHER] as Dispatcher | undefined)?.dispatch !== 'function') return undefined;
  let dispatcher = dispatchers.get(ms);
  if (!dispatcher) {
    dispatcher = {
      // Looked up per request: setGlobalDispatcher may have been called since.
      // Object.assign, not a spread: V8 takes a slow path for `{ ...options, more }`, about 2 µs here.
      dispatch: (options, handler) =>
        (globals[GLOBAL_DISPATCHER] as Dispatcher).dispatch(
          Object.assign({}, options, { headersTimeout: ms, bodyTimeout: ms }),
          handler,
        ),
    };
    if (dispatchers.size < 16) dispatchers.set(ms, dispatcher);
  }
  return dispatcher;
}
