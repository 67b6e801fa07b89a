import type { APIPromise } from './api-promise.js';
import { type AuthScheme, resolveCredential } from './auth.js';
import {
  ClientCore,
  type ContractCheck,
  type RequestOptions,
  type ResponseIssueReport,
  type ResponseValidation,
} from './core.js';
import { readEnv } from './env.js';
import { invalidField } from './errors.js';
import { DEFAULT_WEBSOCKET_URL, Gateway } from './gateway/gateway.js';
import type { WebSocketConstructor } from './gateway/socket.js';
import { createLog, LOG_LEVELS, type Logger, type LogLevel } from './logger.js';
import type { RateLimit } from './rate-limit.js';
import {
  type HttpMethod,
  type OperationArgs,
  type OperationData,
  type OperationPath,
  rawRequest,
} from './raw-request.js';
import { REDACTED } from './redact.js';
import { ApiTokens } from './resources/api-tokens.js';
import { Applications } from './resources/applications.js';
import { Clusters } from './resources/clusters.js';
import { Containers } from './resources/containers.js';
import { Databases } from './resources/databases.js';
import { Deployments } from './resources/deployments.js';
import { Environments } from './resources/environments.js';
import { Helms } from './resources/helms.js';
import { Jobs } from './resources/jobs.js';
import { OrganizationResource } from './resources/organization.js';
import { Projects } from './resources/projects.js';
import { Services } from './resources/services.js';
import { type StatusReport, type StatusReportParams, statusReport } from './resources/status.js';
import { Variables } from './resources/variables.js';
import { checkHeaders, clientOptionsInput, parseInput } from './schemas.js';
import type { FetchLike } from './transport.js';

export type { ContractCheck, RequestOptions, ResponseIssueReport, ResponseValidation };

export const DEFAULT_BASE_URL = 'https://api.qovery.com';
/** Read in this order when no `apiToken` is given. */
export const TOKEN_ENV_VARS = ['QOVERY_API_TOKEN', 'QOVERY_CLI_ACCESS_TOKEN'] as const;
export const BASE_URL_ENV_VAR = 'QOVERY_API_URL';

/**
 * The options of `new Qovery(options)`, all optional: an option left out is read from its
 * environment variable where it has one, else takes its default.
 */
export interface ClientOptions {
  /** An API token (`qov_…`) or a JWT. Default: `QOVERY_API_TOKEN`, then `QOVERY_CLI_ACCESS_TOKEN`. */
  apiToken?: string;
  /** Default: `QOVERY_API_URL`, else `https://api.qovery.com`. */
  baseUrl?: string;
  /** The organization for organization-scoped calls. Default: the one organization the token sees. */
  organizationId?: string;
  /** `'auto'` (default) sends a JWT as `Bearer` and anything else as `Token`. */
  authScheme?: AuthScheme | 'Token' | 'Bearer';
  /** A fetch to use instead of the global one (a mock, a proxy-aware fetch, …). */
  fetch?: FetchLike;
  /** Headers added to every request. `Authorization` is always the SDK's own. */
  headers?: Record<string, string>;
  /**
   * How 2xx bodies are checked. `true` (default): what the SDK reads and acts on (a record's `id`,
   * a list's `results`, a status's state, the ids it follows) must be usable, or the call fails
   * with a `ResponseValidationError`; anything else that departs from the contract (a `null`, a
   * missing field, an unknown enum value) is reported to `onResponseIssue` and the logger at
   * `debug` when the client has `contractCheck`, and the call resolves with the body as it came.
   * `'strict'` (needs `contractCheck`): those departures fail the call too. `false`: no check
   * beyond a status and a body being there.
   */
  validateResponses?: ResponseValidation;
  /**
   * The contract's check of answers, for `validateResponses: 'strict'` and `onResponseIssue`:
   * `import { contractCheck } from 'qovery/schemas'`. Its own entry, so that a client that does
   * not use it does not carry the contract's schemas (about 9 KB min+gzip).
   */
  contractCheck?: ContractCheck;
  /**
   * Told of every answer that departs from the contract where the SDK does not read it: the
   * operation, the status, the issues and the body the call resolved with (needs
   * `contractCheck`). Never makes a call fail; an error it throws is logged at `warn` and ignored.
   */
  onResponseIssue?: (report: ResponseIssueReport) => void;
  /** Retries of a failed idempotent call (GET, PUT, DELETE; never POST). Default 2. */
  maxRetries?: number;
  /** Milliseconds each attempt may take. Default 60 000. */
  timeout?: number;
  /** The longest wait, in milliseconds, the SDK accepts before a retry or a throttled call. Default 60 000. */
  maxRetryDelay?: number;
  /** Pace calls to stay inside the rate limit the API reports, instead of earning 429s. Default `false`. */
  throttle?: boolean;
  /**
   * Use Qovery's websocket gateway: `deployments.wait()` follows a deployment there instead of
   * polling (and polls when it cannot), `deployments.follow()` and `services.logs()` stream from it.
   * Default `true`; `false` never opens a socket (waits poll, streams throw).
   */
  websocket?: boolean;
  /**
   * The gateway's URL. Default: `QOVERY_WS_URL` (as Qovery's CLI reads it), else
   * `wss://ws.qovery.com`, but only for a client of the real API: with another `baseUrl`, or a
   * `fetch` of its own, the client uses a gateway only when this (or `QOVERY_WS_URL`) says where.
   */
  websocketUrl?: string;
  /**
   * A standard `WebSocket` class to reach the gateway with, instead of the `ws` package Node uses
   * (msw intercepts the global one). A standard WebSocket cannot send headers: only a JWT can
   * authenticate through it (as subprotocols, the way Qovery's console does).
   */
  WebSocket?: WebSocketConstructor;
  /**
   * Milliseconds the gateway may take to accept a socket, and to say anything once a wait follows
   * a deployment there, before the SDK polls instead. Default 10 000.
   */
  websocketTimeout?: number;
  /** Default: `QOVERY_LOG`, else `'off'`. */
  logLevel?: LogLevel;
  /** Where log lines go: `console` (default), pino, winston, … */
  logger?: Logger;
}

/** The defaults of the options above; the README's table is checked against them. */
export const DEFAULTS = {
  maxRetries: 2,
  timeout: 60_000,
  maxRetryDelay: 60_000,
  throttle: false,
  logLevel: 'off',
  validateResponses: true,
  websocketTimeout: 10_000,
} as const;
export const LOG_ENV_VAR = 'QOVERY_LOG';
export const WEBSOCKET_URL_ENV_VAR = 'QOVERY_WS_URL';

function logLevel(option: LogLevel | undefined): LogLevel {
  if (option !== undefined) return option;
  const fromEnv = readEnv(LOG_ENV_VAR)?.toLowerCase();
  if (fromEnv === undefined) return DEFAULTS.logLevel;
  if ((LOG_LEVELS as readonly string[]).includes(fromEnv)) return fromEnv as LogLevel;
  throw invalidField('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`, LOG_ENV_VAR);
}

/**
 * An http(s) URL (`baseUrl`) or a ws(s) one (`websocketUrl`) without credentials, query or
 * fragment, which would end up in every request, without its trailing slashes.
 */
function normaliseUrl(field: 'baseUrl' | 'websocketUrl', value: string, source: string): string {
  const scheme = field === 'baseUrl' ? 'http' : 'ws';
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {}
  if (
    !url ||
    ![`${scheme}:`, `${scheme}s:`].includes(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  ) {
    throw invalidField(
      field,
      `must be ${scheme === 'http' ? 'an' : 'a'} ${scheme}(s) URL, without credentials, query or fragment`,
      `${field}${source}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The Qovery API client.
 *
 * ```ts
 * const qovery = new Qovery('qov_…');           // or new Qovery() with QOVERY_API_TOKEN set
 * const projects = await qovery.projects.list();
 * ```
 */
export class Qovery {
  /** The API's base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** How the credential is sent, decided once at construction. */
  readonly authScheme: 'Token' | 'Bearer';
  readonly #core: ClientCore;
  #organization: OrganizationResource | undefined;
  #projects: Projects | undefined;
  #clusters: Clusters | undefined;
  #apiTokens: ApiTokens | undefined;
  #environments: Environments | undefined;
  #applications: Applications | undefined;
  #containers: Containers | undefined;
  #jobs: Jobs | undefined;
  #databases: Databases | undefined;
  #helms: Helms | undefined;
  #services: Services | undefined;
  #variables: Variables | undefined;
  #deployments: Deployments | undefined;

  constructor(options: string | ClientOptions = {}) {
    const opts = parseInput(
      clientOptionsInput,
      typeof options === 'string' ? { apiToken: options } : options,
      'new Qovery()',
    );
    checkHeaders(opts.headers, 'headers');
    // The contract check is an entry of its own: asking for what needs it without it is a mistake
    // to say at once, not a silent nothing.
    const needs =
      opts.validateResponses === 'strict' ? 'validateResponses' : opts.onResponseIssue ? 'onResponseIssue' : undefined;
    if (needs && !opts.contractCheck) {
      throw invalidField(
        needs,
        "needs contractCheck, which the qovery/schemas entry exports: pass it too (the contract's schemas are an entry of their own, so that a client without them stays small)",
      );
    }

    const tokenVariable = TOKEN_ENV_VARS.find((name) => readEnv(name) !== undefined);
    const rawToken = opts.apiToken ?? (tokenVariable && readEnv(tokenVariable));
    if (rawToken === undefined) {
      throw invalidField(
        'apiToken',
        `is required: pass one (new Qovery('qov_…') or { apiToken }) or set ${TOKEN_ENV_VARS.join(' or ')}`,
        'No Qovery API token:',
      );
    }
    const tokenSource = opts.apiToken === undefined ? ` (from ${tokenVariable})` : '';
    const credential = resolveCredential(
      rawToken,
      (opts.authScheme?.toLowerCase() ?? 'auto') as AuthScheme,
      tokenSource,
    );
    const baseUrlFromEnv = opts.baseUrl === undefined ? readEnv(BASE_URL_ENV_VAR) : undefined;
    this.baseUrl = normaliseUrl(
      'baseUrl',
      opts.baseUrl ?? baseUrlFromEnv ?? DEFAULT_BASE_URL,
      baseUrlFromEnv === undefined ? '' : ` (from ${BASE_URL_ENV_VAR})`,
    );
    this.authScheme = credential.scheme;
    const log = createLog(logLevel(opts.logLevel), opts.logger ?? console, [credential.token]);
    const wsFromEnv = opts.websocketUrl === undefined ? readEnv(WEBSOCKET_URL_ENV_VAR) : undefined;
    // The default gateway serves the real API only: a client of another base URL, or sending
    // through a fetch of its own (a mock, a proxy), uses one only when told where it is.
    const ownApi = this.baseUrl !== DEFAULT_BASE_URL || opts.fetch !== undefined;
    const gateway =
      opts.websocket === false || (ownApi && opts.websocketUrl === undefined && wsFromEnv === undefined)
        ? undefined
        : new Gateway({
            url: normaliseUrl(
              'websocketUrl',
              opts.websocketUrl ?? wsFromEnv ?? DEFAULT_WEBSOCKET_URL,
              wsFromEnv === undefined ? '' : ` (from ${WEBSOCKET_URL_ENV_VAR})`,
            ),
            authorization: `${credential.scheme} ${credential.token}`,
            WebSocket: opts.WebSocket as WebSocketConstructor | undefined,
            connectTimeoutMs: opts.websocketTimeout ?? DEFAULTS.websocketTimeout,
            log,
          });
    this.#core = new ClientCore({
      gateway,
      credential,
      baseUrl: this.baseUrl,
      organizationId: opts.organizationId,
      fetch: opts.fetch,
      headers: opts.headers,
      validateResponses: opts.validateResponses ?? DEFAULTS.validateResponses,
      onResponseIssue: opts.onResponseIssue,
      contractCheck: opts.contractCheck,
      settings: {
        maxRetries: opts.maxRetries ?? DEFAULTS.maxRetries,
        timeout: opts.timeout ?? DEFAULTS.timeout,
        maxRetryDelay: opts.maxRetryDelay ?? DEFAULTS.maxRetryDelay,
        throttle: opts.throttle ?? DEFAULTS.throttle,
        log,
      },
    });
  }

  /** The organization calls go to when none is given: the configured one, else the one looked up (`undefined` until then). */
  get organizationId(): string | undefined {
    return this.#core.defaultOrganizationId ?? this.#core.resolvedOrganizationId;
  }

  /** How 2xx bodies are checked: `true`, `'strict'` or `false` (see {@link ClientOptions.validateResponses}). */
  get validateResponses(): ResponseValidation {
    return this.#core.validateResponses;
  }

  /** The rate-limit figures of the latest response that carried them. */
  get rateLimit(): RateLimit | undefined {
    return this.#core.rateLimit;
  }

  /** Organizations: list, get, update, roles. */
  get organization(): OrganizationResource {
    this.#organization ??= new OrganizationResource(this.#core);
    return this.#organization;
  }

  /** Clusters of an organization: list, and find by name. */
  get clusters(): Clusters {
    this.#clusters ??= new Clusters(this.#core);
    return this.#clusters;
  }

  /** Projects of an organization: list, create, get, update, delete. */
  get projects(): Projects {
    this.#projects ??= new Projects(this.#core);
    return this.#projects;
  }

  /** The organization's API tokens: list, create, delete. */
  get apiTokens(): ApiTokens {
    this.#apiTokens ??= new ApiTokens(this.#core);
    return this.#apiTokens;
  }

  /** Environments of a project: list, get, find, status, deploy, stop, redeploy. */
  get environments(): Environments {
    this.#environments ??= new Environments(this.#core);
    return this.#environments;
  }

  /** Applications of an environment: list, get, find, status, deploy, redeploy, restart, stop. */
  get applications(): Applications {
    this.#applications ??= new Applications(this.#core);
    return this.#applications;
  }

  /** Containers of an environment (deployed from an image): list, get, find, status, deploy a tag, redeploy, restart, stop. */
  get containers(): Containers {
    this.#containers ??= new Containers(this.#core);
    return this.#containers;
  }

  /** Lifecycle and cron jobs of an environment: list, get, find, status, deploy (a tag or a commit), redeploy, stop. */
  get jobs(): Jobs {
    this.#jobs ??= new Jobs(this.#core);
    return this.#jobs;
  }

  /** Databases of an environment: list, get, find, status, deploy, redeploy, restart, stop. */
  get databases(): Databases {
    this.#databases ??= new Databases(this.#core);
    return this.#databases;
  }

  /** Helm charts of an environment: list, get, find, status, deploy (a chart version or a commit), redeploy, stop. */
  get helms(): Helms {
    this.#helms ??= new Helms(this.#core);
    return this.#helms;
  }

  /** Every service of the organization, of any kind: list, and find by name alone. */
  get services(): Services {
    this.#services ??= new Services(this.#core);
    return this.#services;
  }

  /**
   * Environment variables and secrets of a project, an environment or a service: list, get, create,
   * update, delete, alias, override, and `set()`, an upsert by key safe to re-run.
   */
  get variables(): Variables {
    this.#variables ??= new Variables(this.#core);
    return this.#variables;
  }

  /** Deployments: status by request id, history (paginated), and `wait()` for one to settle. */
  get deployments(): Deployments {
    this.#deployments ??= new Deployments(this.#core);
    return this.#deployments;
  }

  /**
   * Every service of the organization (or of one project or environment) with its state, and
   * whether any is in error: `if ((await qovery.status()).hasErrors) alert()`.
   */
  status(params?: StatusReportParams, options?: RequestOptions): Promise<StatusReport> {
    return statusReport(this.#core, params, options);
  }

  /**
   * Any operation of the contract, by method and path, typed from it: a wrong path, a missing path
   * parameter or a wrong body field does not compile. It goes through the same auth, retries
   * (GET, PUT and DELETE only), typed errors and rate-limit figures as the namespaces; its answer is
   * typed but not checked at run time.
   *
   * ```ts
   * const project = await qovery.request('get', '/project/{projectId}', { params: { path: { projectId } } });
   * ```
   */
  request<M extends HttpMethod, P extends OperationPath<M>>(
    method: M,
    path: P,
    ...args: OperationArgs<M, P>
  ): APIPromise<OperationData<M, P>> {
    const [init, options] = args as unknown as [Parameters<typeof rawRequest>[3], Parameters<typeof rawRequest>[4]];
    return rawRequest(this.#core, method, path, init, options) as APIPromise<OperationData<M, P>>;
  }

  /**
   * What `JSON.stringify` shows: the settings, never the token. (`util.inspect` shows the public
   * fields only; the credential lives in private fields, which it never prints.)
   */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      authScheme: this.authScheme,
      organizationId: this.organizationId,
      apiToken: REDACTED,
    };
  }
}
