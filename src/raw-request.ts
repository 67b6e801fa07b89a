import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { paths } from '../generated/qovery-api.js';
import type { APIPromise } from './api-promise.js';
import type { ClientCore, RequestOptions } from './core.js';
import { invalidField } from './errors.js';
import { checkHeaders } from './schemas.js';

/** The HTTP methods of the contract, lower-case as in OpenAPI. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** The paths of `openapi.yaml` that have this method. */
export type OperationPath<M extends HttpMethod> = ClientPathsWithMethod<Client<paths>, M>;
/** What a call on (method, path) takes: `params` (path, query) and `body`, typed from the contract. */
export type OperationInit<M extends HttpMethod, P extends OperationPath<M>> = MaybeOptionalInit<paths[P], M>;
type SuccessData<M extends HttpMethod, P extends OperationPath<M>> = NonNullable<
  Extract<FetchResponse<NonNullable<paths[P][M]>, OperationInit<M, P>, 'application/json'>, { error?: never }>['data']
>;
/** What a successful call on (method, path) answers, typed from the contract (`undefined` for 204). */
export type OperationData<M extends HttpMethod, P extends OperationPath<M>> = [SuccessData<M, P>] extends [never]
  ? undefined
  : SuccessData<M, P>;
/** `init` may be left out when the operation needs no parameter and no body. */
export type OperationArgs<M extends HttpMethod, P extends OperationPath<M>> =
  undefined extends OperationInit<M, P>
    ? [init?: OperationInit<M, P>, options?: RequestOptions]
    : [init: OperationInit<M, P>, options?: RequestOptions];

const METHODS: readonly string[] = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Any operation of the contract by method and path, through the same auth, retries (idempotent
 * methods only), typed errors and rate-limit parsing as the namespaces. Its answer is typed but not
 * checked at run time: only the namespaces' operations carry response checks.
 */
export function rawRequest(
  core: ClientCore,
  method: string,
  path: string,
  init: {
    params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
    body?: unknown;
    headers?: unknown;
  } = {},
  options?: RequestOptions,
): APIPromise<unknown> {
  return core.request(async () => {
    if (!METHODS.includes(method)) throw invalidField('method', `must be one of ${METHODS.join(', ')}`);
    if (typeof path !== 'string' || !path.startsWith('/'))
      throw invalidField('path', 'must be a path of the API, such as /project/{projectId}');
    if (init === null || typeof init !== 'object') throw invalidField('init', 'must be an object with params and body');
    checkHeaders(init.headers, 'init.headers');
    // A missing path parameter would otherwise be sent as a literal "{projectId}".
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
      const value = init.params?.path?.[name as string];
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw invalidField(
          `params.path.${name}`,
          'is required by the path',
          `Invalid input to ${method.toUpperCase()} ${path}: params.path.${name}`,
        );
      }
    }
    const upper = method.toUpperCase() as 'GET';
    return {
      operation: `${upper} ${path}`,
      method: upper,
      // As a Blob first: a file download (an invoice PDF, a Terraform export) must not be decoded
      // as text. JSON, and answers without a content type, go on as text for the core to parse.
      send: async (sendInit) => {
        const result = await (core.api.request as (m: string, p: string, i: object) => ReturnType<typeof core.api.GET>)(
          upper,
          path,
          {
            ...init,
            ...sendInit,
            parseAs: 'blob',
            headers: { ...(init.headers as Record<string, string> | undefined), ...sendInit.headers },
          },
        );
        const type = result.response.headers.get('content-type');
        if (result.data instanceof Blob && (type === null || /json/i.test(type))) {
          return { ...result, data: await result.data.text() };
        }
        return result;
      },
      returns: 'body',
    };
  }, options);
}
