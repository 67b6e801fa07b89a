import type { RateLimit } from './rate-limit.js';

/** A call's data with the HTTP response it came from and that response's rate-limit figures. */
export interface WithResponse<T> {
  /** The call's data: what awaiting the call gives. */
  data: T;
  /** The raw response (its body already read): status, headers. */
  response: Response;
  /** The `X-RateLimit-*` figures of this response, if it carried them. */
  rateLimit: RateLimit | undefined;
}

/**
 * What every SDK call returns: await it for the data, or call `.withResponse()` for the data with
 * its own response. Each call keeps its own response, so concurrent calls never see each other's.
 */
export class APIPromise<T> implements PromiseLike<T> {
  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(result: Promise<WithResponse<T>>) {
    this.#result = result;
  }

  /** The data together with the response and its rate-limit figures. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  #dataPromise(): Promise<T> {
    this.#data ??= this.#result.then((result) => result.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: this class is a thenable on purpose, like a Promise.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#dataPromise().then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch`, on the call's data. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#dataPromise().catch(onrejected);
  }

  /** Like `Promise.prototype.finally`, on the call's data. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#dataPromise().finally(onfinally);
  }

  /** `'APIPromise'`, the name `Object.prototype.toString` shows. */
  get [Symbol.toStringTag](): string {
    return 'APIPromise';
  }
}
