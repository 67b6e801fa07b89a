import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { Refusal } from '../responses.js';
import { type Route, route } from '../router.js';
import { type MockRole, type MockState, sameName } from '../state.js';

export const rolesOf = (state: MockState, organizationId: string): MockRole[] =>
  state.roles.filter((r) => r.organizationId === organizationId);

const EDITABLE = ['name', 'plan', 'description', 'website_url', 'repository', 'logo_url', 'icon_url', 'admin_emails'];

export function organizationRoutes(ctx: MockContext): Route[] {
  const { state, organizationFor } = ctx;
  return [
    route('GET', '/organization', 'listOrganization', ({ caller }) => ({
      status: 200,
      body: {
        results: state.organizations.filter((o) => caller.memberships.some((m) => m.organizationId === o.id)),
      },
    })),

    route('GET', '/organization/{organizationId}', 'getOrganization', ({ caller, params }) => ({
      status: 200,
      body: organizationFor(caller, params.organizationId ?? '', 'organization:read'),
    })),

    route('PUT', '/organization/{organizationId}', 'editOrganization', async ({ caller, params, body }) => {
      const organization = organizationFor(caller, params.organizationId ?? '', 'organization:write');
      // The contract requires the plan: the SDK sends the organization's current one back.
      const fields = checkBody(await body(), 'editOrganization');
      const name = fields.name as string;
      if (state.organizations.some((o) => o.id !== organization.id && sameName(o.name, name))) {
        throw new Refusal(409, 'Another organization already goes by that name');
      }
      for (const key of EDITABLE) {
        if (fields[key] !== undefined) Object.assign(organization, { [key]: fields[key] });
      }
      Object.assign(organization, { updated_at: ctx.iso() });
      return { status: 200, body: organization };
    }),

    // The organization's clusters, without their credentials or infrastructure settings.
    route('GET', '/organization/{organizationId}/cluster', 'listOrganizationCluster', ({ caller, params }) => {
      const organization = organizationFor(caller, params.organizationId ?? '', 'organization:read');
      return { status: 200, body: { results: state.clusters.filter((c) => c.organization.id === organization.id) } };
    }),

    route(
      'GET',
      '/organization/{organizationId}/availableRole',
      'listOrganizationAvailableRoles',
      ({ caller, params }) => {
        const organization = organizationFor(caller, params.organizationId ?? '', 'organization:read');
        return {
          status: 200,
          body: { results: rolesOf(state, organization.id).map(({ id, name }) => ({ id, name })) },
        };
      },
    ),
  ];
}
