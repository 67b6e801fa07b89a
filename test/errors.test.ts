import { runInNewContext } from 'node:vm';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  QoveryError,
  RateLimitError,
  UnprocessableEntityError,
} from '../src/index.js';
import { answer, answerRaw, BASE, client, ORG_ID, server } from './helpers.js';

const path = `/organization/${ORG_ID}/project`;
const call = () => client().projects.list();

describe('errors', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
    [412, APIError],
  ])('status %i becomes %o', async (status, ErrorClass) => {
    answer('get', path, status, { status, error: 'Whatever', message: `message for ${status}` });
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(QoveryError);
    expect((error as APIError).status).toBe(status);
    expect((error as APIError).message).toBe(`${status} message for ${status}`);
    expect((error as APIError).name).toBe(ErrorClass.name);
  });

  it('reads the documented {status,error,message} body', async () => {
    const body = { status: 403, error: 'Forbidden', message: 'Insufficient permissions to access this resource' };
    answer('get', path, 403, body, { 'X-Request-Id': 'req-123' });
    const error = (await call().catch((e: unknown) => e)) as PermissionDeniedError;
    expect(error.message).toBe('403 Insufficient permissions to access this resource');
    expect(error.body).toEqual(body);
    expect(error.requestId).toBe('req-123');
    expect(error.headers.get('x-request-id')).toBe('req-123');
  });

  it('reads the RFC 7807-like body seen in the wild, preferring message, then detail', async () => {
    answer('get', path, 400, {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'name is blank',
      instance: '/x',
    });
    expect(((await call().catch((e: unknown) => e)) as Error).message).toBe('400 name is blank');
    answer('get', path, 400, { type: 'about:blank', title: 'Bad Request', status: 400 });
    expect(((await call().catch((e: unknown) => e)) as Error).message).toBe('400 Bad Request');
  });

  it('an HTML 502 page from a proxy is still an InternalServerError carrying the page', async () => {
    answerRaw('get', path, 502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' });
    const error = (await call().catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe('502 Bad Gateway');
    expect(error.body).toBe('<html><body>Bad gateway</body></html>');
  });

  it('an empty error body still gives the right class and the status text', async () => {
    answer('get', path, 401, undefined, {});
    const error = (await call().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe('401 Unauthorized');
    expect(error.rateLimit).toBeUndefined();
  });

  it('every API error carries the rate-limit figures of its response', async () => {
    answer(
      'get',
      path,
      404,
      { message: 'nope' },
      { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '3', 'X-RateLimit-Reset': '1893456000' },
    );
    const error = (await call().catch((e: unknown) => e)) as NotFoundError;
    expect(error.rateLimit).toEqual({ limit: 1000, remaining: 3, resetAt: new Date(1893456000 * 1000) });
  });

  it('RateLimitError gives retryAfter from Retry-After and resetAt from X-RateLimit-Reset', async () => {
    answer(
      'get',
      path,
      429,
      { message: 'slow down' },
      {
        'Retry-After': '30',
        'X-RateLimit-Limit': '1000',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '1893456000',
      },
    );
    const error = (await call().catch((e: unknown) => e)) as RateLimitError;
    expect(error.retryAfter).toBe(30);
    expect(error.resetAt).toEqual(new Date(1893456000 * 1000));
    expect(error.rateLimit?.remaining).toBe(0);
  });

  it('RateLimitError without Retry-After derives retryAfter from the reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    answer('get', path, 429, undefined, {
      'X-RateLimit-Limit': '1000',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(reset),
    });
    const error = (await call().catch((e: unknown) => e)) as RateLimitError;
    expect(error.retryAfter).toBeGreaterThanOrEqual(118);
    expect(error.retryAfter).toBeLessThanOrEqual(120);
  });

  it('RateLimitError with only Retry-After derives resetAt from it', async () => {
    answer('get', path, 429, undefined, { 'Retry-After': '60' });
    const before = Date.now();
    const error = (await call().catch((e: unknown) => e)) as RateLimitError;
    expect(error.retryAfter).toBe(60);
    expect(error.resetAt?.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(error.resetAt?.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('RateLimitError with a Retry-After past what a Date holds has no resetAt, not an Invalid Date', async () => {
    answer('get', path, 429, undefined, { 'Retry-After': '99999999999999' });
    const error = (await call().catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(99_999_999_999_999);
    expect(error.resetAt).toBeUndefined();
  });

  it('a network failure is an APIConnectionError with the cause, not a bare TypeError', async () => {
    server.use(http.get(`${BASE}${path}`, () => Response.error()));
    const error = (await call().catch((e: unknown) => e)) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toBeInstanceOf(QoveryError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('a connection refused is an APIConnectionError', async () => {
    const qovery = client({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(qovery.projects.list()).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('an aborted call is an APIUserAbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client().projects.list({}, { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('the cause of a connection error', () => {
  /** The APIConnectionError a client gets when its fetch throws `thrown`. */
  const failWith = async (thrown: unknown) =>
    (await client({ fetch: () => Promise.reject(thrown) })
      .projects.list()
      .catch((e: unknown) => e)) as APIConnectionError;

  it('keeps the class, message and plain fields of what fetch threw, from another realm too', async () => {
    const foreign = runInNewContext(
      `new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', port: 443 }) })`,
    ) as Error;
    const error = await failWith(foreign);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect((error.cause as Error).message).toBe('fetch failed');
    expect((error.cause as Error).cause).toMatchObject({
      message: 'connect ECONNREFUSED',
      code: 'ECONNREFUSED',
      port: 443,
    });
  });

  it('is still an APIConnectionError when what was thrown cannot be read or loops on itself', async () => {
    const hostile = Object.defineProperty(new Error('boom'), 'detail', {
      enumerable: true,
      get() {
        throw new RangeError('detail not loaded');
      },
    });
    const oddTypes = Object.assign(new Error('x'), { message: 42, stack: { not: 'text' } });
    const loop = new AggregateError([], 'several failures');
    (loop as { errors: unknown[] }).errors = [loop, loop, loop, loop];
    const causeGetter = Object.defineProperty(new Error('x'), 'cause', {
      get() {
        throw new Error('cause not loaded');
      },
    });
    for (const thrown of [hostile, oddTypes, loop, causeGetter, { code: 'ECONNRESET' }]) {
      const started = Date.now();
      const error = await failWith(thrown);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(Date.now() - started).toBeLessThan(1_000);
    }
  });

  it('is copied where Error.prototype.name is read-only (frozen intrinsics)', async () => {
    const thrown = Object.assign(new Error('socket hang up'), { name: 'SocketError' });
    const original = Object.getOwnPropertyDescriptor(Error.prototype, 'name') as PropertyDescriptor;
    Object.defineProperty(Error.prototype, 'name', { ...original, writable: false });
    try {
      const error = await failWith(thrown);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error.cause).toMatchObject({ name: 'SocketError', message: 'socket hang up' });
    } finally {
      Object.defineProperty(Error.prototype, 'name', original);
    }
  });
});
