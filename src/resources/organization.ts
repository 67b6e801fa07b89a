import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import {
  availableRoleResponse,
  listResponse,
  organizationResponse,
  organizationScopedInput,
  organizationUpdateInput,
} from '../schemas.js';

/** An organization: its name, description, plan and other settings (schema `Organization`). */
export type Organization = components['schemas']['Organization'];
/** A role that members and API tokens can be given: its id and name (schema `OrganizationAvailableRole`). */
export type AvailableRole = components['schemas']['OrganizationAvailableRole'];
/** The organization's editable fields, as `organization.update()` sends them (schema `OrganizationEditRequest`). */
export type OrganizationChanges = components['schemas']['OrganizationEditRequest'];

/** What `organization.update()` takes: the organization and its new editable fields (`name` required). */
export interface OrganizationUpdateParams extends OrganizationChanges {
  /** Default: the client's organization. */
  organizationId?: string;
}

/** The organization a call is about, for calls that take nothing else. */
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
    return this.#core.inOrganization(
      organizationScopedInput,
      { organizationId },
      'organization.get',
      options,
      (_, id) => ({
        operation: 'getOrganization',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/organization/{organizationId}', { ...init, params: { path: { organizationId: id } } }),
        schema: organizationResponse,
        returns: 'body',
      }),
    );
  }

  /**
   * Replaces the organization's editable fields (editOrganization, a PUT): `name` is required, and
   * fields left out may be cleared by the API.
   */
  update(params: OrganizationUpdateParams, options?: RequestOptions): APIPromise<Organization> {
    return this.#core.inOrganization(organizationUpdateInput, params, 'organization.update', options, (input, id) => {
      const { organizationId: _, ...changes } = input;
      return {
        operation: 'editOrganization',
        method: 'PUT',
        send: (init) =>
          this.#core.api.PUT('/organization/{organizationId}', {
            ...init,
            params: { path: { organizationId: id } },
            body: changes,
          }),
        schema: organizationResponse,
        returns: 'body',
      };
    });
  }

  /** The roles that can be given to members and API tokens (listOrganizationAvailableRoles). */
  roles(params: OrganizationScopedParams = {}, options?: RequestOptions): APIPromise<AvailableRole[]> {
    return this.#core.inOrganization(organizationScopedInput, params, 'organization.roles', options, (_, id) => ({
      operation: 'listOrganizationAvailableRoles',
      method: 'GET',
      send: (init) =>
        this.#core.api.GET('/organization/{organizationId}/availableRole', {
          ...init,
          params: { path: { organizationId: id } },
        }),
      schema: roleList,
      returns: 'results',
    }));
  }
}
