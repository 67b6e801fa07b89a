import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { nonEmpty, organizationIdInput, organizationScopedInput } from '../schemas.js';

/** An organization: its name, description, plan and other settings (schema `Organization`). */
export type Organization = AnswerComponents['schemas']['Organization'];
/** A role that members and API tokens can be given: its id and name (schema `OrganizationAvailableRole`). */
export type AvailableRole = AnswerComponents['schemas']['OrganizationAvailableRole'];
/** The organization's editable fields, as the API takes them (schema `OrganizationEditRequest`). */
export type OrganizationChanges = components['schemas']['OrganizationEditRequest'];

/** What `organization.update()` takes: the fields to change; the rest keep their current values. */
export interface OrganizationUpdateParams extends Partial<OrganizationChanges> {
  /** Default: the client's organization. */
  organizationId?: string;
}

/** The organization a call is about, for calls that take nothing else. */
export interface OrganizationScopedParams {
  /** Default: the client's organization. */
  organizationId?: string;
}

export const organizationUpdateInput = z.strictObject({
  organizationId: organizationIdInput,
  name: z.optional(nonEmpty),
  // A plan the SDK does not list yet is the API's to refuse.
  plan: z.optional(
    z.custom<components['schemas']['PlanEnum']>(
      (value) => typeof value === 'string' && value.trim() !== '',
      'must be a plan, such as TEAM',
    ),
  ),
  description: z.optional(z.string()),
  website_url: z.optional(z.nullable(z.string())),
  repository: z.optional(z.nullable(z.string())),
  logo_url: z.optional(z.nullable(z.string())),
  icon_url: z.optional(z.nullable(z.string())),
  admin_emails: z.optional(z.nullable(z.array(z.string()))),
});

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
        returns: 'body',
      }),
    );
  }

  /**
   * Changes the fields given and keeps the others. editOrganization is a PUT that replaces the
   * whole record and requires the organization's `plan`, so this reads the organization first
   * (getOrganization) and sends it back with the changes: two requests. A change made by someone
   * else between the two is overwritten; the contract offers no version to detect it.
   */
  update(params: OrganizationUpdateParams, options?: RequestOptions): APIPromise<Organization> {
    return this.#core.inOrganization(
      organizationUpdateInput,
      params,
      'organization.update',
      options,
      async (input, id) => {
        const { organizationId: _, ...changes } = input;
        const current = await this.get(id, options);
        const body: OrganizationChanges = { ...editableFields(current), ...definedOnly(changes) };
        return {
          operation: 'editOrganization',
          method: 'PUT',
          send: (init) =>
            this.#core.api.PUT('/organization/{organizationId}', {
              ...init,
              params: { path: { organizationId: id } },
              body,
            }),
          returns: 'body',
        };
      },
    );
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
      returns: 'results',
    }));
  }
}

/** The fields of an organization that its edit body carries, as the API last answered them. */
function editableFields(organization: Organization): OrganizationChanges {
  const { name, plan, description, website_url, repository, logo_url, icon_url, admin_emails } = organization;
  // The organization's description may be null; the edit body's may not: leaving it out keeps it.
  return {
    name,
    plan,
    ...(description == null ? {} : { description }),
    ...definedOnly({ website_url, repository, logo_url, icon_url, admin_emails }),
  };
}

const definedOnly = <T extends object>(fields: T): Partial<T> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
