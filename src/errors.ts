import type { RateLimit } from './rate-limit.js';
import { dateAt, parseRateLimit, parseRetryAfter } from './rate-limit.js';

/** The base of every error this SDK throws: `catch (e) { if (e instanceof QoveryError) … }`. */
export class QoveryError extends Error {
  /** The error's class name (`'NotFoundError'`, …), as stack traces and logs show it. */
  override name = 'QoveryError';
  /** Which attempt of a call this came from (1 for the first), when it came from one. */
  attempt: number | undefined;
}

/** What an issue with a value looks like: where it is and what is wrong with it. */
export interface FieldIssue {
  /** Dotted path of the field, for example `name` or `organization.id`; empty for the value itself. */
  path: string;
  /** What is wrong with it, for example `is empty`. */
  message: string;
}

/**
 * Bad input: the call it belongs to was not sent. (An organization lookup may have been, when the
 * input missing is the organization itself.)
 */
export class ValidationError extends QoveryError {
  override name = 'ValidationError';
  /** The first field at fault, as the caller named it (for example `name` or `organizationId`). */
  readonly field: string;
  /** Every problem found in the input, the first field at fault first. */
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[]) {
    super(message);
    this.issues = issues;
    this.field = issues[0]?.path ?? '';
  }
}

/** A `ValidationError` about one field, worded `${label} ${problem}`: "apiToken is empty". */
export function invalidField(path: string, problem: string, label: string = path): ValidationError {
  return new ValidationError(`${label} ${problem}`, [{ path, message: problem }]);
}

/** The API answered 2xx with a body that breaks the contract (not JSON, a required field missing, a wrong type). */
export class ResponseValidationError extends QoveryError {
  override name = 'ResponseValidationError';
  /** The response's HTTP status (2xx). */
  declare readonly status: number;
  /** The response's headers. */
  declare readonly headers: Headers;
  /** What came back: the parsed JSON, or the raw text when it was not JSON. */
  declare readonly body: unknown;
  /** Where the body breaks the contract: each field at fault and what is wrong with it. */
  declare readonly issues: FieldIssue[];

  constructor(message: string, init: { status: number; headers: Headers; body: unknown; issues: FieldIssue[] }) {
    super(message);
    Object.assign(this, init);
  }
}

/** The request never got an HTTP answer: DNS, refused connection, reset, TLS, … */
export class APIConnectionError extends QoveryError {
  override name = 'APIConnectionError';
}

/** An attempt took longer than its `timeout`. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
}

/** The caller's `AbortSignal` cancelled the request. */
export class APIUserAbortError extends QoveryError {
  override name = 'APIUserAbortError';
}

/**
 * Qovery's websocket gateway failed a stream: it refused the connection (`status`, the HTTP answer
 * to the upgrade), closed it (`closeCode`), went silent, or sent a frame the SDK cannot read
 * (`received`: the frame as it came, cut to 2,000 characters). `deployments.wait()` never throws
 * it: it falls back to polling.
 */
export class StreamError extends QoveryError {
  override name = 'StreamError';
  /** The gateway's path: `/deployment/status`, `/deployment/logs` or `/service/logs`. */
  declare readonly path: string;
  /** The HTTP status the gateway refused the upgrade with, when it did. */
  declare readonly status: number | undefined;
  /** The close code, when the gateway closed the socket. */
  declare readonly closeCode: number | undefined;
  /** The frame that could not be read, as it came (cut to 2,000 characters). */
  declare readonly received: string | undefined;
  /**
   * Whether opening the stream again would meet the same answer: a refusal, a frame that cannot be
   * read, a client that cannot connect from here. A dropped connection is not: it is reopened.
   */
  declare readonly permanent: boolean;

  constructor(
    message: string,
    init: { path: string; status?: number; closeCode?: number; received?: string; permanent?: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    const permanent = init.permanent ?? (init.status !== undefined || init.received !== undefined);
    Object.assign(this, { status: undefined, closeCode: undefined, received: undefined, ...init, permanent });
  }
}

/** A lookup by name found no match, or more than one: `matches` lists them (empty for none). */
export class LookupError extends QoveryError {
  override name = 'LookupError';
  constructor(
    message: string,
    /** What was looked for: `project`, `environment`, `application`, `container`, …, `service` (or `token`, in the CLI). */
    readonly kind: string,
    /** What was found instead: nothing, or each of the several matches. */
    readonly matches: {
      /** The match's id. */
      id: string;
      /** Where it was found, as a path of names, for example `Backend/production/api`. */
      name: string;
      /** The kind of service (`container`, `database`, …), when the lookup spans kinds. */
      kind?: string;
    }[],
  ) {
    super(message);
  }
}

/**
 * A read-change-write refused before the write: the service changed since the caller read it
 * (its `updated_at` moved). The contract has no conditional write (no ETag, If-Match or version
 * field), so `updated_at` is the only sign of a change; read the service again and retry.
 */
export class StaleUpdateError extends QoveryError {
  override name = 'StaleUpdateError';
  constructor(
    message: string,
    /** The `updated_at` the caller expected (null: the record it read had none). */
    readonly expectedUpdatedAt: string | null,
    /** The `updated_at` the service has now (undefined or null when the API does not say). */
    readonly actualUpdatedAt: string | null | undefined,
  ) {
    super(message);
  }
}

/** What `deployments.wait()` saw last: the API's state, its one-word summary, and the raw status. */
export interface DeploymentProgress {
  /** The API's state, for example `BUILDING`, `DEPLOYED` or `DEPLOYMENT_ERROR`. */
  state: string;
  /** The state in one word: `RUNNING`, `IN_PROGRESS`, `STOPPED`, `ERROR` or `UNKNOWN`. */
  status: ServiceState;
  /** The deployment request the status is about, when the API says. */
  deploymentRequestId: string | null;
  /** The stage under way, when the status says (an environment's deployment: its stages' view). */
  stage?: string;
  /** The step under way (`GIT_CLONE`, `BUILD`, `DEPLOYMENT`, …), when the status says. */
  step?: string;
  /**
   * Every stage of an environment's deployment, in order, with its status (`QUEUED`, `ONGOING`,
   * `DONE`, `ERROR`, `SKIPPED`, `CANCELED`): what a stage did between two reads shows here even
   * when `stage` never named it.
   */
  stages?: DeploymentStageProgress[];
  /** Milliseconds since the wait began. */
  elapsedMs: number;
  /**
   * How the wait learnt it: `'websocket'` (Qovery's gateway pushed it; a settled state is then
   * confirmed by one status read) or `'polling'` (a status read).
   */
  via: 'websocket' | 'polling';
  /** The status object as the API sent it. */
  raw: unknown;
}

/** A stage of an environment's deployment as a status read showed it. */
export interface DeploymentStageProgress {
  /** The stage's name, for example `Applications`. */
  name: string;
  /** Its status: `QUEUED`, `ONGOING`, `DONE`, `ERROR`, `SKIPPED`, `CANCELED`, or one the API adds. */
  status: string;
}

/** The one-word summary of a service's state. */
export type ServiceState = 'RUNNING' | 'IN_PROGRESS' | 'STOPPED' | 'ERROR' | 'UNKNOWN';

/** The service an entry or an error names. */
export interface DeploymentService {
  /** The service's id. */
  id: string;
  /** The service's name. */
  name: string;
  /** `application`, `container`, `job`, `database`, `helm`, …: the log's transmitter type in lower case. */
  kind: string;
}

/** Why a deployment failed, as its logs say it: the message for the user, a hint and a link. */
export interface DeploymentError {
  /** What went wrong, for the person reading the CI log. */
  message: string;
  /** What to do about it, when the API says. */
  hint?: string;
  /** Where to read more, when the API says. */
  link?: string;
  /** The stage it happened in. */
  stage?: string;
  /** The step it happened in: `GIT_CLONE`, `BUILD`, `DEPLOYMENT`, … */
  step?: string;
  /** The service it happened to, when the log names one. */
  service?: DeploymentService;
  /** When it was logged (ISO 8601). */
  at?: string;
}

/** A deployment (or stop, restart) that `deployments.wait()` watched ended in a failure state. */
export class DeploymentFailedError extends QoveryError {
  override name = 'DeploymentFailedError';
  /** The state it ended in, for example `BUILD_ERROR`. */
  readonly state: string;
  /**
   * Why, as the deployment's logs say it: their first error, with its hint, link, stage, step and
   * service. `undefined` when the logs hold none, or could not be read (`reasonError` says why).
   */
  readonly reason: DeploymentError | undefined;
  /** Why `reason` could not be read, when it could not: the failure thrown is still this one. */
  readonly reasonError: QoveryError | undefined;
  constructor(
    message: string,
    /** The last status seen. */
    readonly finalStatus: DeploymentProgress,
    why: { reason?: DeploymentError; reasonError?: QoveryError } = {},
  ) {
    super(message);
    this.state = finalStatus.state;
    this.reason = why.reason;
    this.reasonError = why.reasonError;
  }
}

/** The API answered with a non-2xx status. Subclasses name the common statuses. */
export class APIError extends QoveryError {
  override name = 'APIError';
  /** The HTTP status of the answer, for example `404`. */
  readonly status: number;
  /** The answer's headers. */
  readonly headers: Headers;
  /** The error body as sent: parsed JSON when it was JSON, else the text (possibly empty). */
  readonly body: unknown;
  /** `X-Request-Id`, when the server sent one: quote it to Qovery support. */
  readonly requestId: string | undefined;
  /** The rate-limit figures of this response, when it carried them. */
  readonly rateLimit: RateLimit | undefined;

  constructor(status: number, message: string, init: { headers: Headers; body: unknown }) {
    super(`${status} ${message}`);
    this.status = status;
    this.headers = init.headers;
    this.body = init.body;
    this.requestId = init.headers.get('x-request-id') ?? undefined;
    this.rateLimit = parseRateLimit(init.headers);
  }
}

/** 400: the request was malformed or broke one of the API's rules. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: no credential, or one the API does not accept. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: the credential is valid, but its role does not allow this. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 404: nothing with that id. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409: a name already in use, or an operation already in progress on the same target. */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 422: the request was well formed, but the API cannot act on it. */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
/** 500 or any other 5xx: the API, or a proxy in front of it, failed. */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/**
 * 429: the credential has used up its requests for the current window. `retryAfter` and
 * `resetAt` say when to try again.
 */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** Seconds to wait before trying again, from `Retry-After`, else from the window's reset. */
  readonly retryAfter: number | undefined;
  /** When the window resets, from `X-RateLimit-Reset`, else from `Retry-After`. */
  readonly resetAt: Date | undefined;

  constructor(status: number, message: string, init: { headers: Headers; body: unknown }) {
    super(status, message, init);
    const now = Date.now();
    const retryAfter = parseRetryAfter(init.headers.get('retry-after'), now);
    const resetAt = this.rateLimit?.resetAt;
    this.resetAt = resetAt ?? (retryAfter === undefined ? undefined : dateAt(now + retryAfter * 1000));
    this.retryAfter =
      retryAfter ?? (resetAt === undefined ? undefined : Math.max(0, Math.ceil((resetAt.getTime() - now) / 1000)));
  }
}

/**
 * The API sends `{status,error,message}` or RFC 7807-like `{type,title,status,detail,instance,message}`;
 * the most specific text wins. Anything else (an HTML page from a proxy, an empty body) falls back
 * to the status text.
 */
function messageOf(body: unknown, status: number, statusText: string): string {
  if (body !== null && typeof body === 'object') {
    const fields = body as Record<string, unknown>;
    for (const key of ['message', 'detail', 'title', 'error']) {
      const text = fields[key];
      if (typeof text === 'string' && text.trim()) return text.trim();
    }
  }
  // HTTP/1.1 answers carry a reason phrase (statusText); HTTP/2 ones do not.
  return statusText || (status >= 500 ? 'Server error' : 'Client error');
}

/** The one place a status becomes an error class. */
export function makeAPIError(init: { status: number; statusText?: string; headers: Headers; body: unknown }): APIError {
  const { status, headers, body } = init;
  const message = messageOf(body, status, init.statusText ?? '');
  const ErrorClass = errorClassFor(status);
  return new ErrorClass(status, message, { headers, body });
}

const ERROR_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function errorClassFor(status: number): typeof APIError {
  return ERROR_CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError);
}
