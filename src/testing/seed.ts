/**
 * What the embedded API starts with: the options of a scene (projects, environments, services of
 * every kind, variables, clusters, tokens, users) and `seedState()`, which makes a `MockState` of
 * them. The state itself, its records' types, is `state.ts`.
 */
import type { components } from '../../generated/qovery-api.js';
import { type ClusterSeed, DEFAULT_CLUSTER_NAME, seedClusters } from './clusters.js';
import { KINDS } from './kinds.js';
import { derivedUuid, randomUuid } from './random.js';
import { SEEDING, type SeededService } from './records.js';
import {
  DEFAULT_ROLES,
  executionId,
  type LifecycleTimings,
  type MockApiToken,
  type MockDeployment,
  type MockRole,
  type MockServiceKind,
  type MockServiceRecords,
  type MockServiceVersion,
  type MockState,
  type MockUser,
  type MockVariable,
  type MockVariableScope,
  SEED,
  sameName,
} from './state.js';

type Schemas = components['schemas'];

/**
 * A service to start with, of any kind: seeded DEPLOYED in the environment named `environment`
 * (default: the first one, of `project` when given, since two projects may both have a
 * "production"). `history` past deployments (default 0) are seeded an hour apart before the mock's
 * start, the latest successful; every tenth of the older ones failed with BUILD_ERROR, so histories
 * show both.
 */
export interface ServiceSeed {
  /** The service's name. */
  name: string;
  /** The name of its environment. Default: the first environment (of `project`, when given). */
  environment?: string;
  /** The name of the project the environment is in. */
  project?: string;
  /** How many past deployments to seed. Default 0. */
  history?: number;
}

/**
 * A container to start with, running `image`:`tag` from the mock's Docker Hub registry. Each past
 * deployment of its `history` deployed that tag too.
 */
export interface ContainerSeed extends ServiceSeed {
  /** The image's name. Default `acme/<name>`. */
  image?: string;
  /** The image tag deployed. Default `1.0.0`. */
  tag?: string;
}

/** A job to start with: what it runs from and when it runs. */
export interface JobSeed extends ServiceSeed {
  /**
   * `image` (default): it runs image `acme/<name>` at tag `1.0.0`, and a deploy takes an `image_tag`;
   * `git`: it is built from repository `acme/<name>` at a seeded commit, and a deploy takes a
   * `git_commit_id`. The field of the other source is ignored; both at once are a 400.
   */
  source?: 'image' | 'git';
  /** `lifecycle` (default): it runs when its environment starts; `cron`: every day at 03:00 UTC. */
  schedule?: 'lifecycle' | 'cron';
}

/** A database to start with. A deploy takes no version: a database deploys from its settings alone. */
export interface DatabaseSeed extends ServiceSeed {
  /** Its engine. Default `POSTGRESQL`. */
  type?: Schemas['DatabaseTypeEnum'];
  /** `CONTAINER` (default): run in the cluster; `MANAGED`: run by the cloud provider. */
  mode?: Schemas['DatabaseModeEnum'];
}

/** A helm chart to start with: where the chart comes from. */
export interface HelmSeed extends ServiceSeed {
  /**
   * `repository` (default): chart `<name>` of the mock's chart repository, and a deploy takes a
   * `chart_version`; `git`: a chart in repository `acme/<name>` at a seeded commit, and a deploy takes
   * a `git_commit_id`. The field of the other source is ignored; both at once are a 400.
   */
  source?: 'repository' | 'git';
  /** The chart version deployed, for a chart from a repository. Default `1.0.0`. */
  chartVersion?: string;
}

/**
 * A variable to start with, on a project, an environment or a service. Seeded variables are drawn
 * after everything else and their ids follow from where they are, so adding some leaves every other
 * id of a scene as it was.
 */
export interface VariableSeed {
  /** Its name. */
  key: string;
  /** Its value (a secret's is kept in `mock.state.variables`, never answered). */
  value: string;
  /** Whether it is a secret. Default false. */
  secret?: boolean;
  /** What it is defined on: the project, the environment, or the service of that kind named `service`. */
  scope: 'project' | 'environment' | 'application' | 'container' | 'job' | 'helm';
  /** The name of the project (of the environment, of the service). Default: the first project. */
  project?: string;
  /** The name of the environment (of the service). Default: the first one (of `project`, when given). */
  environment?: string;
  /** The name of the service, for a service's variable. */
  service?: string;
  /** What it is for. */
  description?: string;
}

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
  /** Clusters besides each organization's `mock-cluster`: `{ name, organizationId?, region?, production? }`. */
  clusters?: ClusterSeed[];
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
   * Applications to start with, already DEPLOYED (see `ServiceSeed`), each built from repository
   * `acme/<name>` at a seeded commit; a deploy takes a `git_commit_id`.
   */
  applications?: ServiceSeed[];
  /** Containers to start with, already DEPLOYED (see `ContainerSeed`); a deploy takes an `image_tag`. */
  containers?: ContainerSeed[];
  /** Jobs to start with, already DEPLOYED (see `JobSeed`). */
  jobs?: JobSeed[];
  /** Databases to start with, already DEPLOYED (see `DatabaseSeed`). */
  databases?: DatabaseSeed[];
  /** Helm charts to start with, already DEPLOYED (see `HelmSeed`). */
  helms?: HelmSeed[];
  /** Variables and secrets to start with (see `VariableSeed`). */
  variables?: VariableSeed[];
}

/** The seed of each kind of service, by kind (internal: not exported by qovery/testing). */
export interface ServiceSeeds {
  application: ServiceSeed;
  container: ContainerSeed;
  job: JobSeed;
  database: DatabaseSeed;
  helm: HelmSeed;
}

/**
 * A ready-made scene for deployment tests: project "Backend" with environments "production" and
 * "staging". Production has applications "api" and "web", container "worker" (image `acme/worker`,
 * tag `1.0.0`), lifecycle job "migrate" (run from an image), PostgreSQL database "db" (in the
 * cluster) and helm chart "redis" (from a chart repository, version `18.0.0`); staging has
 * application "api" and database "db" (names in two environments, for name-lookup ambiguity).
 * Production's "api" has 45 past deployments, enough for three pages of V1 history; "web" has 3,
 * staging's "api" 4, the others none. Applications and containers have one public port (and so a
 * link). Project variable `LOG_LEVEL=info` is seen everywhere; staging has secret
 * `DATABASE_PASSWORD`.
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
  containers: [{ name: 'worker', environment: 'production', image: 'acme/worker', tag: '1.0.0' }],
  jobs: [{ name: 'migrate', environment: 'production', source: 'image', schedule: 'lifecycle' }],
  databases: [
    { name: 'db', environment: 'production', type: 'POSTGRESQL', mode: 'CONTAINER' },
    { name: 'db', environment: 'staging', type: 'POSTGRESQL', mode: 'CONTAINER' },
  ],
  helms: [{ name: 'redis', environment: 'production', source: 'repository', chartVersion: '18.0.0' }],
  variables: [
    { key: 'LOG_LEVEL', value: 'info', scope: 'project' },
    {
      key: 'DATABASE_PASSWORD',
      value: 'mock-staging-db-password',
      secret: true,
      scope: 'environment',
      environment: 'staging',
    },
  ],
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Seeded environments and services were created this long before the mock's start. */
const SEEDED_AGE = 30 * 24 * HOUR;
/** Phase lengths of seeded past deployments: what a small Docker build takes on Qovery. */
const SEEDED_TIMINGS: LifecycleTimings = { queuedMs: 20_000, buildingMs: 150_000, deployingMs: 45_000 };
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
      cluster_name: DEFAULT_CLUSTER_NAME,
    };
  });
}

/** The environment a service is seeded in; `what` names the service in the error when there is none. */
function environmentOf(
  what: string,
  seed: ServiceSeed,
  projects: Schemas['Project'][],
  environments: Schemas['Environment'][],
): Schemas['Environment'] {
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
 * `count` past deploys of one service, an hour apart and ending before `now`, each at the version
 * `next` gives (a new commit for a service built from git). Every tenth failed its build, never the
 * latest, so the service is running. `offsetMs` keeps two histories of one environment from
 * starting at the same instants.
 */
function pastDeployments(
  count: number,
  service: { id: string; kind: MockServiceKind },
  next: () => MockServiceVersion,
  environmentId: string,
  offsetMs: number,
  random: () => number,
  now: number,
): MockDeployment[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUuid(random),
    executionId: '', // numbered once every history of the environment is known
    environmentId,
    services: [{ ...service, ...next() }],
    action: 'DEPLOY',
    startedAt: now - (count - i) * HOUR - offsetMs,
    timings: SEEDED_TIMINGS,
    outcome: i % 10 === 9 && i < count - 1 ? 'BUILD_ERROR' : 'DEPLOYED',
    triggeredBy: 'Mock Seed',
  }));
}

type SeededServices = Pick<MockState, 'applications' | 'containers' | 'jobs' | 'databases' | 'helms' | 'deployments'>;

/**
 * The services of every kind and their past deployments. Kinds are seeded one after the other,
 * applications first, so adding services of another kind to a seed leaves the ids drawn for its
 * applications as they were.
 */
function seedServices(
  options: SeedOptions,
  projects: Schemas['Project'][],
  environments: Schemas['Environment'][],
  random: () => number,
  now: number,
): SeededServices {
  const deployments: MockDeployment[] = [];
  let seeded = 0;
  const created = now - SEEDED_AGE;
  function seedKind<K extends MockServiceKind>(
    kind: K,
    seeds: readonly ServiceSeeds[K][] = [],
  ): MockServiceRecords[K][] {
    return seeds.map((seed) => {
      const environment = environmentOf(`${KINDS[kind].label} "${seed.name}"`, seed, projects, environments);
      const id = randomUuid(random);
      const next = () => SEEDING[kind].version(seed, random);
      const history = pastDeployments(
        seed.history ?? 0,
        { id, kind },
        next,
        environment.id,
        seeded++ * MINUTE,
        random,
        now,
      );
      deployments.push(...history);
      const latest = history.at(-1);
      const { id: _id, kind: _kind, ...deployed } = latest?.services[0] ?? { id, kind, ...next() };
      const service: SeededService = {
        id,
        name: seed.name,
        environmentId: environment.id,
        createdAt: created,
        deployed,
        deployedAt: latest?.startedAt ?? created,
      };
      return SEEDING[kind].record(service, seed);
    });
  }
  const services = {
    applications: seedKind('application', options.applications),
    containers: seedKind('container', options.containers),
    jobs: seedKind('job', options.jobs),
    databases: seedKind('database', options.databases),
    helms: seedKind('helm', options.helms),
  };
  // Execution ids count the requests of an environment in time order, across its services.
  deployments.sort((a, b) => a.startedAt - b.startedAt);
  const ordinals = new Map<string, number>();
  for (const deployment of deployments) {
    const ordinal = (ordinals.get(deployment.environmentId) ?? 0) + 1;
    ordinals.set(deployment.environmentId, ordinal);
    deployment.executionId = executionId(deployment.environmentId, ordinal);
  }
  return { ...services, deployments };
}

/**
 * The seeded variables, on the projects, environments and services already seeded. Their ids
 * follow from their scope, parent and key, so they draw nothing from `random`.
 */
function seedVariables(
  seeds: readonly VariableSeed[],
  projects: Schemas['Project'][],
  environments: Schemas['Environment'][],
  services: SeededServices,
  createdAt: string,
): MockVariable[] {
  const variables: MockVariable[] = [];
  for (const seed of seeds) {
    const what = `variable "${seed.key}"`;
    let parentId: string;
    if (seed.scope === 'project') {
      const project = seed.project === undefined ? projects[0] : projectNamed(projects, seed.project, what);
      if (!project) throw new Error(`qovery mock seed: ${what} needs a project`);
      parentId = project.id;
    } else {
      const environment = environmentOf(what, { name: seed.key, ...seed }, projects, environments);
      if (seed.scope === 'environment') parentId = environment.id;
      else {
        const { collection } = KINDS[seed.scope];
        const service = services[collection].find(
          (s) => s.environment.id === environment.id && sameName(s.name, seed.service ?? ''),
        );
        if (!service) throw new Error(`qovery mock seed: no ${seed.scope} "${seed.service ?? ''}" for ${what}`);
        parentId = service.id;
      }
    }
    const scope = seed.scope.toUpperCase() as MockVariableScope;
    if (variables.some((v) => v.scope === scope && v.parentId === parentId && v.key === seed.key))
      throw new Error(`qovery mock seed: ${what} is seeded twice on the same ${seed.scope}`);
    variables.push({
      id: derivedUuid(`variable:${scope}:${parentId}:${seed.key}`),
      key: seed.key,
      value: seed.value,
      isSecret: seed.secret ?? false,
      scope,
      parentId,
      type: 'VALUE',
      ...(seed.description === undefined ? {} : { description: seed.description }),
      created_at: createdAt,
    });
  }
  return variables;
}

/**
 * Builds the starting state: organizations, each with the predefined roles, the tokens, users,
 * projects, environments, services of every kind, their past deployments and the variables. `now` is the mock's clock.
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
  const services = seedServices(options, projects, environments, random, now);
  // Last, and drawing nothing from `random`: every other id stays as it was.
  const created = new Date(now - SEEDED_AGE).toISOString();
  const variables = seedVariables(options.variables ?? [], projects, environments, services, created);
  const clusters = seedClusters(organizations, environments, options.clusters ?? [], created);
  return {
    organizations,
    roles,
    projects,
    apiTokens,
    users,
    clusters,
    environments,
    ...services,
    variables,
    neverDeployed: [],
  };
}
