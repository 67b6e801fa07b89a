/**
 * Type-level test, checked by `npm run typecheck`: what `client.request` takes and answers, read from
 * the generated table (generated/operation-types.ts), is what openapi-fetch's own generics work out
 * from the contract, for every method and path: the table's cheap indexed accesses must not change
 * an operation's types.
 *
 * The derivation below is the one the SDK used before the table: openapi-fetch's MaybeOptionalInit
 * and FetchResponse over `paths`, with the SDK's choices on top (only `params` and `body` from
 * openapi-fetch's init, plus `headers`; JSON answers, a string for text content, a Blob for other
 * content, `undefined` for none), with answers read from the answers' flavour of the contract
 * (generated/qovery-api-answers.ts: optional fields may be null). The one difference: openapi-fetch rewrites the contract's types
 * (its Readable and Writable), the table does not, which shows only where the contract has an
 * object schema without properties (RecordOfNever below lists those operations).
 */
import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { Readable, Writable } from 'openapi-typescript-helpers';
import type { paths } from '../../generated/qovery-api.js';
import type { paths as answerPaths } from '../../generated/qovery-api-answers.js';
import type { RequestOptions } from '../../src/index.js';
import type { HttpMethod, OperationArgs, OperationData, OperationInit, OperationPath } from '../../src/raw-request.js';
import type { Same } from './same.js';

type FullInit<M extends HttpMethod, P extends OperationPath<M>> = MaybeOptionalInit<paths[P], M>;
export type ByOpenapiFetchInit<M extends HttpMethod, P extends OperationPath<M>> =
  undefined extends FullInit<M, P>
    ? (Pick<NonNullable<FullInit<M, P>>, 'params' | 'body'> & { headers?: Record<string, string> }) | undefined
    : Pick<NonNullable<FullInit<M, P>>, 'params' | 'body'> & { headers?: Record<string, string> };
type Data<M extends HttpMethod, P extends OperationPath<M>, Media extends `${string}/${string}`> = NonNullable<
  Extract<FetchResponse<NonNullable<answerPaths[P][M]>, FullInit<M, P>, Media>, { error?: never }>['data']
>;
/** openapi-fetch hands back the whole content map (`{ 'application/zip': … }`) for non-JSON content. */
type IsContentMap<T> = T extends object ? ([keyof T] extends [`${string}/${string}`] ? true : false) : false;
type IsTextMap<T> = [keyof T] extends [`text/${string}`] ? true : false;
export type ByOpenapiFetchData<M extends HttpMethod, P extends OperationPath<M>> = [
  Data<M, P, 'application/json'>,
] extends [never]
  ? undefined
  : IsContentMap<Data<M, P, 'application/json'>> extends true
    ? IsTextMap<Data<M, P, 'application/json'>> extends true
      ? string
      : Blob
    : Data<M, P, 'application/json'>;
export type ByOpenapiFetchArgs<M extends HttpMethod, P extends OperationPath<M>> =
  undefined extends ByOpenapiFetchInit<M, P>
    ? [init?: ByOpenapiFetchInit<M, P>, options?: RequestOptions]
    : [init: ByOpenapiFetchInit<M, P>, options?: RequestOptions];

// openapi-fetch hands answers through its Readable and takes bodies through its Writable, which
// rewrite the contract's types; the table holds the contract's types themselves. Seen through the
// same rewriting (and the same content-map rule), every entry is what openapi-fetch works out. (A
// text or file answer, already a string or a Blob in the table, was a content map to openapi-fetch.)
type ThroughOpenapiFetch<T> = [T] extends [string | Blob]
  ? T
  : IsContentMap<Readable<T>> extends true
    ? IsTextMap<Readable<T>> extends true
      ? string
      : Blob
    : Readable<T>;
type WithWritableBody<I> = { [K in keyof I]: K extends 'body' ? Writable<I[K]> : I[K] };
type InitThroughOpenapiFetch<M extends HttpMethod, P extends OperationPath<M>> =
  undefined extends OperationInit<M, P>
    ? WithWritableBody<NonNullable<OperationInit<M, P>>> | undefined
    : WithWritableBody<NonNullable<OperationInit<M, P>>>;

/** The paths of method M whose entry is not openapi-fetch's types, even through its rewriting (never, when none). */
export type Differing<M extends HttpMethod> = {
  [P in OperationPath<M>]: [
    Same<InitThroughOpenapiFetch<M, P>, ByOpenapiFetchInit<M, P>>,
    // The same arity: init optional (0 | 1 | 2 arguments) or not (1 | 2).
    Same<OperationArgs<M, P>['length'], ByOpenapiFetchArgs<M, P>['length']>,
    Same<ThroughOpenapiFetch<OperationData<M, P>>, ByOpenapiFetchData<M, P>>,
  ] extends [true, true, true]
    ? never
    : P;
}[OperationPath<M>];

/** The paths of method M whose entry is not openapi-fetch's types as they are (never, when none). */
export type RewrittenByOpenapiFetch<M extends HttpMethod> = {
  [P in OperationPath<M>]: [
    Same<OperationInit<M, P>, ByOpenapiFetchInit<M, P>>,
    Same<OperationArgs<M, P>, ByOpenapiFetchArgs<M, P>>,
    Same<OperationData<M, P>, ByOpenapiFetchData<M, P>>,
  ] extends [true, true, true]
    ? never
    : P;
}[OperationPath<M>];

// A differing path shows here by name.
export const everyOperationMatches: { [M in HttpMethod]: [Differing<M>] extends [never] ? true : Differing<M> } = {
  get: true,
  put: true,
  post: true,
  delete: true,
  patch: true,
};

/**
 * Where the rewriting shows: schemas that openapi-typescript writes as `Record<string, never>` (an
 * object schema without properties). openapi-fetch's Readable turns such an answer into `{}`, which
 * the content-map rule then took for a text answer (a `string`); the table answers the contract's
 * `Record<string, never>`, what the JSON parses to. Its Writable turns such a body into
 * `{ [x: string]: undefined }`. Anywhere else the two are the same types.
 */
type RecordOfNever = {
  get: '/organization/{organizationId}/currentCost';
  put: '/application/{applicationId}' | '/container/{containerId}' | '/terraform/{terraformId}';
  post:
    | '/application/{applicationId}/uninstall'
    | '/container/{containerId}/uninstall'
    | '/database/{databaseId}/uninstall'
    | '/deploymentQueue/{deploymentRequestId}/cancelDeployment'
    | '/environment/{environmentId}/application'
    | '/environment/{environmentId}/checkContainerImage'
    | '/environment/{environmentId}/checkGitFile'
    | '/environment/{environmentId}/checkHelmRepository'
    | '/environment/{environmentId}/container'
    | '/environment/{environmentId}/terraform'
    | '/environment/{environmentId}/uninstall'
    | '/helm/{helmId}/uninstall'
    | '/job/{jobId}/uninstall'
    | '/terraform/{terraformId}/uninstall';
  delete: never;
  patch: never;
};
export const onlyRecordsOfNeverRewritten: {
  [M in HttpMethod]: Same<RewrittenByOpenapiFetch<M>, RecordOfNever[M]>;
} = { get: true, put: true, post: true, delete: true, patch: true };
// The empty JSON answers openapi-fetch's view typed as text.
export const emptyAnswersAreJson: [
  Same<OperationData<'post', '/environment/{environmentId}/checkGitFile'>, Record<string, never>>,
  Same<ByOpenapiFetchData<'post', '/environment/{environmentId}/checkGitFile'>, string>,
] = [true, true];

// The test above must be able to fail: a wrong table entry is a differing path.
type WrongData = Same<OperationData<'get', '/organization'>, ByOpenapiFetchData<'get', '/project/{projectId}'>>;
type WrongInit = Same<OperationInit<'get', '/organization'>, ByOpenapiFetchInit<'get', '/project/{projectId}'>>;
type OptionalVsRequired = Same<[init?: { a: 1 }], [init: { a: 1 }]>;
export const wrongEntriesDiffer: [WrongData, WrongInit, OptionalVsRequired] = [false, false, false];

// The kinds of answer, spelled out: JSON, text, a file, nothing.
declare const is: <T>(value: T) => void;
export function answerKinds(
  project: OperationData<'get', '/project/{projectId}'>,
  helmValues: OperationData<'post', '/environment/{environmentId}/helmDefaultValues'>,
  terraform: OperationData<'get', '/environment/{environmentId}/terraformExport'>,
  deleted: OperationData<'delete', '/project/{projectId}'>,
): void {
  is<string>(project.name);
  is<string>(helmValues);
  is<Blob>(terraform);
  is<undefined>(deleted);
}
