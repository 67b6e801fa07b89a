/**
 * Calls by operationId, the names Qovery's own generated clients use (`deployApplication`,
 * `cloneEnvironment`, …), for every operation of the contract:
 *
 * ```ts
 * import { operations } from 'qovery/operations';
 * const api = operations(qovery);
 * await api.deployApplication({ params: { path: { applicationId } }, body: { git_commit_id: sha } });
 * ```
 *
 * Its own entry: the table of 554 operations stays out of the main bundle.
 * @module qovery/operations
 */
import { OPERATIONS } from '../generated/operations.js';
import type { APIPromise } from './api-promise.js';
import type { Qovery } from './client.js';
import { invalidField } from './errors.js';
import type { HttpMethod, OperationArgs, OperationData, OperationPath } from './raw-request.js';

export { OPERATIONS };

type Table = typeof OPERATIONS;
/** The operationId of every operation in the contract. */
export type OperationId = keyof Table;

/** One operation as a method: its init (params, body) and answer typed from the contract. */
export type OperationMethod<Id extends OperationId> = Table[Id] extends readonly [
  infer M extends HttpMethod,
  infer P extends string,
]
  ? P extends OperationPath<M>
    ? (...args: OperationArgs<M, P>) => APIPromise<OperationData<M, P>>
    : never
  : never;

/** Every operation of the contract, by operationId. */
export type Operations = { readonly [Id in OperationId]: OperationMethod<Id> };

/**
 * The client's calls by operationId: each goes through `client.request` (method and path from the
 * contract), so it has the same auth, retries (GET, PUT, DELETE only), typed errors and rate-limit
 * figures. Answers are typed but not checked at run time.
 */
export function operations(client: Qovery): Operations {
  if (typeof (client as { request?: unknown } | null)?.request !== 'function') {
    throw invalidField('client', 'must be a Qovery client (new Qovery(…))', 'operations(client): client');
  }
  const methods: Record<string, unknown> = {};
  for (const [id, [method, path]] of Object.entries(OPERATIONS)) {
    methods[id] = (...args: unknown[]) =>
      (client.request as (m: string, p: string, ...rest: unknown[]) => unknown)(method, path, ...args);
  }
  return methods as Operations;
}
