import createClient, { type Client } from 'openapi-fetch';
import type * as z from 'zod/mini';
import type { paths } from '../generated/qovery-api.js';
import type { components as AnswerComponents } from '../generated/qovery-api-answers.js';
import { WRAPPED_OPERATIONS } from '../generated/wrapped-operations.js';
import { APIPromise, type WithResponse } from './api-promise.js';
import { authorize, type Credential } from './auth.js';
import {
  APITimeoutError,
  type FieldIssue,
  invalidField,
  makeAPIError,
  QoveryError,
  ResponseValidationError,
} from './errors.js';
import { essentialsOf } from './essentials.js';
import type { Gateway } from './gateway/gateway.js';
import type { Log } from './logger.js';
import { parseRateLimit, type RateLimit, Throttle } from './rate-limit.js';
import { redact, redactHeaders, redactText } from './redact.js';
import { attemptSignal, isRetryable, raceSignal, retryDelayMs, sleep } from './retry.js';
import { checkHeaders, describeIssues, issuesOf, parseId, parseInput, requestOptionsInput } from './schemas.js';
import { createTransport, type FetchLike, networkError, requestClass } from './transport.js';

/**
 * A zod schema as the declarations of this file name it: a structural stand-in, so that the SDK's
 * published types do not make every user's compiler read zod's (bench/type-cost.ts: a one-call
 * consumer went from 1.40x to 1.15x main's time before zod, skipLibCheck true).
 */
interface ZodSchema {
  readonly _zod: object;
}
/** A zod schema whose parsed value is `T`, named structurally for the same reason. */
interface InputSchema<T> extends ZodSchema {
  readonly _zod: { readonly output: T };
}

/** Options every call accepts as its last argument. */
export interface RequestOptions {
  /** Cancels the call, including while it waits to retry. */
  signal?: AbortSignal;
  /** Headers for this call only. */
  headers?: Record<string, string>;
  /** Retries for this call (idempotent methods only). Default: the client's. */
  maxRetries?: number;
  /** Milliseconds each attempt may take. Default: the client's. */
  timeout?: number;
}

/**
 * How answers are checked: `true` (default) refuses only what the SDK reads and cannot use (an
 * answer's `id`, `results`, state: src/essentials.ts) and reports the rest; `'strict'` also refuses
 * what departs from the contract; `false` checks nothing beyond a status and a body being there.
 */
export type ResponseValidation = boolean | 'strict';

/**
 * The contract check of answers: the issues of `body` as the answer to `operation`, or `undefined`
 * when there are none. `contractCheck` from `qovery/schemas` is the one to pass: the contract's
 * schemas are their own entry, so a client that does not check against them does not carry them.
 */
export type ContractCheck = (operation: string, body: unknown) => FieldIssue[] | undefined;

/** What `onResponseIssue` is told of an answer that departs from the contract in what the SDK does not read. */
export interface ResponseIssueReport {
  /** The operationId of the call. */
  operation: string;
  /** The answer's HTTP status. */
  status: number;
  /** Each field at fault and what is wrong with it (never its value). */
  issues: FieldIssue[];
  /** The answer as it came, which the call resolved with (secrets hidden). */
  body: unknown;
}

/** The settings of the request pipeline, fixed at construction. */
export interface PipelineSettings {
  maxRetries: number;
  timeout: number;
  maxRetryDelay: number;
  throttle: boolean;
  log: Log;
}

type Lookup = { promise: Promise<string>; controller: AbortController; waiting: number };
/** `text`: data is a body's text, final as it is (a text/* answer), not JSON to parse. */
type RawResult = { data?: unknown; error?: unknown; response: Response; text?: true };
type SendInit = { signal?: AbortSignal; headers?: Record<string, string>; parseAs: 'text' };

/** The operationId of an operation the namespaces wrap (spec-overlay.yaml's `wrapped`). */
export type WrappedOperation = keyof typeof WRAPPED_OPERATIONS;
/** What a wrapped operation is called with: path and query parameters, and a JSON body. */
export interface OperationParams {
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}
/** openapi-fetch's `request`, with the method and path of a wrapped operation taken as strings. */
type RequestByName = (
  method: string,
  path: string,
  init: SendInit & Omit<OperationParams, 'path'> & { params: object },
) => Promise<RawResult>;

/** How a resource describes one call to the core. */
export interface CallSpec {
  /**
   * The operationId of a wrapped operation (its one success status is known), or the escape
   * hatch's `METHOD /path`; used in error messages and logs.
   */
  operation: WrappedOperation | `${Uppercase<string>} ${string}`;
  /** The HTTP method: it decides whether a failed attempt may be retried. */
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  send: (init: SendInit) => Promise<RawResult>;
  /**
   * What this call reads of the 2xx body, checked in place of the operation's (src/essentials.ts)
   * and of the contract's, in every mode but `false`: for a call that reads only part of a large
   * answer, where one odd entry must not sink the rest.
   */
  schema?: ZodSchema;
  /**
   * What the caller gets: the body, the `results` array of a list body, a page (the body, whose
   * `results` must be an array), or nothing.
   */
  returns: 'body' | 'results' | 'page' | 'nothing';
}

const describeLimit = (limit: RateLimit | undefined) =>
  limit ? `, rate limit ${limit.remaining}/${limit.limit} until ${limit.resetAt.toISOString()}` : '';

/**
 * The machinery shared by every resource: the openapi-fetch client, the request pipeline and the
 * organization lookup. Resources call into it; it never calls back into them.
 *
 * Retries live here, around the whole openapi-fetch call, rather than in a fetch wrapper: each
 * attempt is then a freshly built request, and its timeout also covers reading the body.
 */
export class ClientCore {
  readonly api: Client<paths>;
  readonly validateResponses: ResponseValidation;
  readonly defaultOrganizationId: string | undefined;
  readonly settings: PipelineSettings;
  resolvedOrganizationId: string | undefined;
  rateLimit: RateLimit | undefined;
  readonly #secrets: string[];
  /** A custom fetch may ignore the signal, so its attempts are also raced against it; the global one honours it. */
  readonly #raceSignal: boolean;
  readonly #throttle: Throttle | undefined;
  #organizationLookup: Lookup | undefined;
  /** The contract check of answers, when the client was given one (`contractCheck`). */
  readonly #contract: ContractCheck | undefined;
  readonly #onResponseIssue: ((report: ResponseIssueReport) => void) | undefined;
  /** Qovery's websocket gateway, unless the client was told not to use it. */
  readonly gateway: Gateway | undefined;

  constructor(init: {
    gateway: Gateway | undefined;
    credential: Credential;
    baseUrl: string;
    organizationId: string | undefined;
    fetch: FetchLike | undefined;
    headers: Record<string, string> | undefined;
    validateResponses: ResponseValidation;
    onResponseIssue: ((report: ResponseIssueReport) => void) | undefined;
    contractCheck: ContractCheck | undefined;
    settings: PipelineSettings;
  }) {
    this.validateResponses = init.validateResponses;
    this.gateway = init.gateway;
    this.#onResponseIssue = init.onResponseIssue;
    // Without validation nothing is checked, so there is nothing to report either.
    this.#contract = init.validateResponses ? init.contractCheck : undefined;
    this.defaultOrganizationId = init.organizationId;
    this.settings = init.settings;
    this.#secrets = [init.credential.token];
    this.#raceSignal = init.fetch !== undefined;
    this.#throttle = init.settings.throttle ? new Throttle(init.settings.maxRetryDelay) : undefined;
    this.api = createClient<paths>({
      baseUrl: init.baseUrl,
      // openapi-fetch calls these with its own arguments; the casts bridge its Request-typed signature.
      fetch: createTransport(init.fetch, this.#secrets) as unknown as FetchLike,
      Request: requestClass(authorize(init.credential)) as unknown as typeof Request,
      headers: init.headers,
    });
  }

  /**
   * Runs one call: prepare (input checks, organization lookup), then attempts until one succeeds,
   * the failure is not worth retrying, or the retries run out. Preparing happens inside the
   * promise, so bad input rejects like any other failure, before the call's own request leaves.
   */
  request<T>(prepare: CallSpec | (() => Promise<CallSpec>), options: RequestOptions | undefined): APIPromise<T> {
    return new APIPromise(this.#run<T>(prepare, options));
  }

  async #run<T>(
    prepare: CallSpec | (() => Promise<CallSpec>),
    options: RequestOptions | undefined,
  ): Promise<WithResponse<T>> {
    if (options !== undefined) parseInput(requestOptionsInput, options, 'the call options');
    checkHeaders(options?.headers, 'headers');
    const signal = options?.signal;
    if (signal?.aborted) throw this.#aborted(signal.reason, 'before sending');
    const spec = typeof prepare === 'function' ? await prepare() : prepare;
    const maxRetries = options?.maxRetries ?? this.settings.maxRetries;
    const timeout = options?.timeout ?? this.settings.timeout;
    const { log } = this.settings;

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt<T>(spec, options, attempt, timeout);
      } catch (error) {
        if (error instanceof QoveryError) error.attempt = attempt;
        if (attempt > maxRetries || !isRetryable(spec.method, error)) {
          if (error instanceof QoveryError)
            log.error(`${spec.operation} failed after ${attempt} attempt(s): ${error.message}`);
          throw error;
        }
        const [ms, askedByServer] = retryDelayMs(error, attempt, Date.now());
        // Sleeping for an hour helps nobody: the error carries when to come back (resetAt).
        const giveUp = askedByServer && ms > this.settings.maxRetryDelay;
        log.warn(
          `${spec.operation} attempt ${attempt} failed (${(error as Error).message}); ${giveUp ? 'the API asks to wait longer than maxRetryDelay: giving up' : `retrying in ${ms} ms`}`,
        );
        if (giveUp) throw error;
        try {
          // The SDK's own backoff never waits longer than the caller accepts either.
          await sleep(Math.min(ms, this.settings.maxRetryDelay), signal);
        } catch (reason) {
          throw this.#aborted(reason, `${spec.operation}, waiting to retry`);
        }
      }
    }
  }

  async #attempt<T>(
    spec: CallSpec,
    options: RequestOptions | undefined,
    attempt: number,
    timeout: number,
  ): Promise<WithResponse<T>> {
    const signal = options?.signal;
    if (this.#throttle) {
      try {
        await this.#throttle.acquire(signal);
      } catch (reason) {
        throw this.#aborted(reason, `${spec.operation}, waiting for the rate limit`);
      }
    }
    const started = Date.now();
    const deadline = attemptSignal(signal, timeout);
    let raw: RawResult | undefined;
    let rateLimit: RateLimit | undefined;
    try {
      // Text, not json: a 2xx body that is not JSON must become a ResponseValidationError carrying
      // what came back, not a bare SyntaxError.
      const sent = spec.send({ signal: deadline.signal, headers: options?.headers, parseAs: 'text' });
      raw = await (this.#raceSignal ? deadline.bound(sent) : sent);
      rateLimit = parseRateLimit(raw.response.headers);
    } catch (error) {
      // Covers reading the body too: a reset or an abort can come after the status line.
      if (deadline.timedOut()) throw new APITimeoutError(`Request timed out after ${timeout} ms (${spec.operation})`);
      throw this.failure(error, signal?.aborted ?? false, spec.operation);
    } finally {
      deadline.done();
      this.#throttle?.settle(rateLimit);
    }
    if (rateLimit) this.rateLimit = rateLimit;
    const { log } = this.settings;
    if (log.debugEnabled) {
      const { url } = raw.response;
      const line = `${spec.method} ${url ? new URL(url).pathname : spec.operation}`;
      log.debug(
        `${line} → ${raw.response.status} (attempt ${attempt}, ${Date.now() - started} ms${describeLimit(rateLimit)})`,
      );
    }
    return await this.#interpret<T>(spec, raw, rateLimit);
  }

  #aborted(reason: unknown, where: string) {
    return this.failure(reason, true, where);
  }

  /**
   * Hides `value` (a secret variable's value) from every later error and log line of this client,
   * as the token is. Values shorter than 4 characters are not hidden: masking every "on" or "1" in
   * a message would garble it without protecting anything.
   */
  keepSecret(value: string): void {
    if (value.length >= 4 && !this.#secrets.includes(value)) this.#secrets.push(value);
  }

  /** `networkError` with this client's secrets: for its own attempts and for helpers with loops of their own (deployments.wait). */
  failure(error: unknown, aborted: boolean, where: string): QoveryError {
    return networkError(error, { aborted, where, secrets: this.#secrets });
  }

  /** A response into data, or the typed error it stands for. */
  async #interpret<T>(spec: CallSpec, raw: RawResult, rateLimit: RateLimit | undefined): Promise<WithResponse<T>> {
    const { response, data, error } = raw;
    if (!response.ok) {
      throw makeAPIError({
        status: response.status,
        statusText: redactText(response.statusText, this.#secrets),
        headers: redactHeaders(response.headers, this.#secrets),
        body: redact(error, this.#secrets),
      });
    }
    const unexpected = (message: string, body: unknown, issues: { path: string; message: string }[]) =>
      new ResponseValidationError(`Unexpected response to ${spec.operation}: ${message}`, {
        status: response.status,
        headers: redactHeaders(response.headers, this.#secrets),
        body: redact(body, this.#secrets),
        issues,
      });

    // Text is JSON to parse, unless it is a text/* answer's own text; anything else (a Blob the
    // escape hatch asked for) is the body as is.
    const json = typeof data === 'string' && !raw.text;
    let body: unknown = json ? undefined : data;
    if (json && data !== '') {
      try {
        body = JSON.parse(data);
      } catch {
        throw unexpected('the body is not JSON', data, [{ path: '', message: 'is not JSON' }]);
      }
    }
    // Even with validation off, nothing is made up: another 2xx than the contract's (a 201 for a
    // 200), a missing body, or a list without its `results` is an error carrying what came back,
    // never an empty list that a monitor would read as "no services".
    // A call that returns nothing invents nothing: any 2xx says it was done.
    const expected =
      spec.returns === 'nothing'
        ? undefined
        : (WRAPPED_OPERATIONS as Partial<Record<string, { status: number }>>)[spec.operation]?.status;
    if (expected !== undefined && response.status !== expected) {
      const message = `expected status ${expected}, received ${response.status}`;
      throw unexpected(message, body, [{ path: '', message }]);
    }
    if (expected !== undefined && body === undefined) {
      throw unexpected('the body is empty', body, [{ path: '', message: 'is empty' }]);
    }
    if (this.validateResponses !== false && spec.returns !== 'nothing') {
      // What the SDK reads (or the call's own `schema`): an answer it cannot use fails the call.
      const essentials = (spec.schema as z.ZodMiniType | undefined) ?? essentialsOf(spec.operation);
      const issues = essentials ? issuesOf(essentials, body) : [];
      if (issues.length > 0) throw unexpected(describeIssues(issues), body, issues);
      // The rest of the contract: refused with 'strict', else reported to whoever listens.
      const departures = this.#contract && !spec.schema && this.#contract(spec.operation, body);
      if (departures && this.validateResponses === 'strict')
        throw unexpected(describeIssues(departures), body, departures);
      if (departures) this.#report({ operation: spec.operation, status: response.status, issues: departures, body });
    }
    if (spec.returns === 'results' || spec.returns === 'page') {
      const results = body !== null && typeof body === 'object' ? (body as { results?: unknown }).results : undefined;
      if (!Array.isArray(results)) {
        throw unexpected('expected a JSON object with a results array', body, [
          { path: 'results', message: 'is not an array' },
        ]);
      }
      if (spec.returns === 'results') return { data: results as T, response, rateLimit };
    }
    return { data: (spec.returns === 'nothing' ? undefined : body) as T, response, rateLimit };
  }

  /** Tells the logger (at debug) and `onResponseIssue` of an answer's departures; never throws. */
  #report(report: ResponseIssueReport): void {
    const { log } = this.settings;
    log.debug(`${report.operation}: the answer departs from the contract: ${describeIssues(report.issues)}`);
    if (!this.#onResponseIssue) return;
    try {
      this.#onResponseIssue({ ...report, body: redact(report.body, this.#secrets) });
    } catch (error) {
      log.warn(`onResponseIssue threw on ${report.operation}; ignored: ${redactText(String(error), this.#secrets)}`);
    }
  }

  /**
   * A call inside an organization: checks `params` against `input` (naming `name` in the error),
   * resolves the organization, then lets `build` describe the call.
   */
  inOrganization<T, S extends InputSchema<{ organizationId?: string | undefined }>>(
    input: S,
    params: unknown,
    name: string,
    options: RequestOptions | undefined,
    build: (checked: S['_zod']['output'], organizationId: string) => CallSpec | Promise<CallSpec>,
  ): APIPromise<T> {
    return this.request(async () => {
      const checked = parseInput(input as unknown as z.ZodMiniType, params, name) as S['_zod']['output'];
      return build(checked, await this.organizationId(checked.organizationId, options));
    }, options);
  }

  /** A call on one resource: its id is checked first, so a bad one sends nothing. */
  onId<T>(
    field: string,
    value: unknown,
    name: string,
    options: RequestOptions | undefined,
    build: (id: string) => CallSpec,
  ): APIPromise<T> {
    return this.request(async () => build(parseId(value, field, name)), options);
  }

  /**
   * The call of a wrapped operation by its operationId, with the method and path the contract gives
   * it (generated/wrapped-operations.ts): what each kind of service shares is written once, with
   * the kind's operationIds, instead of once per kind with its paths.
   */
  operation(operation: WrappedOperation, params: OperationParams, returns: CallSpec['returns']): CallSpec {
    const { method, path } = WRAPPED_OPERATIONS[operation];
    const request = this.api.request as unknown as RequestByName;
    const { body, ...rest } = params;
    return {
      operation,
      method,
      returns,
      send: (init) =>
        request.call(this.api, method, path, {
          ...init,
          params: rest,
          ...(body === undefined ? {} : { body }),
        }),
    };
  }

  /** Every organization the credential can see (listOrganization). */
  listOrganizations(options?: RequestOptions): APIPromise<AnswerComponents['schemas']['Organization'][]> {
    return this.request(
      {
        operation: 'listOrganization',
        method: 'GET',
        send: (init) => this.api.GET('/organization', init),
        returns: 'results',
      },
      options,
    );
  }

  /**
   * The organization for an organization-scoped call: the one given, else the client's, else the
   * only one the token sees. The lookup runs once and is shared by concurrent callers (each can
   * still cancel its own wait); a failed lookup is forgotten so the next call tries again.
   */
  async organizationId(given: string | undefined, options?: RequestOptions): Promise<string> {
    const known = given ?? this.defaultOrganizationId ?? this.resolvedOrganizationId;
    if (known !== undefined) return known;
    // The lookup takes the first caller's timeout, retries and headers, and is cancelled once
    // every caller waiting for it has given up.
    this.#organizationLookup ??= this.#startLookup(options);
    const lookup = this.#organizationLookup;
    lookup.waiting += 1;
    try {
      return await raceSignal(lookup.promise, options?.signal);
    } catch (error) {
      throw options?.signal?.aborted ? this.#aborted(error, 'organization lookup') : error;
    } finally {
      if (--lookup.waiting === 0 && options?.signal?.aborted) {
        // Forgotten at once: a caller arriving after this must start a lookup of its own, not
        // join one that is being cancelled.
        if (this.#organizationLookup === lookup) this.#organizationLookup = undefined;
        lookup.controller.abort(options.signal.reason);
      }
    }
  }

  #startLookup(options: RequestOptions | undefined): Lookup {
    const controller = new AbortController();
    const lookup: Lookup = {
      controller,
      waiting: 0,
      promise: this.#lookUpOrganization({ ...options, signal: controller.signal }),
    };
    lookup.promise.catch(() => {
      if (this.#organizationLookup === lookup) this.#organizationLookup = undefined; // the next call tries again
    });
    return lookup;
  }

  async #lookUpOrganization(options: RequestOptions): Promise<string> {
    const organizations = await this.listOrganizations(options);
    const only = organizations[0];
    if (organizations.length === 1 && only) {
      this.resolvedOrganizationId = only.id;
      return only.id;
    }
    const choices = organizations.map((org) => `${org.name} (${org.id})`).join(', ');
    throw invalidField(
      'organizationId',
      `is required: this token sees ${organizations.length ? `${organizations.length} organizations: ${choices}` : 'no organization'}`,
    );
  }
}
