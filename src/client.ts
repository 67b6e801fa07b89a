import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/qovery-api.js';
import { APIPromise, type WithResponse } from './api-promise.js';
import { type AuthScheme, authMiddleware, type Credential, resolveCredential } from './auth.js';
import { readEnv } from './env.js';
import { makeAPIError, ResponseValidationError, ValidationError } from './errors.js';
import { parseRateLimit, type RateLimit } from './rate-limit.js';
import { REDACTED, redact } from './redact.js';
import { ApiTokens } from './resources/api-tokens.js';
import { OrganizationResource } from './resources/organization.js';
import { Projects } from './resources/projects.js';
import { checkResponse, organizationScopedInput, parseInput } from './schemas.js';
import { createTransport, type FetchLike } from './transport.js';

export const DEFAULT_BASE_URL = 'https://api.qovery.com';
/** Read in this order when no `apiToken` is given. */
export const TOKEN_ENV_VARS = ['QOVERY_API_TOKEN', 'QOVERY_CLI_ACCESS_TOKEN'] as const;
export const BASE_URL_ENV_VAR = 'QOVERY_API_URL';

export interface ClientOptions {
  /** An API token (`qov_…`) or a JWT. Default: `QOVERY_API_TOKEN`, then `QOVERY_CLI_ACCESS_TOKEN`. */
  apiToken?: string;
  /** Default: `QOVERY_API_URL`, else `https://api.qovery.com`. */
  baseUrl?: string;
  /** The organization for organization-scoped calls. Default: the one organization the token sees. */
  organizationId?: string;
  /** `'auto'` (default) sends a JWT as `Bearer` and anything else as `Token`. */
  authScheme?: AuthScheme;
  /** A fetch to use instead of the global one (a mock, a proxy-aware fetch, …). */
  fetch?: FetchLike;
  /** Headers added to every request. `Authorization` is always the SDK's own. */
  headers?: Record<string, string>;
  /** Check 2xx bodies against the contract (leniently). Default `true`. */
  validateResponses?: boolean;
}

/** Options every call accepts as its last argument. */
export interface RequestOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Headers for this call only. */
  headers?: Record<string, string>;
}

type RawResult = { data?: unknown; error?: unknown; response: Response };
type SendInit = { signal?: AbortSignal; headers?: Record<string, string>; parseAs: 'text' };

/** How a resource describes one call to the core. */
export interface CallSpec<T> {
  /** The operationId, used in error messages. */
  operation: string;
  send: (init: SendInit) => Promise<RawResult>;
  /** Lenient contract check of a 2xx body. */
  schema?: Parameters<typeof checkResponse>[0];
  /** Turns the checked body into what the caller gets (lists unwrap `results`). */
  unwrap?: (body: never) => T;
}

function checkHeaders(headers: Record<string, string> | undefined, field: string): void {
  if (headers === undefined) return;
  for (const [name, value] of Object.entries(headers)) {
    try {
      new Headers([[name, value]]);
    } catch {
      throw new ValidationError(`${field}: header "${name}" has a name or value that HTTP does not allow`, [
        { path: `${field}.${name}`, message: 'is not a valid HTTP header' },
      ]);
    }
  }
}

function normaliseBaseUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError('baseUrl must be an http(s) URL', [
      { path: 'baseUrl', message: 'must be an http(s) URL' },
    ]);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The machinery shared by every resource: the openapi-fetch client, the request pipeline and the
 * organization lookup. Not part of the public surface.
 */
export class ClientCore {
  readonly api: Client<paths>;
  readonly validateResponses: boolean;
  readonly defaultOrganizationId: string | undefined;
  rateLimit: RateLimit | undefined;
  readonly #secrets: string[];
  #organizationLookup: Promise<string> | undefined;

  constructor(init: {
    credential: Credential;
    baseUrl: string;
    organizationId: string | undefined;
    fetch: FetchLike | undefined;
    headers: Record<string, string> | undefined;
    validateResponses: boolean;
  }) {
    this.validateResponses = init.validateResponses;
    this.defaultOrganizationId = init.organizationId;
    this.#secrets = [init.credential.token];
    this.api = createClient<paths>({
      baseUrl: init.baseUrl,
      fetch: createTransport(init.fetch),
      headers: init.headers,
    });
    this.api.use(authMiddleware(init.credential));
  }

  /** Runs one call: send, record the rate limit, map failures to typed errors, check the body. */
  request<T>(prepare: CallSpec<T> | (() => Promise<CallSpec<T>>), options: RequestOptions | undefined): APIPromise<T> {
    return new APIPromise(this.#run(prepare, options));
  }

  async #run<T>(
    prepare: CallSpec<T> | (() => Promise<CallSpec<T>>),
    options: RequestOptions | undefined,
  ): Promise<WithResponse<T>> {
    checkHeaders(options?.headers, 'headers');
    // Preparing (input checks, organization lookup) happens inside the promise, so bad input
    // rejects like any other failure, and before the call's own request leaves.
    const spec = typeof prepare === 'function' ? await prepare() : prepare;
    const { response, data, error } = await spec.send({
      signal: options?.signal,
      headers: options?.headers,
      // Text, not json: a 2xx body that is not JSON must become a ResponseValidationError carrying
      // what came back, not a bare SyntaxError.
      parseAs: 'text',
    });

    if (!response.ok) {
      const apiError = makeAPIError({
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: redact(error, this.#secrets),
      });
      if (apiError.rateLimit) this.rateLimit = apiError.rateLimit;
      throw apiError;
    }

    const rateLimit = parseRateLimit(response.headers);
    if (rateLimit) this.rateLimit = rateLimit;

    let body: unknown;
    if (typeof data === 'string' && data !== '') {
      try {
        body = JSON.parse(data);
      } catch {
        throw new ResponseValidationError(`Unexpected response to ${spec.operation}: the body is not JSON`, {
          status: response.status,
          headers: response.headers,
          body: redact(data, this.#secrets),
          issues: [{ path: '', message: 'is not JSON' }],
        });
      }
    }
    if (spec.schema && this.validateResponses) {
      checkResponse(spec.schema, body, {
        operation: spec.operation,
        status: response.status,
        headers: response.headers,
        redactedBody: () => redact(body, this.#secrets),
      });
    }
    const result = (spec.unwrap ? spec.unwrap(body as never) : body) as T;
    return { data: result, response, rateLimit };
  }

  /**
   * The organization for an organization-scoped call: the one given, else the client's, else the
   * only one the token sees. The lookup runs once and is shared by concurrent callers; a failed
   * lookup is forgotten so the next call tries again.
   */
  async organizationId(given: string | undefined): Promise<string> {
    if (given !== undefined) return given;
    if (this.defaultOrganizationId !== undefined) return this.defaultOrganizationId;
    this.#organizationLookup ??= this.#lookUpOrganization().catch((error: unknown) => {
      this.#organizationLookup = undefined;
      throw error;
    });
    return this.#organizationLookup;
  }

  async #lookUpOrganization(): Promise<string> {
    const organizations = await new OrganizationResource(this).list();
    const only = organizations[0];
    if (organizations.length === 1 && only) return only.id;
    const issue = { path: 'organizationId', message: 'is required' };
    if (organizations.length === 0) {
      throw new ValidationError('organizationId is required: this token sees no organization', [issue]);
    }
    const choices = organizations.map((org) => `${org.name} (${org.id})`).join(', ');
    throw new ValidationError(
      `organizationId is required: this token sees ${organizations.length} organizations: ${choices}`,
      [issue],
    );
  }
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
  #apiTokens: ApiTokens | undefined;

  constructor(options: string | ClientOptions = {}) {
    if (typeof options !== 'string' && (options === null || typeof options !== 'object')) {
      throw new ValidationError('new Qovery() takes an API token or an options object', [
        { path: '', message: 'must be a string or an object' },
      ]);
    }
    const opts: ClientOptions = typeof options === 'string' ? { apiToken: options } : options;
    const rawToken = opts.apiToken ?? TOKEN_ENV_VARS.map(readEnv).find((value) => value !== undefined);
    if (rawToken === undefined) {
      throw new ValidationError(
        `No Qovery API token: pass one (new Qovery('qov_…') or { apiToken }) or set ${TOKEN_ENV_VARS.join(' or ')}`,
        [{ path: 'apiToken', message: 'is required' }],
      );
    }
    const credential = resolveCredential(rawToken, opts.authScheme ?? 'auto');
    const { organizationId } = parseInput(
      organizationScopedInput,
      { organizationId: opts.organizationId },
      'new Qovery()',
    );
    checkHeaders(opts.headers, 'headers');
    if (opts.fetch !== undefined && typeof opts.fetch !== 'function') {
      throw new ValidationError('fetch must be a function', [{ path: 'fetch', message: 'must be a function' }]);
    }
    this.baseUrl = normaliseBaseUrl(opts.baseUrl ?? readEnv(BASE_URL_ENV_VAR) ?? DEFAULT_BASE_URL);
    this.authScheme = credential.scheme;
    this.#core = new ClientCore({
      credential,
      baseUrl: this.baseUrl,
      organizationId,
      fetch: opts.fetch,
      headers: opts.headers,
      validateResponses: opts.validateResponses ?? true,
    });
  }

  /** The organization calls go to when none is given (`undefined` until known). */
  get organizationId(): string | undefined {
    return this.#core.defaultOrganizationId;
  }

  /** Whether 2xx bodies are checked against the contract. */
  get validateResponses(): boolean {
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

  /** Projects of an organization: list, create, get, update, delete. */
  get projects(): Projects {
    this.#projects ??= new Projects(this.#core);
    return this.#projects;
  }

  /** OrganizationResource API tokens: list, create, delete. */
  get apiTokens(): ApiTokens {
    this.#apiTokens ??= new ApiTokens(this.#core);
    return this.#apiTokens;
  }

  /** What `JSON.stringify` and `util.inspect` show: the settings, never the token. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      authScheme: this.authScheme,
      organizationId: this.organizationId,
      validateResponses: this.validateResponses,
      apiToken: REDACTED,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, unknown> {
    return this.toJSON();
  }
}
