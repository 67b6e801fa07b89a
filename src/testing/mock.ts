import type { components } from '../../generated/qovery-api.js';
import { createFaultInjector, DroppedConnection, type FaultInjector, isDroppedConnection } from './faults.js';
import { randomApiToken, randomUuid, seededRandom } from './random.js';
import { createRateLimiter, type RateLimitSettings } from './rate-limiter.js';
import {
  type MockApiToken,
  type MockRole,
  type MockState,
  type Permission,
  SEED,
  type SeedOptions,
  seedState,
} from './state.js';

type Schemas = components['schemas'];

export interface QoveryMockOptions extends SeedOptions {
  /** Per-credential limit and window; `false` turns rate limiting off. Default 1000 per hour. */
  rateLimit?: Partial<RateLimitSettings> | false;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Seed for ids, secrets and random faults. Default 1. */
  seed?: number;
  /** The role a token created with `role_id: null` gets. Default `'Admin'`. */
  defaultTokenRole?: string;
}

export interface QoveryMock {
  /** Answers one request as the Qovery API would. */
  handle(request: Request): Promise<Response>;
  /** The same, shaped like `fetch`: pass it as the client's `fetch` option. No sockets involved. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The live state: read it in assertions, or change it to set a scene. */
  readonly state: MockState;
  /** The seeded admin token of the default organization. */
  readonly adminToken: string;
  /** The seeded token whose role (Viewer) reads but cannot create projects or tokens. */
  readonly viewerToken: string;
  /** The id of the default organization. */
  readonly organizationId: string;
  /** Faults to play: latency, 5xx pages, dropped connections, truncated bodies, wrong content types. */
  readonly faults: FaultInjector;
  /** Back to the seeded state: data, rate-limit windows and faults. */
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
  pattern: RegExp;
  operation: string;
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

// Body checks: the rules of openapi.yaml, answered with 400 and a detail naming the field.
type Rule = (value: unknown) => string | undefined;
const isString: Rule = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const nonBlank: Rule = (v) => isString(v) ?? ((v as string).trim() ? undefined : 'must not be blank');
const nullable =
  (rule: Rule): Rule =>
  (v) =>
    v === null ? undefined : rule(v);
const stringArray: Rule = (v) =>
  Array.isArray(v) && v.every((item) => typeof item === 'string') ? undefined : 'must be an array of strings';
const uuid: Rule = (v) => (typeof v === 'string' && UUID.test(v) ? undefined : 'must be a UUID');
const oneOf =
  (...values: unknown[]): Rule =>
  (v) =>
    values.includes(v) ? undefined : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

function checkBody(
  body: unknown,
  required: Record<string, Rule>,
  optional: Record<string, Rule> = {},
): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Refusal(400, 'body: must be a JSON object');
  const fields = body as Record<string, unknown>;
  for (const [name, rule] of Object.entries(required)) {
    if (!(name in fields)) throw new Refusal(400, `${name}: is required`);
    const problem = rule(fields[name]);
    if (problem) throw new Refusal(400, `${name}: ${problem}`);
  }
  for (const [name, rule] of Object.entries(optional)) {
    if (fields[name] === undefined) continue;
    const problem = rule(fields[name]);
    if (problem) throw new Refusal(400, `${name}: ${problem}`);
  }
  return fields;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function route(method: string, path: string, operation: string, run: Route['run']): Route {
  const names: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const pattern = new RegExp(`^${source}/?$`);
  return {
    method,
    operation,
    pattern: Object.assign(pattern, { names }),
    run,
  };
}

/**
 * An in-memory Qovery API: organizations, roles, projects and API tokens, with Qovery's status
 * codes, auth, role permissions, name rules and rate limits. Seeded with organization "Acme",
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
  const state: MockState = { organizations: [], roles: [], projects: [], apiTokens: [], users: [] };
  const iso = () => new Date(now()).toISOString();

  function reset(): void {
    random = seededRandom(options.seed ?? 1);
    Object.assign(state, seedState(options, random, iso()));
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

  function projectFields(body: unknown): { name: string; description?: string } {
    const fields = checkBody(body, { name: nonBlank }, { description: isString });
    return {
      name: fields.name as string,
      ...(fields.description === undefined ? {} : { description: fields.description as string }),
    };
  }

  function refuseDuplicateProject(organizationId: string, name: string, except?: string): void {
    if (state.projects.some((p) => p.organization.id === organizationId && p.id !== except && sameName(p.name, name))) {
      throw new Refusal(409, 'Project name within the organization is already taken');
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
      const nullableString = nullable(isString);
      const fields = checkBody(
        await body(),
        { name: nonBlank },
        {
          description: isString,
          website_url: nullableString,
          repository: nullableString,
          logo_url: nullableString,
          icon_url: nullableString,
          admin_emails: nullable(stringArray),
        },
      );
      const name = fields.name as string;
      if (state.organizations.some((o) => o.id !== organization.id && sameName(o.name, name))) {
        throw new Refusal(409, 'Organization name is already taken');
      }
      const editable = ['name', 'description', 'website_url', 'repository', 'logo_url', 'icon_url', 'admin_emails'];
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
      const fields = projectFields(await body());
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
      const fields = projectFields(await body());
      refuseDuplicateProject(project.organization.id, fields.name, project.id);
      project.name = fields.name;
      if (fields.description !== undefined) project.description = fields.description;
      Object.assign(project, { updated_at: iso() });
      return { status: 200, body: project };
    }),

    route('DELETE', '/project/{projectId}', 'deleteProject', ({ caller, params }) => {
      const project = projectFor(caller, params.projectId ?? '', 'project:write');
      state.projects = state.projects.filter((p) => p !== project);
      return { status: 204 };
    }),

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
        const fields = checkBody(
          await body(),
          { name: nonBlank, role_id: nullable(uuid) },
          { description: isString, scope: nullable(oneOf('ADMIN')) },
        );
        const roles = rolesOf(organization.id);
        const roleId = fields.role_id as string | null;
        const role =
          roleId === null
            ? roles.find((r) => sameName(r.name, options.defaultTokenRole ?? 'Admin'))
            : roles.find((r) => r.id === roleId);
        if (!role) throw new Refusal(400, `role_id: no role ${roleId} in this organization`);
        const name = fields.name as string;
        if (state.apiTokens.some((t) => t.organizationId === organization.id && sameName(t.name, name))) {
          throw new Refusal(409, 'Organization Api Token name is already taken');
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
      const names = (candidate.pattern as RegExp & { names: string[] }).names;
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
    // Refused credentials are counted too (under what was presented), so 401s carry the headers.
    const decision = limiter?.take(caller?.key ?? `refused:${authorization ?? ''}`);
    if (!caller) return refuse(401, 'Invalid or missing authentication token', decision?.headers);
    const limitHeaders = decision?.headers ?? {};
    if (decision && !decision.allowed) return refuse(429, 'Rate limit exceeded: retry after the reset', limitHeaders);
    if (found === undefined) return refuse(404, `No route ${path}`, limitHeaders);
    if (found === 'method') return refuse(405, `${request.method} is not allowed on ${path}`, limitHeaders);
    for (const [name, value] of Object.entries(found.params)) {
      if (UUID.test(value)) continue;
      // The contract declares 400 only on the operations that take a body (POST, PUT); elsewhere a
      // malformed id finds nothing, like any unknown id.
      if (request.method === 'POST' || request.method === 'PUT')
        return refuse(400, `${name}: must be a UUID`, limitHeaders);
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
      return state;
    },
    adminToken: options.adminToken ?? SEED.adminToken,
    viewerToken: options.viewerToken ?? SEED.viewerToken,
    get organizationId() {
      return state.organizations[0]?.id ?? SEED.organizationId;
    },
    faults,
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
