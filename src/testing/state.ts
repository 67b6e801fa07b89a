import type { components } from '../../generated/qovery-api.js';
import { randomUuid } from './random.js';

type Schemas = components['schemas'];

/** What a role lets a credential do in the mock. */
export type Permission =
  | 'organization:read'
  | 'organization:write'
  | 'project:read'
  | 'project:write'
  | 'token:read'
  | 'token:write';

export interface MockRole {
  id: string;
  organizationId: string;
  name: string;
  permissions: Permission[];
}

export interface MockApiToken {
  id: string;
  organizationId: string;
  name: string;
  description?: string;
  roleId: string;
  /** The secret sent as `Authorization: Token <secret>`. */
  secret: string;
  creatorName: string;
  created_at: string;
}

/** A JWT the mock accepts as `Authorization: Bearer <token>`, for a user in one or more organizations. */
export interface MockUser {
  name: string;
  jwt: string;
  memberships: { organizationId: string; roleId: string }[];
}

export interface MockState {
  organizations: Schemas['Organization'][];
  roles: MockRole[];
  projects: Schemas['Project'][];
  apiTokens: MockApiToken[];
  users: MockUser[];
}

const ALL: Permission[] = [
  'organization:read',
  'organization:write',
  'project:read',
  'project:write',
  'token:read',
  'token:write',
];

/** Qovery's predefined roles, with the permissions the mock gives them. */
export const DEFAULT_ROLES: readonly Pick<MockRole, 'name' | 'permissions'>[] = [
  { name: 'Admin', permissions: ALL },
  { name: 'DevOps', permissions: ['organization:read', 'project:read', 'project:write', 'token:read'] },
  { name: 'Viewer', permissions: ['organization:read', 'project:read', 'token:read'] },
  { name: 'Billing Manager', permissions: ['organization:read'] },
];

/** Fixed ids for the default seed, so tests and docs can name them. */
export const SEED = {
  organizationId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00',
  adminRoleId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a01',
  adminToken: 'qov_mock_admin_0000000000000000000000000000',
  adminTokenId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a02',
  viewerToken: 'qov_mock_viewer_000000000000000000000000000',
  viewerTokenId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a03',
} as const;

export interface SeedOptions {
  /** The seeded Admin token's secret. Default `SEED.adminToken`. */
  adminToken?: string;
  /** The seeded Viewer token's secret. Default `SEED.viewerToken`. */
  viewerToken?: string;
  /** Organizations to start with. Default: one, "Acme" (id `SEED.organizationId`). */
  organizations?: Partial<Schemas['Organization']>[];
  /** Extra API tokens: `{ secret, name?, role?, organizationId? }` (role by name, default Admin). */
  apiTokens?: { secret: string; name?: string; role?: string; organizationId?: string }[];
  /** JWT users: `{ jwt, name?, organizations? }` (default: Admin of every organization). */
  users?: { jwt: string; name?: string; organizations?: { organizationId: string; role?: string }[] }[];
  /**
   * The roles every organization gets, first one first. Default: `DEFAULT_ROLES` (Admin, DevOps,
   * Viewer, Billing Manager). The seeded tokens use the roles named Admin and Viewer.
   */
  roles?: readonly Pick<MockRole, 'name' | 'permissions'>[];
  /** Projects to start with: `{ name, description?, organizationId? }`. */
  projects?: { name: string; description?: string; organizationId?: string }[];
}

/** Builds the starting state: organizations, each with the predefined roles, the tokens, users and projects. */
export function seedState(options: SeedOptions, random: () => number, nowIso: string): MockState {
  const organizations: Schemas['Organization'][] = (options.organizations ?? [{}]).map((org, index) => ({
    id: index === 0 ? SEED.organizationId : randomUuid(random),
    created_at: nowIso,
    name: index === 0 ? 'Acme' : `Organization ${index + 1}`,
    description: null,
    plan: 'TEAM',
    ...org,
  }));
  const roles: MockRole[] = [];
  const rolesByOrganization = new Map<string, MockRole[]>();
  for (const organization of organizations) {
    const own = (options.roles ?? DEFAULT_ROLES).map((role, index) => ({
      ...role,
      permissions: [...role.permissions],
      organizationId: organization.id,
      id: organization.id === SEED.organizationId && index === 0 ? SEED.adminRoleId : randomUuid(random),
    }));
    rolesByOrganization.set(organization.id, own);
    roles.push(...own);
  }
  const roleNamed = (organizationId: string, name = 'Admin'): MockRole => {
    const role = rolesByOrganization.get(organizationId)?.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!role) throw new Error(`qovery mock seed: no role "${name}" in organization ${organizationId}`);
    return role;
  };
  const first = organizations[0];
  if (!first) throw new Error('qovery mock seed: at least one organization is needed');

  const apiTokens: MockApiToken[] = [
    { id: SEED.adminTokenId, secret: options.adminToken ?? SEED.adminToken, name: 'mock admin', role: 'Admin' },
    { id: SEED.viewerTokenId, secret: options.viewerToken ?? SEED.viewerToken, name: 'mock viewer', role: 'Viewer' },
    ...(options.apiTokens ?? []).map((token) => ({ id: randomUuid(random), name: 'seeded token', ...token })),
  ].map((token) => {
    const organizationId = ('organizationId' in token && token.organizationId) || first.id;
    return {
      id: token.id,
      organizationId,
      name: token.name,
      roleId: roleNamed(organizationId, token.role).id,
      secret: token.secret,
      creatorName: 'Mock Seed',
      created_at: nowIso,
    };
  });

  const users: MockUser[] = (options.users ?? []).map((user) => ({
    name: user.name ?? 'Mock User',
    jwt: user.jwt,
    memberships: (user.organizations ?? organizations.map((o) => ({ organizationId: o.id, role: 'Admin' }))).map(
      (m) => ({ organizationId: m.organizationId, roleId: roleNamed(m.organizationId, m.role).id }),
    ),
  }));

  const projects: Schemas['Project'][] = (options.projects ?? []).map((project) => ({
    id: randomUuid(random),
    created_at: nowIso,
    name: project.name,
    ...(project.description === undefined ? {} : { description: project.description }),
    associated_environments_count: 0,
    organization: { id: project.organizationId ?? first.id },
  }));

  return { organizations, roles, projects, apiTokens, users };
}
