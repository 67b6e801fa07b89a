import { APIConnectionError, APIUserAbortError, QoveryError } from './errors.js';
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

  constructor(
    readonly url: string,
    init: RequestInit = {},
  ) {
    this.method = init.method ?? 'GET';
    // openapi-fetch hands over the Headers it just merged: reuse them rather than copy.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal ?? undefined;
  }

  /** What `fetch(url, init)` needs. */
  init(): RequestInit {
    return { method: this.method, headers: this.headers, body: this.body, signal: this.signal, redirect: 'follow' };
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
