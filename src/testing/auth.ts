import type { components } from '../../generated/qovery-api.js';
import { KINDS, recordsOf } from './kinds.js';
import { Refusal } from './responses.js';
import type { MockServiceKind, MockServiceRecords, MockState, Permission } from './state.js';

type Schemas = components['schemas'];

/** Who is calling: `key` is what the rate limiter counts under, `name` what the API records as creator. */
export type Caller = { key: string; name: string; memberships: { organizationId: string; roleId: string }[] };

/** Who is calling, from the Authorization header; undefined means 401. */
export function identify(state: MockState, header: string | null): Caller | undefined {
  const match = /^(Token|Bearer) (\S+)$/.exec(header ?? '');
  if (!match) return undefined;
  const [, scheme, credential] = match;
  if (scheme === 'Token') {
    const token = state.apiTokens.find((t) => t.secret === credential);
    if (!token) return undefined;
    return {
      key: token.secret,
      name: token.name,
      memberships: [{ organizationId: token.organizationId, roleId: token.roleId }],
    };
  }
  const user = state.users.find((u) => u.jwt === credential);
  return user ? { key: user.jwt, name: user.name, memberships: user.memberships } : undefined;
}

/**
 * The resources a caller reaches, each checked against the role the caller has in its
 * organization: 404 when the resource does not exist, 403 when the role lacks `permission`.
 */
export interface Access {
  organizationFor(caller: Caller, organizationId: string, permission: Permission): Schemas['Organization'];
  projectFor(caller: Caller, projectId: string, permission: Permission): Schemas['Project'];
  environmentFor(caller: Caller, environmentId: string, permission: Permission): Schemas['Environment'];
  /** A service of one kind, with its environment. */
  serviceFor<K extends MockServiceKind>(
    caller: Caller,
    kind: K,
    serviceId: string,
    permission: Permission,
  ): { service: MockServiceRecords[K]; environment: Schemas['Environment'] };
}

/** Checks on `state` as it is at each call: reset and deletions replace its lists. */
export function createAccess(state: MockState): Access {
  function organizationFor(caller: Caller, organizationId: string, permission: Permission): Schemas['Organization'] {
    const organization = state.organizations.find((o) => o.id === organizationId);
    if (!organization) throw new Refusal(404, `Organization ${organizationId} not found`);
    const membership = caller.memberships.find((m) => m.organizationId === organizationId);
    if (!membership) throw new Refusal(403, 'Insufficient permissions to access this resource');
    const role = state.roles.find((r) => r.id === membership.roleId);
    if (!role?.permissions.includes(permission))
      throw new Refusal(403, 'Insufficient permissions to access this resource');
    return organization;
  }

  return {
    organizationFor,

    projectFor(caller, projectId, permission) {
      const project = state.projects.find((p) => p.id === projectId);
      if (!project) throw new Refusal(404, `Project ${projectId} not found`);
      organizationFor(caller, project.organization.id, permission);
      return project;
    },

    environmentFor(caller, environmentId, permission) {
      const environment = state.environments.find((e) => e.id === environmentId);
      if (!environment) throw new Refusal(404, `Environment ${environmentId} not found`);
      organizationFor(caller, environment.organization.id, permission);
      return environment;
    },

    serviceFor(caller, kind, serviceId, permission) {
      const service = recordsOf(state, kind).find((s) => s.id === serviceId);
      const environment = state.environments.find((e) => e.id === service?.environment.id);
      if (!service || !environment) {
        const { label } = KINDS[kind];
        throw new Refusal(404, `${label[0]?.toUpperCase()}${label.slice(1)} ${serviceId} not found`);
      }
      organizationFor(caller, environment.organization.id, permission);
      return { service, environment };
    },
  };
}
