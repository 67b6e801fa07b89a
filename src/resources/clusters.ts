import * as z from 'zod/mini';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { onlyNamed } from '../lookup.js';
import { nonEmpty, organizationIdInput, organizationScopedInput, parseInput } from '../schemas.js';

/** A Kubernetes cluster of the organization, where its environments run (schema `Cluster`). */
export type Cluster = AnswerComponents['schemas']['Cluster'];

/** What `clusters.list()` takes. */
export interface ClusterListParams {
  /** Default: the client's organization. */
  organizationId?: string;
}

/** What `clusters.find()` takes. */
export interface ClusterFindParams {
  /** Default: the client's organization. */
  organizationId?: string;
  /** The cluster's name (case-insensitive). */
  name: string;
}

const clusterFindInput = z.strictObject({ organizationId: organizationIdInput, name: nonEmpty });

/** `client.clusters`: the clusters of an organization, to clone an environment onto one by name. */
export class Clusters {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** Every cluster of the organization; the API does not paginate it (listOrganizationCluster). */
  list(params: ClusterListParams = {}, options?: RequestOptions): APIPromise<Cluster[]> {
    return this.#core.inOrganization(organizationScopedInput, params, 'clusters.list', options, (_, id) => ({
      operation: 'listOrganizationCluster',
      method: 'GET',
      send: (init) =>
        this.#core.api.GET('/organization/{organizationId}/cluster', {
          ...init,
          params: { path: { organizationId: id } },
        }),
      returns: 'results',
    }));
  }

  /** The cluster with this name: one request (the list); a `LookupError` when none or several match. */
  async find(params: ClusterFindParams, options?: RequestOptions): Promise<Cluster> {
    const { organizationId, name } = parseInput(clusterFindInput, params, 'clusters.find');
    const clusters = await this.list({ organizationId }, options);
    return onlyNamed(clusters, 'cluster', name);
  }
}
