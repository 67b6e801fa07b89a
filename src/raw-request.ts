import * as z from 'zod/mini';
import type { PathsByMethod } from '../generated/operation-paths.js';
import type { OperationTypes } from '../generated/operation-types.js';
import type { APIPromise } from './api-promise.js';
import type { ClientCore, RequestOptions } from './core.js';
import { invalidField } from './errors.js';
import { checkHeaders, parseInput } from './schemas.js';

/** The HTTP methods of the contract, lower-case as in OpenAPI. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
/**
 * The paths of `openapi.yaml` that have this method (every one of them, for a union of methods):
 * generated unions, the same as openapi-fetch's ClientPathsWithMethod<Client<paths>, M>
 * (test/types/operations.ts holds them equal) but cheap to type-check in a user's project.
 */
export type OperationPath<M extends HttpMethod> = PathsByMethod[M] & PathsOfEvery<M>;
/** The paths that have every method of M: the intersection of their unions. */
type PathsOfEvery<M extends HttpMethod> = (M extends HttpMethod ? (path: PathsByMethod[M]) => void : never) extends (
  path: infer Common,
) => void
  ? Common
  : never;
/**
 * What a call on (method, path) takes (`args`) and answers (`data`): generated/operation-types.ts
 * has one entry per operation, plain indexed accesses into the contract's types, so a call costs a
 * lookup, not openapi-fetch's generics over the whole contract (test/types/operation-types.ts holds
 * every entry to what openapi-fetch works out: the same, but for its rewriting of object schemas
 * without properties, which the table leaves as the contract's). Distributive, for a union of paths.
 */
type Entry<M extends HttpMethod, P extends OperationPath<M>> = OperationTypes[M][P & keyof OperationTypes[M]];
type ArgsOf<E> = E extends { args: infer A extends unknown[] } ? A : never;
type DataOf<E> = E extends { data: infer D } ? D : never;
/**
 * What a call on (method, path) takes: `params` (path, query) and `body`, typed from the contract,
 * and `headers` for this call; `undefined` too when the operation needs no parameter and no body.
 * (openapi-fetch's own options, such as `baseUrl` or `fetch`, are not taken: they would send the
 * credential elsewhere or around the SDK's pipeline.)
 */
export type OperationInit<M extends HttpMethod, P extends OperationPath<M>> = ArgsOf<Entry<M, P>>[0];
/**
 * What a successful call on (method, path) answers, typed from the contract: its JSON, a string for
 * text content, a `Blob` for any other content (a file download), `undefined` when there is no
 * content (204).
 */
export type OperationData<M extends HttpMethod, P extends OperationPath<M>> = DataOf<Entry<M, P>>;
/** `init` may be left out when the operation needs no parameter and no body. */
export type OperationArgs<M extends HttpMethod, P extends OperationPath<M>> = [
  ...ArgsOf<Entry<M, P>>,
  options?: RequestOptions,
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const isScalar = (value: unknown) => ['string', 'boolean'].includes(typeof value) || Number.isFinite(value);
// A Headers or Date instance would pass as an object and then be dropped without a word.
const isPlain = (v: unknown) => [Object.prototype, null].includes(Object.getPrototypeOf(v));
const plain = <S extends z.ZodMiniType>(schema: S) => schema.check(z.refine(isPlain, 'must be a plain object'));
const strings = z.optional(plain(z.record(z.string(), z.string())));
const initInput = plain(
  z.strictObject({
    params: z.optional(
      plain(
        z.strictObject({
          path: z.optional(plain(z.record(z.string(), z.custom(isScalar, 'must be a string or a number')))),
          query: z.optional(
            plain(
              z.record(
                z.string(),
                z.custom((v) => [v ?? 0].flat().every(isScalar), 'must be scalars or an array of them'),
              ),
            ),
          ),
          header: strings,
          cookie: strings,
        }),
      ),
    ),
    body: z.optional(
      z.custom((v) => {
        try {
          return JSON.stringify(v) !== undefined;
        } catch {
          return false;
        }
      }, 'must be JSON (no BigInt, no cycles)'),
    ),
    headers: strings,
  }),
);

/** Checks what `client.request` was given, naming the field at fault; nothing is sent otherwise. */
function checkInit(method: string, path: string, init: unknown = {}) {
  const where = `${String(method).toUpperCase()} ${path}`;
  const fail = (field: string, problem: string) => invalidField(field, problem, `Invalid input to ${where}: ${field}`);
  if (!METHODS.includes(method)) throw fail('method', `must be one of ${METHODS}`);
  if (!String(path).startsWith('/')) throw fail('path', 'must start with /');
  const { params = {}, body, headers } = parseInput(initInput, init, where);
  checkHeaders(params.header, 'params.header');
  checkHeaders(headers, 'headers');
  // A path value such as "" or ".." would send the request to another endpoint (the parent's).
  for (const [, name = ''] of path.matchAll(/\{([^}]+)\}/g)) {
    if (/^\s*\.{0,2}\s*$/.test(String(params.path?.[name] ?? '')))
      throw fail(`params.path.${name}`, 'is required by the path, and must not be empty, "." or ".."');
  }
  if (body !== undefined && method === 'get') throw fail('body', 'cannot be sent with GET');
  return { params, body, headers };
}

/**
 * Any operation of the contract by method and path, through the same auth, retries (idempotent
 * methods only), typed errors and rate-limit parsing as the namespaces. Its answer is typed but not
 * checked at run time: only the namespaces' operations carry response checks.
 */
export function rawRequest(
  core: ClientCore,
  method: string,
  path: string,
  init?: unknown,
  options?: RequestOptions,
): APIPromise<unknown> {
  return core.request(async () => {
    const { params, body, headers } = checkInit(method, path, init);
    const upper = method.toUpperCase() as 'GET';
    return {
      operation: `${upper} ${path}`,
      method: upper,
      // As a Blob first: a file download (an invoice PDF, a Terraform export) must not be decoded
      // as text. JSON, and answers without a content type, go on as text for the core to parse;
      // text/* answers as their text.
      send: async (sendInit) => {
        const result = await (core.api.request as (m: string, p: string, i: object) => ReturnType<typeof core.api.GET>)(
          upper,
          path,
          {
            params,
            body,
            ...sendInit,
            parseAs: 'blob',
            headers: { ...(headers as Record<string, string> | undefined), ...sendInit.headers },
          },
        );
        const type = result.response.headers.get('content-type');
        // Duck-typed: a custom fetch's Response (node-fetch, undici's own) has its own Blob class.
        if (!isBlobLike(result.data)) return result;
        if (type === null || /json/i.test(type)) return { ...result, data: await result.data.text() };
        // Text (a text/plain answer, such as an application's default Helm values) as a string.
        if (/^\s*text\//i.test(type)) return { ...result, data: await result.data.text(), text: true as const };
        return result;
      },
      returns: 'body',
    };
  }, options);
}

function isBlobLike(value: unknown): value is Blob {
  return typeof (value as Blob | null)?.text === 'function' && typeof (value as Blob).arrayBuffer === 'function';
}
