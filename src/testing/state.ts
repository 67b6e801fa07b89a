import type { components } from '../../generated/qovery-api.js';

type Schemas = components['schemas'];

/** What a role lets a credential do in the mock. */
export type Permission =
  | 'organization:read'
  | 'organization:write'
  | 'project:read'
  | 'project:write'
  | 'token:read'
  | 'token:write'
  /** Deploy, redeploy, stop and restart environments and their services of every kind. */
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
export const DEPLOYMENT_FAILURES = [
  'BUILD_ERROR',
  'DEPLOYMENT_ERROR',
  'STOP_ERROR',
  'RESTART_ERROR',
  'CANCELED',
] as const;
/** A state an action can be made to end in by `failNext`. */
export type DeploymentFailure = (typeof DEPLOYMENT_FAILURES)[number];

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

/** The kinds of service the mock serves, as the SDK names its namespaces. */
export type MockServiceKind = 'application' | 'container' | 'job' | 'database' | 'helm';

/** The record of each kind of service in `mock.state`, as the contract's response schemas shape it. */
export interface MockServiceRecords {
  /** `state.applications`. */
  application: Schemas['Application'];
  /** `state.containers`. */
  container: Schemas['ContainerResponse'];
  /** `state.jobs`. */
  job: Schemas['JobResponse'];
  /** `state.databases`. */
  database: Schemas['Database'];
  /** `state.helms`. */
  helm: Schemas['HelmResponse'];
}

/**
 * A version of a service: what a deploy installs and what its status compares with the deployed
 * one. Which field a service has follows from what it is built from; a database has none (it
 * deploys from its settings alone).
 */
export interface MockServiceVersion {
  /** The git commit: applications, and jobs and helm charts built from a git repository. */
  gitCommitId?: string;
  /** The image tag: containers, and jobs run from a container image. */
  imageTag?: string;
  /** The chart version: helm charts from a chart repository. */
  chartVersion?: string;
}

/** One service a deployment request covers, with the version it deploys. */
export interface MockDeploymentService extends MockServiceVersion {
  /** The service's id. */
  id: string;
  /** Its kind, which says in which list of `mock.state` it is. */
  kind: MockServiceKind;
}

/**
 * One deployment request: an action on some services of one environment. Its state at any
 * moment follows from `startedAt`, `timings` and `outcome`, so nothing needs to tick.
 */
export interface MockDeployment {
  /** The deployment request id (`deployment_request_id`). */
  id: string;
  /** The execution id Qovery shows in statuses and histories: `<environment id>-<counter>`, not a UUID. */
  executionId: string;
  /** The environment it runs in. */
  environmentId: string;
  /**
   * The services it covers, of any kind, each with the version it deploys: a deploy's once it
   * succeeds becomes the service's deployed one (an application's commit, a container's tag, a job's
   * tag or commit, a helm chart's version or commit). A redeploy, stop or restart carries the version
   * deployed when it was asked.
   */
  services: MockDeploymentService[];
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
  /**
   * What `failNext` asked of a failing deployment: the service the failure hits (default: the first
   * that builds for a BUILD_ERROR, else the first in stage order) and what its error entry says.
   */
  failure?: {
    /** The service the failure hits. */
    serviceId?: string;
    /** What its error entry says. */
    reason?: DeploymentFailureReason;
  };
  /** When cancelEnvironmentDeployment stopped it, on the mock's clock: it is CANCELED from then on. */
  canceledAt?: number;
  /** Whether that cancel asked for `force_cancel`. */
  forceCanceled?: boolean;
}

/**
 * Why a deployment asked to fail with `failNext` failed, as its error log entry says it
 * (`error.user_log_message`, `hint_message`, `link`, and the step in `details.stage.step`).
 */
export interface DeploymentFailureReason {
  /** What went wrong, as the user reads it (`error.user_log_message`). */
  message: string;
  /** What to do about it (`error.hint_message`). */
  hint?: string;
  /** Where to read more (`error.link`). */
  link?: string;
  /**
   * The step that failed (`details.stage.step`), as ServiceStepMetricNameEnum names steps. Default:
   * BUILD for a BUILD_ERROR, DEPLOYMENT otherwise.
   */
  step?: string;
}

/**
 * Where a variable is defined, as the API names it (`APIVariableScopeEnum`): a project, an
 * environment or one service. What is defined higher up is inherited below. The mock has no
 * terraform services, so a TERRAFORM parent is never found.
 */
export type MockVariableScope = 'PROJECT' | 'ENVIRONMENT' | 'APPLICATION' | 'CONTAINER' | 'JOB' | 'HELM' | 'TERRAFORM';

/**
 * An environment variable or secret in the mock's state, its value included: the API never answers
 * a secret's value (`value: null`, to every caller), but a test may read it here.
 */
export interface MockVariable {
  /** The variable's id. */
  id: string;
  /** Its name, for example `DATABASE_URL`; unique (case-sensitive) at its scope and parent. */
  key: string;
  /**
   * Its value: a VALUE's own, an OVERRIDE's replacement. An ALIAS holds none of its own (`''`): the
   * API answers with the value of the variable it names.
   */
  value: string;
  /** Whether it is a secret. An alias or override of a secret is one too. */
  isSecret: boolean;
  /** Where it is defined. */
  scope: MockVariableScope;
  /** The id of the project, environment or service it is defined on. */
  parentId: string;
  /** `VALUE`: a variable of its own; `ALIAS`: another name for `target`; `OVERRIDE`: another value for `target`. */
  type: 'VALUE' | 'ALIAS' | 'OVERRIDE';
  /** The id of the variable an ALIAS names or an OVERRIDE replaces (always a VALUE, at or above this scope). */
  target?: string;
  /** What it is for. */
  description?: string;
  /** When it was created, as an ISO 8601 date-time. */
  created_at: string;
  /** When it last changed, as an ISO 8601 date-time; absent until it does. */
  updated_at?: string;
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
  /** The clusters of every organization: each has `mock-cluster`, its environments' default. */
  clusters: Schemas['Cluster'][];
  /** The environments of every project. */
  environments: Schemas['Environment'][];
  /** The applications of every environment. */
  applications: Schemas['Application'][];
  /** The containers of every environment. */
  containers: Schemas['ContainerResponse'][];
  /** The jobs (lifecycle and cron) of every environment. */
  jobs: Schemas['JobResponse'][];
  /** The databases of every environment. */
  databases: Schemas['Database'][];
  /** The helm charts of every environment. */
  helms: Schemas['HelmResponse'][];
  /** Every deployment request, seeded history included, in the order they were made. */
  deployments: MockDeployment[];
  /** The variables and secrets of every project, environment and service, secret values included. */
  variables: MockVariable[];
  /**
   * The ids of services, of any kind, that no deploy has succeeded on yet, such as the copies a
   * clone makes: READY and NEVER_DEPLOYED until one does. Seeded services are deployed.
   */
  neverDeployed: string[];
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

/**
 * `${environmentId}-${ordinal}`, as the real API writes an execution id (`…-376`): the environment's
 * requests counted from 1, in the order they were made. Not a UUID.
 */
export function executionId(environmentId: string, ordinal: number): string {
  return `${environmentId}-${ordinal}`;
}

/** Qovery compares names case-insensitively, ignoring surrounding spaces. */
export const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
