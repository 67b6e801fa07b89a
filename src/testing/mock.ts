import { OPERATIONS } from '../../generated/operations.js';
import type { components } from '../../generated/qovery-api.js';
import { REQUEST_BODY_SCHEMAS } from '../../generated/request-schemas.js';
import { describeIssues, issuesOf } from '../schemas.js';
import {
  applicationHistoryV1,
  applicationHistoryV2,
  applicationStatus,
  applicationsOf,
  applySettled,
  canEnd,
  DEFAULT_LIFECYCLE,
  deploymentsOfApplication,
  deploymentsOfEnvironment,
  environmentAsService,
  environmentHistoryV1,
  environmentHistoryV2,
  environmentStatus,
  environmentStatuses,
  isSettled,
  progress,
  successOf,
} from './deployments.js';
import { createFaultInjector, DroppedConnection, type FaultInjector, isDroppedConnection } from './faults.js';
import { randomApiToken, randomUuid, seededRandom } from './random.js';
import { createRateLimiter, type RateLimitSettings } from './rate-limiter.js';
import {
  type DeploymentAction,
  type DeploymentFailure,
  executionId,
  type LifecycleTimings,
  type MockApiToken,
  type MockDeployment,
  type MockRole,
  type MockState,
  type Permission,
  SEED,
  type SeedOptions,
  sameName,
  seedState,
} from './state.js';

type Schemas = components['schemas'];

/**
 * The options of `createQoveryMock()` (and of `startQoveryMockServer()`): what to seed, the rate
 * limit, the clock, the random seed and how long deployments take. Every one is optional.
 */
export interface QoveryMockOptions extends SeedOptions {
  /** Per-credential limit and window; `false` turns rate limiting off. Default 1000 per hour. */
  rateLimit?: Partial<RateLimitSettings> | false;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Seed for ids, secrets and random faults. Default 1. */
  seed?: number;
  /** The role a token created with `role_id: null` gets. Default `'Admin'`. */
  defaultTokenRole?: string;
  /**
   * How long each phase of a deploy, stop or restart lasts on the clock (`now`). A deploy is QUEUED
   * for `queuedMs`, BUILDING for `buildingMs`, DEPLOYING for `deployingMs`, then DEPLOYED; a stop is
   * STOP_QUEUED then STOPPING (`queuedMs`, `deployingMs`), then STOPPED; a restart RESTART_QUEUED then
   * RESTARTING, then RESTARTED. Default 1000, 3000 and 2000 ms.
   */
  lifecycle?: Partial<LifecycleTimings>;
}

/** A failure for `failNext`: on an application, on any action in an environment, or on the next action anywhere. */
export interface PendingFailure {
  /** The application whose next action fails. */
  applicationId?: string;
  /** The environment whose next action, on it or on any of its applications, fails. */
  environmentId?: string;
  /** The failure state the action ends in. */
  state: DeploymentFailure;
}

/**
 * An in-memory Qovery API, as `createQoveryMock()` returns it: serve it as the client's `fetch`,
 * through msw or over HTTP, and read or change its state.
 */
export interface QoveryMock {
  /** Answers one request as the Qovery API would. */
  handle(request: Request): Promise<Response>;
  /** The same, shaped like `fetch`: pass it as the client's `fetch` option. No sockets involved. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The live state: read it in assertions, or change it to set a scene. */
  readonly state: MockState;
  /** The seeded admin token of the default organization. */
  readonly adminToken: string;
  /** The seeded token whose role (Viewer) reads but cannot create projects or tokens, nor deploy. */
  readonly viewerToken: string;
  /** The id of the default organization. */
  readonly organizationId: string;
  /** Faults to play: latency, 5xx pages, dropped connections, truncated bodies, wrong content types. */
  readonly faults: FaultInjector;
  /**
   * Makes the next action (deploy, redeploy, stop, restart) on this application, or on this
   * environment or any of its applications, end in `state` instead of succeeding: BUILD_ERROR once
   * the building phase is over, DEPLOYMENT_ERROR, STOP_ERROR or RESTART_ERROR once the last phase
   * is, CANCELED as soon as it leaves the queue. A failure that cannot end an action (BUILD_ERROR on
   * a stop) waits for one it can. With neither id, the next action anywhere fails. Failures queue up
   * in order; `reset()` drops them.
   */
  failNext(failure: PendingFailure): void;
  /** Back to the seeded state: data, deployments, pending failures, rate-limit windows and faults. */
  reset(): void;
}

type Caller = { key: string; name: string; memberships: { organizationId: string; roleId: string }[] };

type Reply = { status: number; body?: unknown };

interface Context {
  caller: Caller;
  params: Record<string, string>;
  query: URLSearchParams;
  body: () => Promise<unknown>;
}

interface Route {
  method: string;
  pattern: RegExp & { names: string[] };
  operation: string;
  /** Whether the operation takes a body: the contract declares 400 (for a malformed id too) only then. */
  takesBody: boolean;
  run: (context: Context) => Reply | Promise<Reply>;
}

/** Thrown by operations to answer with an error status. */
class Refusal {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TITLES: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  201: 'Created',
  204: 'No Content',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  501: 'Not Implemented',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    statusText: TITLES[status] ?? '',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  });
}

/** 401 and 403 come in the shape Qovery documents; the rest in the RFC 7807-like shape seen in the wild. */
function errorBody(status: number, detail: string, path: string): unknown {
  const title = TITLES[status] ?? 'Error';
  if (status === 401 || status === 403) return { status, error: title, message: detail };
  return { type: 'about:blank', title, status, detail, instance: path, message: detail };
}

function htmlPage(status: number): string {
  const title = `${status} ${TITLES[status] ?? 'Error'}`;
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
}

/**
 * A request body checked with the contract's own schema for the operation (generated from
 * openapi.yaml, as the SDK's checks are), strictly as the API would: a missing or mistyped field,
 * an enum value or a format it does not know is a 400 naming the field.
 */
function checkBody(body: unknown, operation: keyof typeof REQUEST_BODY_SCHEMAS): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Refusal(400, 'body: must be a JSON object');
  const issues = issuesOf(REQUEST_BODY_SCHEMAS[operation], body);
  if (issues.length > 0) throw new Refusal(400, describeIssues(issues));
  return body as Record<string, unknown>;
}

/** A matcher for a path template of the contract (`/project/{projectId}`), with its parameters' names. */
function templatePattern(template: string): RegExp & { names: string[] } {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return Object.assign(new RegExp(`^${source}/?$`), { names });
}

/** The contract's operations as matchers, built on the first request the mock has no route for. */
let contractMatchers:
  | { operationId: string; method: string; template: string; pattern: ReturnType<typeof templatePattern> }[]
  | undefined;

/** The operation of the contract that (method, path) calls, if any. */
function contractOperation(method: string, path: string): { operationId: string; template: string } | undefined {
  // Fewest parameters first: /project/stats is its own operation, not /project/{projectId}.
  contractMatchers ??= Object.entries(OPERATIONS)
    .map(([operationId, [verb, template]]) => ({
      operationId,
      method: verb.toUpperCase(),
      template,
      pattern: templatePattern(template),
    }))
    .sort((a, b) => a.pattern.names.length - b.pattern.names.length);
  return contractMatchers.find((m) => m.method === method && m.pattern.test(path));
}

function route(
  method: string,
  path: string,
  operation: string,
  run: Route['run'],
  takesBody = method === 'POST' || method === 'PUT',
): Route {
  return { method, operation, pattern: templatePattern(path), takesBody, run };
}

const V1_PAGE_SIZE = 20;

/**
 * V1 history (newest first): the 20 entries strictly older than `startId`, or the newest 20; 404
 * when `startId` is not in this history.
 */
function pageAfter<T>(history: MockDeployment[], startId: string | null, render: (deployment: MockDeployment) => T) {
  let from = 0;
  if (startId) {
    from = history.findIndex((d) => d.id === startId) + 1;
    if (from === 0) throw new Refusal(404, `No deployment ${startId} in this history`);
  }
  return {
    page: Math.floor(from / V1_PAGE_SIZE) + 1,
    page_size: V1_PAGE_SIZE,
    results: history.slice(from, from + V1_PAGE_SIZE).map(render),
  };
}

/** V2 history: the newest `pageSize` entries (default 20). V2 has no cursor, so it is always page 1. */
function newestPage<T>(history: MockDeployment[], pageSizeParam: string | null, render: (d: MockDeployment) => T) {
  const requested = pageSizeParam === null ? Number.NaN : Number(pageSizeParam);
  const pageSize = Number.isInteger(requested) && requested > 0 ? requested : 20;
  return { page: 1, page_size: pageSize, results: history.slice(0, pageSize).map(render) };
}

/**
 * An in-memory Qovery API: organizations, roles, projects, API tokens, environments, applications
 * and their deployments, with Qovery's status codes, auth, role permissions, name rules, rate
 * limits and a deployment lifecycle on the injected clock. Seeded with organization "Acme",
 * Qovery's predefined roles, an admin token and a viewer token.
 */
export function createQoveryMock(options: QoveryMockOptions = {}): QoveryMock {
  const now = options.now ?? Date.now;
  const limits: RateLimitSettings | false =
    options.rateLimit === false ? false : { limit: 1000, windowMs: 3_600_000, ...options.rateLimit };
  let random = seededRandom(options.seed ?? 1);
  const faultRandom = seededRandom((options.seed ?? 1) ^ 0x5eed);
  const faults = createFaultInjector(faultRandom);
  const limiter = limits ? createRateLimiter(limits, now) : undefined;
  const state: MockState = {
    organizations: [],
    roles: [],
    projects: [],
    apiTokens: [],
    users: [],
    environments: [],
    applications: [],
    deployments: [],
  };
  const iso = () => new Date(now()).toISOString();
  const timings: LifecycleTimings = { ...DEFAULT_LIFECYCLE, ...options.lifecycle };
  // Deployments whose end has been applied to the state (deployed commits).
  const applied = new Set<string>();
  let pendingFailures: PendingFailure[] = [];

  /** Brings the state up to the clock: lifecycles are computed when read, never by timers. */
  const settle = () => applySettled(state, now(), applied);

  function reset(): void {
    random = seededRandom(options.seed ?? 1);
    Object.assign(state, seedState(options, random, now()));
    applied.clear();
    settle();
    pendingFailures = [];
    limiter?.reset();
    faults.clear();
  }
  reset();

  // Who is calling, from the Authorization header; undefined means 401.
  function identify(header: string | null): Caller | undefined {
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

  function projectFor(caller: Caller, projectId: string, permission: Permission): Schemas['Project'] {
    const project = state.projects.find((p) => p.id === projectId);
    if (!project) throw new Refusal(404, `Project ${projectId} not found`);
    organizationFor(caller, project.organization.id, permission);
    return project;
  }

  function environmentFor(caller: Caller, environmentId: string, permission: Permission): Schemas['Environment'] {
    const environment = state.environments.find((e) => e.id === environmentId);
    if (!environment) throw new Refusal(404, `Environment ${environmentId} not found`);
    organizationFor(caller, environment.organization.id, permission);
    return environment;
  }

  function applicationFor(
    caller: Caller,
    applicationId: string,
    permission: Permission,
  ): { application: Schemas['Application']; environment: Schemas['Environment'] } {
    const application = state.applications.find((a) => a.id === applicationId);
    const environment = state.environments.find((e) => e.id === application?.environment.id);
    if (!application || !environment) throw new Refusal(404, `Application ${applicationId} not found`);
    organizationFor(caller, environment.organization.id, permission);
    return { application, environment };
  }

  /** 409 while a request covering the application (or, without one, anything in the environment) runs. */
  function refuseWhileRunning(environmentId: string, applicationId?: string): void {
    const running = state.deployments.some(
      (d) =>
        d.environmentId === environmentId &&
        (applicationId === undefined || d.applications.some((a) => a.id === applicationId)) &&
        !isSettled(d, now()),
    );
    if (running) {
      const target = applicationId === undefined ? 'environment' : 'application';
      throw new Refusal(409, `An operation is already in progress on this ${target}`);
    }
  }

  /** The first pending failure aimed at this request, removed from the queue. */
  function takeFailure(environmentId: string, applicationIds: string[], action: DeploymentAction) {
    const index = pendingFailures.findIndex(
      (f) =>
        canEnd(action, f.state) &&
        (f.environmentId === undefined || f.environmentId === environmentId) &&
        (f.applicationId === undefined || applicationIds.includes(f.applicationId)),
    );
    if (index < 0) return undefined;
    return pendingFailures.splice(index, 1)[0]?.state;
  }

  function startDeployment(
    caller: Caller,
    environmentId: string,
    applications: Schemas['Application'][],
    action: DeploymentAction,
    gitCommitId?: string,
  ): void {
    const ids = applications.map((a) => a.id);
    const startedAt = now();
    const deployment: MockDeployment = {
      id: randomUuid(random),
      executionId: executionId(environmentId, deploymentsOfEnvironment(state, environmentId).length + 1, startedAt),
      environmentId,
      // A redeploy, stop or restart works on the commit already deployed.
      applications: applications.map((a) => ({
        id: a.id,
        gitCommitId: gitCommitId ?? a.git_repository?.deployed_commit_id,
      })),
      action,
      startedAt,
      timings: { ...timings },
      outcome: takeFailure(environmentId, ids, action) ?? successOf(action),
      triggeredBy: caller.name,
    };
    state.deployments.push(deployment);
  }

  /** POST /application/{id}/<verb>: 202 with the application's Status, the action just queued. */
  const applicationAction = (
    verb: string,
    operation: string,
    action: DeploymentAction,
    commitFromBody?: (body: unknown) => string,
  ) =>
    route(
      'POST',
      `/application/{applicationId}/${verb}`,
      operation,
      async ({ caller, params, body }) => {
        const { application, environment } = applicationFor(caller, params.applicationId ?? '', 'deploy');
        const gitCommitId = commitFromBody?.(await body());
        refuseWhileRunning(environment.id, application.id);
        startDeployment(caller, environment.id, [application], action, gitCommitId);
        return { status: 202, body: applicationStatus(state, application, now()) };
      },
      commitFromBody !== undefined,
    );

  /** POST /environment/{id}/<verb>: the action on every application of the environment, as one request. */
  const environmentAction = (
    verb: string,
    operation: string,
    action: DeploymentAction,
    answer: (environment: Schemas['Environment']) => unknown,
  ) =>
    route(
      'POST',
      `/environment/{environmentId}/${verb}`,
      operation,
      ({ caller, params }) => {
        const environment = environmentFor(caller, params.environmentId ?? '', 'deploy');
        refuseWhileRunning(environment.id);
        startDeployment(caller, environment.id, applicationsOf(state, environment.id), action);
        return { status: 202, body: answer(environment) };
      },
      false,
    );

  /** GET on an environment: 200 with what `read` makes of it. */
  const environmentRead = (
    suffix: string,
    operation: string,
    read: (environment: Schemas['Environment'], query: URLSearchParams) => unknown,
  ) =>
    route('GET', `/environment/{environmentId}${suffix}`, operation, ({ caller, params, query }) => ({
      status: 200,
      body: read(environmentFor(caller, params.environmentId ?? '', 'project:read'), query),
    }));

  /** GET on an application: 200 with what `read` makes of it. */
  const applicationRead = (
    suffix: string,
    operation: string,
    read: (application: Schemas['Application'], query: URLSearchParams) => unknown,
  ) =>
    route('GET', `/application/{applicationId}${suffix}`, operation, ({ caller, params, query }) => ({
      status: 200,
      body: read(applicationFor(caller, params.applicationId ?? '', 'project:read').application, query),
    }));

  const rolesOf = (organizationId: string): MockRole[] =>
    state.roles.filter((r) => r.organizationId === organizationId);

  function publicToken(token: MockApiToken): Schemas['OrganizationApiToken'] {
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

  function projectFields(
    body: unknown,
    operation: 'createProject' | 'editProject',
  ): { name: string; description?: string } {
    const fields = checkBody(body, operation);
    return {
      name: fields.name as string,
      ...(fields.description === undefined ? {} : { description: fields.description as string }),
    };
  }

  function refuseDuplicateProject(organizationId: string, name: string, except?: string): void {
    if (state.projects.some((p) => p.organization.id === organizationId && p.id !== except && sameName(p.name, name))) {
      throw new Refusal(409, 'This organization already has a project with that name');
    }
  }

  const routes: Route[] = [
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
      const editable = [
        'name',
        'plan',
        'description',
        'website_url',
        'repository',
        'logo_url',
        'icon_url',
        'admin_emails',
      ];
      for (const key of editable) {
        if (fields[key] !== undefined) Object.assign(organization, { [key]: fields[key] });
      }
      Object.assign(organization, { updated_at: iso() });
      return { status: 200, body: organization };
    }),

    route(
      'GET',
      '/organization/{organizationId}/availableRole',
      'listOrganizationAvailableRoles',
      ({ caller, params }) => {
        const organization = organizationFor(caller, params.organizationId ?? '', 'organization:read');
        return { status: 200, body: { results: rolesOf(organization.id).map(({ id, name }) => ({ id, name })) } };
      },
    ),

    route('GET', '/organization/{organizationId}/project', 'listProject', ({ caller, params }) => {
      const organization = organizationFor(caller, params.organizationId ?? '', 'project:read');
      return { status: 200, body: { results: state.projects.filter((p) => p.organization.id === organization.id) } };
    }),

    // Qovery answers a created project with 200, not 201.
    route('POST', '/organization/{organizationId}/project', 'createProject', async ({ caller, params, body }) => {
      const organization = organizationFor(caller, params.organizationId ?? '', 'project:write');
      const fields = projectFields(await body(), 'createProject');
      refuseDuplicateProject(organization.id, fields.name);
      const project: Schemas['Project'] = {
        id: randomUuid(random),
        created_at: iso(),
        ...fields,
        associated_environments_count: 0,
        organization: { id: organization.id },
      };
      state.projects.push(project);
      return { status: 200, body: project };
    }),

    route('GET', '/project/{projectId}', 'getProject', ({ caller, params }) => ({
      status: 200,
      body: projectFor(caller, params.projectId ?? '', 'project:read'),
    })),

    route('PUT', '/project/{projectId}', 'editProject', async ({ caller, params, body }) => {
      const project = projectFor(caller, params.projectId ?? '', 'project:write');
      const fields = projectFields(await body(), 'editProject');
      refuseDuplicateProject(project.organization.id, fields.name, project.id);
      project.name = fields.name;
      if (fields.description !== undefined) project.description = fields.description;
      Object.assign(project, { updated_at: iso() });
      return { status: 200, body: project };
    }),

    route('DELETE', '/project/{projectId}', 'deleteProject', ({ caller, params }) => {
      const project = projectFor(caller, params.projectId ?? '', 'project:write');
      state.projects = state.projects.filter((p) => p !== project);
      // Its environments, their applications and deployments go with it.
      const gone = new Set(state.environments.filter((e) => e.project.id === project.id).map((e) => e.id));
      state.environments = state.environments.filter((e) => !gone.has(e.id));
      state.applications = state.applications.filter((a) => !gone.has(a.environment.id));
      state.deployments = state.deployments.filter((d) => !gone.has(d.environmentId));
      return { status: 204 };
    }),

    route('GET', '/project/{projectId}/environment', 'listEnvironment', ({ caller, params }) => {
      const project = projectFor(caller, params.projectId ?? '', 'project:read');
      return { status: 200, body: { results: state.environments.filter((e) => e.project.id === project.id) } };
    }),

    // Before /environment/{environmentId}, which its path would match too.
    route('GET', '/environment/deploymentStatus', 'getDeploymentStatusByDeploymentRequestId', ({ caller, query }) => {
      const id = query.get('deploymentRequestId');
      const deployment = state.deployments.find((d) => d.id === id?.toLowerCase());
      if (!deployment) throw new Refusal(404, `Deployment request ${id ?? '(none)'} not found`);
      environmentFor(caller, deployment.environmentId, 'project:read');
      return {
        status: 200,
        body: {
          deployment_request_id: deployment.id,
          environment_id: deployment.environmentId,
          status: progress(deployment, now()).state,
        },
      };
    }),

    environmentRead('', 'getEnvironment', (environment) => environment),
    environmentRead('/status', 'getEnvironmentStatus', (environment) => environmentStatus(state, environment, now())),
    environmentRead('/statuses', 'getEnvironmentStatuses', (environment) =>
      environmentStatuses(state, environment, now()),
    ),
    environmentAction('deploy', 'deployEnvironment', 'DEPLOY', (e) => environmentAsService(state, e, now())),
    environmentAction('stop', 'stopEnvironment', 'STOP', (e) => environmentStatus(state, e, now())),
    environmentAction('redeploy', 'redeployEnvironment', 'DEPLOY', (e) => environmentStatus(state, e, now())),
    // toUpdate (only applications with a newer commit) is ignored: the mock knows no branch heads.
    environmentRead('/application', 'listApplication', (environment) => ({
      results: applicationsOf(state, environment.id),
    })),
    environmentRead('/deploymentHistory', 'listEnvironmentDeploymentHistory', (environment, query) =>
      pageAfter(deploymentsOfEnvironment(state, environment.id), query.get('startId'), (d) =>
        environmentHistoryV1(state, d, now()),
      ),
    ),
    environmentRead('/deploymentHistoryV2', 'listEnvironmentDeploymentHistoryV2', (environment, query) =>
      newestPage(deploymentsOfEnvironment(state, environment.id), query.get('pageSize'), (d) =>
        environmentHistoryV2(state, d, now()),
      ),
    ),

    applicationRead('', 'getApplication', (application) => application),
    applicationRead('/status', 'getApplicationStatus', (application) => applicationStatus(state, application, now())),
    applicationAction('deploy', 'deployApplication', 'DEPLOY', (body) =>
      String(checkBody(body, 'deployApplication').git_commit_id),
    ),
    applicationAction('redeploy', 'redeployApplication', 'DEPLOY'),
    applicationAction('restart-service', 'rebootApplication', 'RESTART'),
    applicationAction('stop', 'stopApplication', 'STOP'),
    applicationRead('/deploymentHistory', 'listApplicationDeploymentHistory', (application, query) =>
      pageAfter(deploymentsOfApplication(state, application.id), query.get('startId'), (d) =>
        applicationHistoryV1(d, application, now()),
      ),
    ),
    applicationRead('/deploymentHistoryV2', 'listApplicationDeploymentHistoryV2', (application, query) =>
      newestPage(deploymentsOfApplication(state, application.id), query.get('pageSize'), (d) =>
        applicationHistoryV2(d, application, now()),
      ),
    ),

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
          .map(publicToken);
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
        const roles = rolesOf(organization.id);
        const roleId = fields.role_id as string | null;
        const role =
          roleId === null
            ? roles.find((r) => sameName(r.name, options.defaultTokenRole ?? 'Admin'))
            : roles.find((r) => r.id === roleId.toLowerCase());
        if (!role) throw new Refusal(400, `role_id: no role ${roleId} in this organization`);
        const name = fields.name as string;
        if (state.apiTokens.some((t) => t.organizationId === organization.id && sameName(t.name, name))) {
          throw new Refusal(409, 'This organization already has an API token with that name');
        }
        const token: MockApiToken = {
          id: randomUuid(random),
          organizationId: organization.id,
          name,
          ...(fields.description === undefined ? {} : { description: fields.description as string }),
          roleId: role.id,
          secret: randomApiToken(random),
          creatorName: caller.name,
          created_at: iso(),
        };
        state.apiTokens.push(token);
        return { status: 201, body: { ...publicToken(token), token: token.secret } };
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

  function match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const candidate of routes) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (candidate.method !== method) continue;
      const { names } = candidate.pattern;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
      return { route: candidate, params };
    }
    return pathMatched ? 'method' : undefined;
  }

  /** The API's own answer, faults aside. */
  async function answer(request: Request, found: ReturnType<typeof match>): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const refuse = (status: number, detail: string, headers: Record<string, string> = {}) =>
      json(status, errorBody(status, detail, path), headers);

    const authorization = request.headers.get('authorization');
    const caller = identify(authorization);
    // Refused credentials are counted too, under the credential presented, so 401s carry the
    // headers and a token refused once deleted keeps the count it had.
    const presented = /^(?:Token|Bearer) (\S+)$/.exec(authorization ?? '')?.[1];
    const decision = limiter?.take(caller?.key ?? presented ?? `refused:${authorization ?? ''}`);
    if (!caller) return refuse(401, 'Invalid or missing authentication token', decision?.headers);
    const limitHeaders = decision?.headers ?? {};
    if (decision && !decision.allowed) return refuse(429, 'Rate limit exceeded: retry after the reset', limitHeaders);
    if (found === undefined || found === 'method') {
      // An operation of the contract the mock does not serve is said to be one: a 404 would read
      // as "that resource is gone" to the code under test, a 405 as a method the API refuses.
      const missing = contractOperation(request.method, path);
      if (missing) {
        const detail = `The embedded Qovery API does not implement ${missing.operationId} (${request.method} ${missing.template}); answer it in your test yourself: a fetch of your own in front of mock.fetch, or an msw handler added after the mock's`;
        return refuse(501, detail, limitHeaders);
      }
      if (found === undefined) return refuse(404, `No route ${path}`, limitHeaders);
      return refuse(405, `${request.method} is not allowed on ${path}`, limitHeaders);
    }
    settle();
    for (const [name, value] of Object.entries(found.params)) {
      if (UUID.test(value)) {
        // UUIDs are case-insensitive (RFC 4122); the mock's own ids are lower case.
        found.params[name] = value.toLowerCase();
        continue;
      }
      // The contract declares 400 only on the operations that take a body; elsewhere a malformed id
      // finds nothing, like any unknown id.
      if (found.route.takesBody) return refuse(400, `${name}: must be a UUID`, limitHeaders);
      return refuse(404, `No ${name} ${value}`, limitHeaders);
    }
    try {
      const reply = await found.route.run({
        caller,
        params: found.params,
        query: url.searchParams,
        body: async () => {
          const text = await request.text();
          try {
            return text ? JSON.parse(text) : undefined;
          } catch {
            throw new Refusal(400, 'body: is not valid JSON');
          }
        },
      });
      return json(reply.status, reply.body, limitHeaders);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return refuse(error.status, error.detail, limitHeaders);
    }
  }

  async function handle(request: Request): Promise<Response> {
    const found = match(request.method, new URL(request.url).pathname);
    let truncate = false;
    let contentType: string | undefined;
    for (const fault of faults.pick(typeof found === 'object' ? found.route.operation : undefined, request.method)) {
      if (fault.kind === 'latency') await sleep(fault.ms, request.signal);
      else if (fault.kind === 'drop') throw new DroppedConnection('connection dropped by a mock fault');
      else if (fault.kind === 'status') {
        return new Response(htmlPage(fault.status), {
          status: fault.status,
          statusText: TITLES[fault.status] ?? '',
          headers: { 'content-type': 'text/html' },
        });
      } else if (fault.kind === 'truncate') truncate = true;
      else contentType = fault.contentType;
    }
    const response = await answer(request, found);
    if (!truncate && contentType === undefined) return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    if (contentType !== undefined) headers.set('content-type', contentType);
    return new Response(truncate ? text.slice(0, Math.floor(text.length / 2)) : text, {
      status: response.status,
      headers,
    });
  }

  return {
    handle,
    fetch: async (input, init) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      try {
        // Like fetch's own answers, it says which URL it answers (clients log it).
        return Object.defineProperty(await handle(request), 'url', { value: request.url });
      } catch (error) {
        // What fetch itself does when the connection goes away.
        if (isDroppedConnection(error)) throw new TypeError('fetch failed', { cause: error });
        throw error;
      }
    },
    get state() {
      settle();
      return state;
    },
    adminToken: options.adminToken ?? SEED.adminToken,
    viewerToken: options.viewerToken ?? SEED.viewerToken,
    get organizationId() {
      return state.organizations[0]?.id ?? SEED.organizationId;
    },
    faults,
    failNext(failure) {
      if (failure.applicationId !== undefined && !state.applications.some((a) => a.id === failure.applicationId))
        throw new Error(`qovery mock failNext: no application ${failure.applicationId}`);
      if (failure.environmentId !== undefined && !state.environments.some((e) => e.id === failure.environmentId))
        throw new Error(`qovery mock failNext: no environment ${failure.environmentId}`);
      pendingFailures.push({ ...failure });
    },
    reset,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
