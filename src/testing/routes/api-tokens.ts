import type { components } from '../../../generated/qovery-api.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { randomApiToken, randomUuid } from '../random.js';
import { Refusal } from '../responses.js';
import { type Route, route } from '../router.js';
import { type MockApiToken, type MockState, sameName } from '../state.js';
import { rolesOf } from './organization.js';

type Schemas = components['schemas'];

/** A token as the API shows it: the secret only once, in the answer to its creation. */
function publicToken(state: MockState, token: MockApiToken): Schemas['OrganizationApiToken'] {
  const role = state.roles.find((r) => r.id === token.roleId);
  return {
    id: token.id,
    created_at: token.created_at,
    name: token.name,
    ...(token.description === undefined ? {} : { description: token.description }),
    role_id: token.roleId,
    ...(role ? { role_name: role.name } : {}),
  };
}

export function apiTokenRoutes(ctx: MockContext): Route[] {
  const { state, organizationFor } = ctx;
  return [
    route(
      'GET',
      '/organization/{organizationId}/apiToken',
      'listOrganizationApiTokens',
      ({ caller, params, query }) => {
        const organization = organizationFor(caller, params.organizationId ?? '', 'token:read');
        const name = query.get('name');
        const creatorName = query.get('creatorName');
        const results = state.apiTokens
          .filter((t) => t.organizationId === organization.id)
          .filter((t) => name === null || t.name.toLowerCase().includes(name.toLowerCase()))
          .filter((t) => creatorName === null || t.creatorName.toLowerCase().includes(creatorName.toLowerCase()))
          .map((t) => publicToken(state, t));
        return { status: 200, body: { results } };
      },
    ),

    route(
      'POST',
      '/organization/{organizationId}/apiToken',
      'createOrganizationApiToken',
      async ({ caller, params, body }) => {
        const organization = organizationFor(caller, params.organizationId ?? '', 'token:write');
        const fields = checkBody(await body(), 'createOrganizationApiToken');
        const roles = rolesOf(state, organization.id);
        const roleId = fields.role_id as string | null;
        const role =
          roleId === null
            ? roles.find((r) => sameName(r.name, ctx.options.defaultTokenRole ?? 'Admin'))
            : roles.find((r) => r.id === roleId.toLowerCase());
        if (!role) throw new Refusal(400, `role_id: no role ${roleId} in this organization`);
        const name = fields.name as string;
        if (state.apiTokens.some((t) => t.organizationId === organization.id && sameName(t.name, name))) {
          throw new Refusal(409, 'This organization already has an API token with that name');
        }
        const token: MockApiToken = {
          id: randomUuid(ctx.random),
          organizationId: organization.id,
          name,
          ...(fields.description === undefined ? {} : { description: fields.description as string }),
          roleId: role.id,
          secret: randomApiToken(ctx.random),
          creatorName: caller.name,
          created_at: ctx.iso(),
        };
        state.apiTokens.push(token);
        return { status: 201, body: { ...publicToken(state, token), token: token.secret } };
      },
    ),

    route(
      'DELETE',
      '/organization/{organizationId}/apiToken/{apiTokenId}',
      'deleteOrganizationApiToken',
      ({ caller, params }) => {
        const organization = organizationFor(caller, params.organizationId ?? '', 'token:write');
        const token = state.apiTokens.find((t) => t.id === params.apiTokenId && t.organizationId === organization.id);
        if (!token) throw new Refusal(404, `Api token ${params.apiTokenId} not found`);
        state.apiTokens = state.apiTokens.filter((t) => t !== token);
        return { status: 204 };
      },
    ),
  ];
}
