import * as z from 'zod/mini';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { invalidField } from '../errors.js';
import { sameName } from '../lookup.js';
import { id, nonEmpty, organizationIdInput } from '../schemas.js';
import { OrganizationResource } from './organization.js';

/**
 * An API token of the organization as the API lists it: id, name, description, role and dates,
 * never its secret value (schema `OrganizationApiToken`).
 */
export type ApiToken = AnswerComponents['schemas']['OrganizationApiToken'];
/** A created token: `token` is its secret value, which the API shows this once. */
export type CreatedApiToken = AnswerComponents['schemas']['OrganizationApiTokenCreate'];

/** What `apiTokens.list()` takes: the organization, and optional filters. */
export interface ApiTokenListParams {
  /** Default: the client's organization. */
  organizationId?: string;
  /** Only tokens with this name. */
  name?: string;
  /** Only tokens created by this person. */
  creatorName?: string;
}

/**
 * What `apiTokens.create()` takes. Give the role by name (`role`) or by id (`roleId`), not both;
 * with neither, the API picks it.
 */
export interface ApiTokenCreateParams {
  /** Default: the client's organization. */
  organizationId?: string;
  /** The token's name, for example `CI/CD`. */
  name: string;
  /** A free-form description. */
  description?: string;
  /** The role's id, from `organization.roles()`. */
  roleId?: string | null;
  /** The role's name (case-insensitive), resolved through `organization.roles()`. */
  role?: string;
}

/** What `apiTokens.delete()` takes besides the token's id. */
export interface ApiTokenDeleteParams {
  /** Default: the client's organization. */
  organizationId?: string;
}

export const apiTokenListInput = z.strictObject({
  organizationId: organizationIdInput,
  name: z.optional(z.string()),
  creatorName: z.optional(z.string()),
});
export const apiTokenCreateInput = z
  .strictObject({
    organizationId: organizationIdInput,
    name: nonEmpty,
    description: z.optional(z.string()),
    roleId: z.optional(z.nullable(id)),
    role: z.optional(nonEmpty),
  })
  .check(
    z.refine((input) => input.role === undefined || input.roleId === undefined, {
      message: 'cannot be given together with roleId',
      path: ['role'],
    }),
  );
const apiTokenDeleteInput = z.strictObject({ organizationId: organizationIdInput, apiTokenId: id });

/** `client.apiTokens`: the organization's API tokens. */
export class ApiTokens {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** The organization's tokens, without their secret values (listOrganizationApiTokens). */
  list(params: ApiTokenListParams = {}, options?: RequestOptions): APIPromise<ApiToken[]> {
    return this.#core.inOrganization(
      apiTokenListInput,
      params,
      'apiTokens.list',
      options,
      ({ name, creatorName }, id) => ({
        operation: 'listOrganizationApiTokens',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/organization/{organizationId}/apiToken', {
            ...init,
            params: { path: { organizationId: id }, query: { name, creatorName } },
          }),
        returns: 'results',
      }),
    );
  }

  /**
   * Creates a token (createOrganizationApiToken). The result's `token` is the secret, shown this
   * once: store it now. Never retried: a second attempt would create a second credential.
   */
  create(params: ApiTokenCreateParams, options?: RequestOptions): APIPromise<CreatedApiToken> {
    return this.#core.inOrganization(apiTokenCreateInput, params, 'apiTokens.create', options, async (input, id) => {
      const roleId =
        input.role === undefined ? (input.roleId ?? null) : await this.#roleIdByName(id, input.role, options);
      return {
        operation: 'createOrganizationApiToken',
        method: 'POST',
        send: (init) =>
          this.#core.api.POST('/organization/{organizationId}/apiToken', {
            ...init,
            params: { path: { organizationId: id } },
            // role_id is required by the contract even when null; with null, the API picks the role.
            body: { name: input.name, description: input.description, role_id: roleId },
          }),
        returns: 'body',
      };
    });
  }

  /** Deletes a token: it stops working at once (deleteOrganizationApiToken). */
  delete(apiTokenId: string, params: ApiTokenDeleteParams = {}, options?: RequestOptions): APIPromise<void> {
    const input = { ...params, apiTokenId };
    return this.#core.inOrganization(apiTokenDeleteInput, input, 'apiTokens.delete', options, (checked, id) => {
      return {
        operation: 'deleteOrganizationApiToken',
        method: 'DELETE',
        send: (init) =>
          this.#core.api.DELETE('/organization/{organizationId}/apiToken/{apiTokenId}', {
            ...init,
            params: { path: { organizationId: id, apiTokenId: checked.apiTokenId } },
          }),
        returns: 'nothing',
      };
    });
  }

  async #roleIdByName(organizationId: string, role: string, options: RequestOptions | undefined): Promise<string> {
    const roles = await new OrganizationResource(this.#core).roles({ organizationId }, options);
    const matches = roles.filter((candidate) => sameName(candidate.name, role));
    if (matches.length === 1 && matches[0]) return matches[0].id;
    // None, or several differing only in case (then roleId tells them apart): list the choices.
    const choices = roles.map((candidate) => candidate.name).join(', ') || 'none';
    throw invalidField(
      'role',
      `"${role}" matches ${matches.length} roles (pass roleId if several); available roles: ${choices}`,
      'Invalid input to apiTokens.create: role',
    );
  }
}
