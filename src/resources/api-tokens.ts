import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { ValidationError } from '../errors.js';
import {
  apiTokenCreatedResponse,
  apiTokenCreateInput,
  apiTokenListInput,
  apiTokenResponse,
  listResponse,
  organizationScopedInput,
  parseId,
  parseInput,
} from '../schemas.js';
import { OrganizationResource } from './organization.js';

export type ApiToken = components['schemas']['OrganizationApiToken'];
/** A created token: `token` is its secret value, which the API shows this once. */
export type CreatedApiToken = components['schemas']['OrganizationApiTokenCreate'];

export interface ApiTokenListParams {
  /** Default: the client's organization. */
  organizationId?: string;
  /** Only tokens with this name. */
  name?: string;
  /** Only tokens created by this person. */
  creatorName?: string;
}

export interface ApiTokenCreateParams {
  /** Default: the client's organization. */
  organizationId?: string;
  name: string;
  description?: string;
  /** The role's id, from `organization.roles()`. */
  roleId?: string | null;
  /** The role's name (case-insensitive), resolved through `organization.roles()`. */
  role?: string;
}

export interface ApiTokenDeleteParams {
  /** Default: the client's organization. */
  organizationId?: string;
}

const tokenList = listResponse(apiTokenResponse);

/** `client.apiTokens`: the organization's API tokens. */
export class ApiTokens {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** The organization's tokens, without their secret values (listOrganizationApiTokens). */
  list(params: ApiTokenListParams = {}, options?: RequestOptions): APIPromise<ApiToken[]> {
    return this.#core.request(async () => {
      const { organizationId, name, creatorName } = parseInput(apiTokenListInput, params, 'apiTokens.list');
      const resolved = await this.#core.organizationId(organizationId, options?.signal);
      return {
        operation: 'listOrganizationApiTokens',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/organization/{organizationId}/apiToken', {
            ...init,
            params: { path: { organizationId: resolved }, query: { name, creatorName } },
          }),
        schema: tokenList,
        returns: 'results',
      };
    }, options);
  }

  /**
   * Creates a token (createOrganizationApiToken). The result's `token` is the secret, shown this
   * once: store it now. Never retried: a second attempt would create a second credential.
   */
  create(params: ApiTokenCreateParams, options?: RequestOptions): APIPromise<CreatedApiToken> {
    return this.#core.request(async () => {
      const input = parseInput(apiTokenCreateInput, params, 'apiTokens.create');
      if (input.role !== undefined && input.roleId !== undefined) {
        throw new ValidationError('Invalid input to apiTokens.create: give role or roleId, not both', [
          { path: 'role', message: 'cannot be given together with roleId' },
        ]);
      }
      const resolved = await this.#core.organizationId(input.organizationId, options?.signal);
      const roleId =
        input.role === undefined ? (input.roleId ?? null) : await this.#roleIdByName(resolved, input.role, options);
      return {
        operation: 'createOrganizationApiToken',
        method: 'POST',
        send: (init) =>
          this.#core.api.POST('/organization/{organizationId}/apiToken', {
            ...init,
            params: { path: { organizationId: resolved } },
            // role_id is required by the contract even when null; with null, the API picks the role.
            body: { name: input.name, description: input.description, role_id: roleId },
          }),
        schema: apiTokenCreatedResponse,
        returns: 'body',
      };
    }, options);
  }

  /** Deletes a token: it stops working at once (deleteOrganizationApiToken). */
  delete(apiTokenId: string, params: ApiTokenDeleteParams = {}, options?: RequestOptions): APIPromise<void> {
    return this.#core.request(async () => {
      const checked = parseId(apiTokenId, 'apiTokenId', 'apiTokens.delete');
      const { organizationId } = parseInput(organizationScopedInput, params, 'apiTokens.delete');
      const resolved = await this.#core.organizationId(organizationId, options?.signal);
      return {
        operation: 'deleteOrganizationApiToken',
        method: 'DELETE',
        send: (init) =>
          this.#core.api.DELETE('/organization/{organizationId}/apiToken/{apiTokenId}', {
            ...init,
            params: { path: { organizationId: resolved, apiTokenId: checked } },
          }),
        returns: 'nothing',
      };
    }, options);
  }

  async #roleIdByName(organizationId: string, role: string, options: RequestOptions | undefined): Promise<string> {
    const roles = await new OrganizationResource(this.#core).roles({ organizationId }, options);
    const wanted = role.trim().toLowerCase();
    const matches = roles.filter((candidate) => candidate.name.trim().toLowerCase() === wanted);
    const [match, ...others] = matches;
    if (match && others.length === 0) return match.id;
    if (match) {
      const ids = matches.map((candidate) => `${candidate.name} (${candidate.id})`).join(', ');
      throw new ValidationError(
        `Invalid input to apiTokens.create: role "${role}" matches several roles: ${ids}; pass roleId`,
        [{ path: 'role', message: 'matches several roles' }],
      );
    }
    const choices = roles.map((candidate) => candidate.name).join(', ') || 'none';
    throw new ValidationError(
      `Invalid input to apiTokens.create: unknown role "${role}"; available roles: ${choices}`,
      [{ path: 'role', message: `must be one of: ${choices}` }],
    );
  }
}
