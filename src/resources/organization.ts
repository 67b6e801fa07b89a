import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import {
  availableRoleResponse,
  listResponse,
  organizationResponse,
  organizationScopedInput,
  organizationUpdateInput,
  parseInput,
} from '../schemas.js';

export type Organization = components['schemas']['Organization'];
export type AvailableRole = components['schemas']['OrganizationAvailableRole'];
export type OrganizationChanges = components['schemas']['OrganizationEditRequest'];

export interface OrganizationUpdateParams extends OrganizationChanges {
  /** Default: the client's organization. */
  organizationId?: string;
}

export interface OrganizationScopedParams {
  /** Default: the client's organization. */
  organizationId?: string;
}

const roleList = listResponse(availableRoleResponse);

/** `client.organization`: the organizations the credential can see. */
export class OrganizationResource {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** Every organization the credential can see (listOrganization). */
  list(options?: RequestOptions): APIPromise<Organization[]> {
    return this.#core.listOrganizations(options);
  }

  /** One organization (getOrganization); by default the client's. */
  get(organizationId?: string, options?: RequestOptions): APIPromise<Organization> {
    return this.#core.request(async () => {
      const given = parseInput(organizationScopedInput, { organizationId }, 'organization.get');
      const resolved = await this.#core.organizationId(given.organizationId, options?.signal);
      return {
        operation: 'getOrganization',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/organization/{organizationId}', {
            ...init,
            params: { path: { organizationId: resolved } },
          }),
        schema: organizationResponse,
        returns: 'body',
      };
    }, options);
  }

  /**
   * Replaces the organization's editable fields (editOrganization, a PUT): `name` is required, and
   * fields left out may be cleared by the API.
   */
  update(params: OrganizationUpdateParams, options?: RequestOptions): APIPromise<Organization> {
    return this.#core.request(async () => {
      const { organizationId, ...changes } = parseInput(organizationUpdateInput, params, 'organization.update');
      const resolved = await this.#core.organizationId(organizationId, options?.signal);
      return {
        operation: 'editOrganization',
        method: 'PUT',
        send: (init) =>
          this.#core.api.PUT('/organization/{organizationId}', {
            ...init,
            params: { path: { organizationId: resolved } },
            body: changes,
          }),
        schema: organizationResponse,
        returns: 'body',
      };
    }, options);
  }

  /** The roles that can be given to members and API tokens (listOrganizationAvailableRoles). */
  roles(params: OrganizationScopedParams = {}, options?: RequestOptions): APIPromise<AvailableRole[]> {
    return this.#core.request(async () => {
      const { organizationId } = parseInput(organizationScopedInput, params, 'organization.roles');
      const resolved = await this.#core.organizationId(organizationId, options?.signal);
      return {
        operation: 'listOrganizationAvailableRoles',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/organization/{organizationId}/availableRole', {
            ...init,
            params: { path: { organizationId: resolved } },
          }),
        schema: roleList,
        returns: 'results',
      };
    }, options);
  }
}
