import type { components } from '../../generated/qovery-api.js';
import { randomCommitId, randomUuid } from './random.js';

type Schemas = components['schemas'];

/** What a role lets a credential do in the mock. */
export type Permission =
  | 'organization:read'
  | 'organization:write'
  | 'project:read'
  | 'project:write'
  | 'token:read'
  | 'token:write'
  /** Deploy, redeploy, stop and restart environments and applications. */
  | 'deploy';

/** A role of one organization in the mock, with what it lets a credential do. */
export interface MockRole {
  /** The role's id. */
  id: string;
  /** The organization it belongs to. */
  organizationId: string;
  /** Its name, for example `Admin`. */
  name: string;
  /** What a credential with this role may do. */
  permissions: Permission[];
}

/** An API token in the mock's state, secret included. */
export interface MockApiToken {
  /** The token's id. */
  id: string;
  /** The organization it belongs to. */
  organizationId: string;
  /** Its name. */
  name: string;
  /** Its description, when it has one. */
  description?: string;
  /** The id of its role. */
  roleId: string;
  /** The secret sent as `Authorization: Token <secret>`. */
  secret: string;
  /** Who created it: the name of the token or user that did (`Mock Seed` for seeded tokens). */
  creatorName: string;
  /** When it was created, as an ISO 8601 date-time. */
  created_at: string;
}

/** A JWT the mock accepts as `Authorization: Bearer <token>`, for a user in one or more organizations. */
export interface MockUser {
  /** The user's name. */
  name: string;
  /** The JWT the user authenticates with. */
  jwt: string;
  /** The organizations the user belongs to, with the user's role in each. */
  memberships: {
    /** The organization. */
    organizationId: string;
    /** The id of the user's role in it. */
    roleId: string;
  }[];
}

/** What a deployment request does: `DEPLOY` (for deploy and redeploy), `STOP` or `RESTART`. */
export type DeploymentAction = 'DEPLOY' | 'STOP' | 'RESTART';

/** The ways an action can fail, for `mock.failNext`. */
export type DeploymentFailure = 'BUILD_ERROR' | 'DEPLOYMENT_ERROR' | 'STOP_ERROR' | 'RESTART_ERROR' | 'CANCELED';

/** The state an action ends in once its phases have run. */
export type DeploymentOutcome = 'DEPLOYED' | 'STOPPED' | 'RESTARTED' | DeploymentFailure;

/** How long each phase of an action lasts, in milliseconds of the mock's clock. */
export interface LifecycleTimings {
  /** QUEUED, STOP_QUEUED, RESTART_QUEUED. */
  queuedMs: number;
  /** BUILDING (deployments only). */
  buildingMs: number;
  /** DEPLOYING, STOPPING, RESTARTING. */
  deployingMs: number;
}

/**
 * One deployment request: an action on some applications of one environment. Its state at any
 * moment follows from `startedAt`, `timings` and `outcome`, so nothing needs to tick.
 */
export interface MockDeployment {
  /** The deployment request id (`deployment_request_id`). */
  id: string;
  /** The execution id Qovery shows in statuses and histories. */
  executionId: string;
  /** The environment it runs in. */
  environmentId: string;
  /** The applications it covers, each with the commit it deploys (for stop and restart, the one deployed). */
  applications: {
    /** The application's id. */
    id: string;
    /** The commit, when the application has one. */
    gitCommitId?: string;
  }[];
  /** What it does. */
  action: DeploymentAction;
  /** When it was requested, in milliseconds on the mock's clock. */
  startedAt: number;
  /** How long each of its phases lasts. */
  timings: LifecycleTimings;
  /** The state it ends in once its phases have run. */
  outcome: DeploymentOutcome;
  /** Who asked: the token's or user's name. */
  triggeredBy: string;
}

/** Everything the mock holds, as `mock.state`: read it in assertions, or change it to set a scene. */
export interface MockState {
  /** The organizations. */
  organizations: Schemas['Organization'][];
  /** The roles of every organization. */
  roles: MockRole[];
  /** The projects of every organization. */
  projects: Schemas['Project'][];
  /** The API tokens of every organization, secrets included. */
  apiTokens: MockApiToken[];
  /** The users that authenticate with a JWT. */
  users: MockUser[];
  /** The environments of every project. */
  environments: Schemas['Environment'][];
  /** The applications of every environment. */
  applications: Schemas['Application'][];
  /** Every deployment request, seeded history included, in the order they were made. */
  deployments: MockDeployment[];
}

const ALL: Permission[] = [
  'organization:read',
  'organization:write',
  'project:read',
  'project:write',
  'token:read',
  'token:write',
  'deploy',
];

/** Qovery's predefined roles, with the permissions the mock gives them. */
export const DEFAULT_ROLES: readonly Pick<MockRole, 'name' | 'permissions'>[] = [
  { name: 'Admin', permissions: ALL },
  // As Qovery's role table has it: DevOps manages the organization's setup (API tokens among it)
  // and deploys, but creating, editing and deleting projects takes Admin (editProject, deleteProject).
  { name: 'DevOps', permissions: ['organization:read', 'project:read', 'token:read', 'token:write', 'deploy'] },
  { name: 'Viewer', permissions: ['organization:read', 'project:read', 'token:read'] },
  { name: 'Billing Manager', permissions: ['organization:read'] },
];

/** Fixed ids for the default seed, so tests and docs can name them. */
export const SEED = {
  /** The id of the first organization (named Acme, unless the seed names it otherwise). */
  organizationId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00',
  /** The id of that organization's first role: Admin, with the default roles. */
  adminRoleId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a01',
  /** The default secret of the seeded Admin token. */
  adminToken: 'qov_mock_admin_0000000000000000000000000000',
  /** The id of the seeded Admin token. */
  adminTokenId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a02',
  /** The default secret of the seeded Viewer token. */
  viewerToken: 'qov_mock_viewer_000000000000000000000000000',
  /** The id of the seeded Viewer token. */
  viewerTokenId: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a03',
} as const;

/** What the mock starts with (see `DEPLOY_SCENE` for a ready-made one); every field is optional. */
export interface SeedOptions {
  /** The seeded Admin token's secret. Default `SEED.adminToken`. */
  adminToken?: string;
  /** The seeded Viewer token's secret. Default `SEED.viewerToken`. */
  viewerToken?: string;
  /** Organizations to start with. Default: one, "Acme" (id `SEED.organizationId`). */
  organizations?: Partial<Schemas['Organization']>[];
  /** Extra API tokens: `{ secret, name?, role?, organizationId? }` (role by name, default Admin). */
  apiTokens?: {
    /** The secret to send as `Authorization: Token <secret>`. */
    secret: string;
    /** The token's name. Default `seeded token`. */
    name?: string;
    /** The name of the token's role. Default `Admin`. */
    role?: string;
    /** The token's organization. Default: the first one. */
    organizationId?: string;
  }[];
  /** JWT users: `{ jwt, name?, organizations? }` (default: Admin of every organization). */
  users?: {
    /** The JWT to send as `Authorization: Bearer <jwt>`. */
    jwt: string;
    /** The user's name. Default `Mock User`. */
    name?: string;
    /** The organizations the user belongs to. Default: every one, as Admin. */
    organizations?: {
      /** The organization. */
      organizationId: string;
      /** The name of the user's role in it. Default `Admin`. */
      role?: string;
    }[];
  }[];
  /**
   * The roles every organization gets, first one first. Default: `DEFAULT_ROLES` (Admin, DevOps,
   * Viewer, Billing Manager). The seeded tokens use the roles named Admin and Viewer.
   */
  roles?: readonly Pick<MockRole, 'name' | 'permissions'>[];
  /** Projects to start with: `{ name, description?, organizationId? }`. */
  projects?: {
    /** The project's name. */
    name: string;
    /** Its description. */
    description?: string;
    /** Its organization. Default: the first one. */
    organizationId?: string;
  }[];
  /**
   * Environments to start with, in the project named `project` (default: the first project).
   * Mode default `'DEVELOPMENT'`.
   */
  environments?: {
    /** The environment's name. */
    name: string;
    /** The name of its project. Default: the first project. */
    project?: string;
    /** Its mode, for example `PRODUCTION`. Default `DEVELOPMENT`. */
    mode?: Schemas['EnvironmentModeEnum'];
  }[];
  /**
   * Applications to start with, already DEPLOYED, in the environment named `environment` (default:
   * the first one, of `project` when given, since two projects may both have a "production").
   * `history` past deployments (default 0) are seeded an hour apart before the mock's start, the
   * latest successful; every tenth of the older ones failed with BUILD_ERROR, so histories show both.
   */
  applications?: {
    /** The application's name. */
    name: string;
    /** The name of its environment. Default: the first environment (of `project`, when given). */
    environment?: string;
    /** The name of the project the environment is in. */
    project?: string;
    /** How many past deployments to seed. Default 0. */
    history?: number;
  }[];
}

/**
 * A ready-made scene for deployment tests: project "Backend" with environments "production" and
 * "staging"; applications "api" and "web" in production and "api" in staging (one name in two
 * environments, for name-lookup ambiguity). Production's "api" has 45 past deployments, enough for
 * three pages of V1 history.
 */
export const DEPLOY_SCENE: SeedOptions = {
  projects: [{ name: 'Backend', description: 'The API and the website' }],
  environments: [
    { name: 'production', mode: 'PRODUCTION' },
    { name: 'staging', mode: 'STAGING' },
  ],
  applications: [
    { name: 'api', environment: 'production', history: 45 },
    { name: 'web', environment: 'production', history: 3 },
    { name: 'api', environment: 'staging', history: 4 },
  ],
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Seeded environments and applications were created this long before the mock's start. */
const SEEDED_AGE = 30 * 24 * HOUR;
/** Phase lengths of seeded past deployments: what a small Docker build takes on Qovery. */
const SEEDED_TIMINGS: LifecycleTimings = { queuedMs: 20_000, buildingMs: 150_000, deployingMs: 45_000 };

/** `${environmentId}-${ordinal}-${unix seconds}`: unique per environment, ordered like the requests. */
export function executionId(environmentId: string, ordinal: number, startedAt: number): string {
  return `${environmentId}-${ordinal}-${Math.floor(startedAt / 1000)}`;
}

/** Qovery compares names case-insensitively, ignoring surrounding spaces. */
export const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

function projectNamed(projects: Schemas['Project'][], name: string, forWhat: string): Schemas['Project'] {
  const project = projects.find((p) => sameName(p.name, name));
  if (!project) throw new Error(`qovery mock seed: no project "${name}" for ${forWhat}`);
  return project;
}

function seedEnvironments(
  options: SeedOptions,
  projects: Schemas['Project'][],
  random: () => number,
  now: number,
): Schemas['Environment'][] {
  // One cluster per organization, as a small Qovery setup has.
  const clusters = new Map<string, string>();
  return (options.environments ?? []).map((seed) => {
    const project =
      seed.project === undefined ? projects[0] : projectNamed(projects, seed.project, `environment "${seed.name}"`);
    if (!project) throw new Error(`qovery mock seed: environment "${seed.name}" needs a project`);
    const organizationId = project.organization.id;
    const clusterId = clusters.get(organizationId) ?? randomUuid(random);
    clusters.set(organizationId, clusterId);
    project.associated_environments_count = (project.associated_environments_count ?? 0) + 1;
    return {
      id: randomUuid(random),
      created_at: new Date(now - SEEDED_AGE).toISOString(),
      name: seed.name,
      organization: { id: organizationId },
      project: { id: project.id },
      cloud_provider: { provider: 'AWS', cluster: 'eu-west-3' },
      mode: seed.mode ?? 'DEVELOPMENT',
      cluster_id: clusterId,
      cluster_name: 'mock-cluster',
    };
  });
}

type ApplicationSeed = NonNullable<SeedOptions['applications']>[number];

function environmentOf(
  seed: ApplicationSeed,
  projects: Schemas['Project'][],
  environments: Schemas['Environment'][],
): Schemas['Environment'] {
  const what = `application "${seed.name}"`;
  const project = seed.project === undefined ? undefined : projectNamed(projects, seed.project, what);
  const environment = environments.find(
    (e) =>
      (project === undefined || e.project.id === project.id) &&
      (seed.environment === undefined || sameName(e.name, seed.environment)),
  );
  if (!environment) throw new Error(`qovery mock seed: no environment "${seed.environment ?? ''}" for ${what}`);
  return environment;
}

/**
 * `count` past deploys of one application, an hour apart and ending before `now`, each at a new
 * commit. Every tenth failed its build, never the latest, so the application is running.
 * `offsetMs` keeps two histories of one environment from starting at the same instants.
 */
function pastDeployments(
  count: number,
  applicationId: string,
  environmentId: string,
  offsetMs: number,
  random: () => number,
  now: number,
): MockDeployment[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUuid(random),
    executionId: '', // numbered once every history of the environment is known
    environmentId,
    applications: [{ id: applicationId, gitCommitId: randomCommitId(random) }],
    action: 'DEPLOY',
    startedAt: now - (count - i) * HOUR - offsetMs,
    timings: SEEDED_TIMINGS,
    outcome: i % 10 === 9 && i < count - 1 ? 'BUILD_ERROR' : 'DEPLOYED',
    triggeredBy: 'Mock Seed',
  }));
}

function applicationRecord(
  id: string,
  name: string,
  environmentId: string,
  createdAt: number,
  deployed: { commit: string; at: number },
): Schemas['Application'] {
  return {
    id,
    created_at: new Date(createdAt).toISOString(),
    name,
    environment: { id: environmentId },
    description: '',
    git_repository: {
      has_access: true,
      provider: 'GITHUB',
      owner: 'acme',
      name,
      url: `https://github.com/acme/${name}.git`,
      branch: 'main',
      root_path: '/',
      deployed_commit_id: deployed.commit,
      deployed_commit_date: new Date(deployed.at).toISOString(),
      deployed_commit_contributor: 'Mock Developer',
      deployed_commit_tag: '',
    },
    build_mode: 'DOCKER',
    dockerfile_path: 'Dockerfile',
    cpu: 500,
    memory: 512,
    gpu: 0,
    min_running_instances: 1,
    max_running_instances: 1,
    healthchecks: {},
    auto_preview: false,
    auto_deploy: true,
    ports: [],
    arguments: [],
    storage: [],
    icon_uri: 'app://qovery-console/application',
    service_type: 'APPLICATION',
  };
}

function seedApplications(
  options: SeedOptions,
  projects: Schemas['Project'][],
  environments: Schemas['Environment'][],
  random: () => number,
  now: number,
): { applications: Schemas['Application'][]; deployments: MockDeployment[] } {
  const deployments: MockDeployment[] = [];
  const applications = (options.applications ?? []).map((seed, index) => {
    const environment = environmentOf(seed, projects, environments);
    const id = randomUuid(random);
    const history = pastDeployments(seed.history ?? 0, id, environment.id, index * MINUTE, random, now);
    deployments.push(...history);
    const created = now - SEEDED_AGE;
    const latest = history.at(-1);
    const deployed = {
      commit: latest?.applications[0]?.gitCommitId ?? randomCommitId(random),
      at: latest?.startedAt ?? created,
    };
    return applicationRecord(id, seed.name, environment.id, created, deployed);
  });
  // Execution ids count the requests of an environment in time order, across its applications.
  deployments.sort((a, b) => a.startedAt - b.startedAt);
  const ordinals = new Map<string, number>();
  for (const deployment of deployments) {
    const ordinal = (ordinals.get(deployment.environmentId) ?? 0) + 1;
    ordinals.set(deployment.environmentId, ordinal);
    deployment.executionId = executionId(deployment.environmentId, ordinal, deployment.startedAt);
  }
  return { applications, deployments };
}

/**
 * Builds the starting state: organizations, each with the predefined roles, the tokens, users,
 * projects, environments, applications and their past deployments. `now` is the mock's clock.
 */
export function seedState(options: SeedOptions, random: () => number, now: number): MockState {
  const nowIso = new Date(now).toISOString();
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

  const environments = seedEnvironments(options, projects, random, now);
  const { applications, deployments } = seedApplications(options, projects, environments, random, now);
  return { organizations, roles, projects, apiTokens, users, environments, applications, deployments };
}
