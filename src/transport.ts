import { APIConnectionError, APIUserAbortError, QoveryError } from './errors.js';

export type FetchLike = (input: Request) => Promise<Response>;

/**
 * The fetch every request goes through. It looks the implementation up at call time (so a
 * `globalThis.fetch` installed after the client was made, by msw for instance, is used) and turns
 * every way fetch can fail into a typed error: fetch itself throws bare `TypeError`s.
 */
export function createTransport(customFetch: FetchLike | undefined): FetchLike {
  return async (request) => {
    const fetchImpl = customFetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new QoveryError('No fetch implementation: pass one as the `fetch` option (Node 18+ has a global fetch)');
    }
    try {
      return await fetchImpl(request);
    } catch (error) {
      if (error instanceof QoveryError) throw error;
      if (request.signal.aborted) throw new APIUserAbortError('Request was aborted', { cause: error });
      const reason = error instanceof Error ? error.message : String(error);
      throw new APIConnectionError(`Connection error: ${reason} (${request.method} ${new URL(request.url).pathname})`, {
        cause: error,
      });
    }
  };
}
