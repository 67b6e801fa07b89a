import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { CallSpec, ClientCore, RequestOptions, WrappedOperation } from '../core.js';
import { StaleUpdateError } from '../errors.js';
import { type Match, onlyMatch, sameName } from '../lookup.js';
import { id, nonEmpty, organizationIdInput, parseInput } from '../schemas.js';
import { describeNames, type ServiceStatus } from './environments.js';

type Schemas = components['schemas'];
/** A service of the organization as the organization-wide list names it (schema `ServiceLightResponse`). */
export type ServiceSummary = AnswerComponents['schemas']['ServiceLightResponse'];

/** What every service record has, whatever its kind. */
export interface NamedService {
  /** The service's id. */
  id: string;
  /** The service's name, unique in its environment. */
  name: string;
}

/** The kinds of service that have a namespace: each deploys, redeploys, stops and reports its status. */
export type ServiceKind = 'application' | 'container' | 'job' | 'database' | 'helm';

/** What the namespaces of the service kinds call, by operationId: the contract gives method and path. */
interface KindOperations {
  /** The kind's id parameter in its paths, for example `containerId`. */
  idField: string;
  /** `service_type` in the organization's list of services. */
  serviceType: Schemas['ServiceTypeEnum'];
  list: WrappedOperation;
  get: WrappedOperation;
  status: WrappedOperation;
  deploy: WrappedOperation;
  redeploy: WrappedOperation;
  stop: WrappedOperation;
  /** Left out where the contract has no restart for the kind (jobs and helm charts). */
  restart?: WrappedOperation;
  /** The service's public URLs, where the contract lists them (applications, containers, helm charts). */
  links?: WrappedOperation;
  /** The PUT of the whole service, where the SDK offers a change (applications, containers). */
  edit?: WrappedOperation;
}

export const KIND_OPERATIONS: Record<ServiceKind, KindOperations> = {
  application: {
    idField: 'applicationId',
    serviceType: 'APPLICATION',
    list: 'listApplication',
    get: 'getApplication',
    status: 'getApplicationStatus',
    deploy: 'deployApplication',
    redeploy: 'redeployApplication',
    stop: 'stopApplication',
    restart: 'rebootApplication',
    links: 'listApplicationLinks',
    edit: 'editApplication',
  },
  container: {
    idField: 'containerId',
    serviceType: 'CONTAINER',
    list: 'listContainer',
    get: 'getContainer',
    status: 'getContainerStatus',
    deploy: 'deployContainer',
    redeploy: 'redeployContainer',
    stop: 'stopContainer',
    restart: 'rebootContainer',
    links: 'listContainerLinks',
    edit: 'editContainer',
  },
  job: {
    idField: 'jobId',
    serviceType: 'JOB',
    list: 'listJobs',
    get: 'getJob',
    status: 'getJobStatus',
    deploy: 'deployJob',
    redeploy: 'redeployJob',
    stop: 'stopJob',
  },
  database: {
    idField: 'databaseId',
    serviceType: 'DATABASE',
    list: 'listDatabase',
    get: 'getDatabase',
    status: 'getDatabaseStatus',
    deploy: 'deployDatabase',
    redeploy: 'redeployDatabase',
    stop: 'stopDatabase',
    restart: 'rebootDatabase',
  },
  helm: {
    idField: 'helmId',
    serviceType: 'HELM',
    list: 'listHelms',
    get: 'getHelm',
    status: 'getHelmStatus',
    deploy: 'deployHelm',
    redeploy: 'redeployHelm',
    stop: 'stopHelm',
    links: 'listHelmLinks',
  },
};

/** A public URL of a service (schema `Link`). */
export type ServiceLink = AnswerComponents['schemas']['Link'];

/** How a read-change-write of a service guards against a change made since the caller read it. */
export interface UpdateOptions extends RequestOptions {
  /**
   * The `updated_at` of the service as the caller last read it: when the service has changed
   * since, nothing is written and the call is a `StaleUpdateError`. Pass it as read: `null` (the
   * API had no date for it) matches a service that still has none.
   */
  ifUpdatedAt?: string | null;
}

/** The fields of `record` named in `keys` that it has: the body of a PUT keeps every setting as it is. */
export function settingsOf(record: object, keys: readonly string[]): Record<string, unknown> {
  const values = record as Record<string, unknown>;
  // The API answers null for a setting without a value, at any depth (a port's name, a probe's
  // path): it is left out of the PUT, as if absent, which the contract takes where it takes no null.
  return Object.fromEntries(keys.filter((key) => values[key] != null).map((key) => [key, withoutNulls(values[key])]));
}

/** `value` with every `null` property of its objects left out, at any depth; arrays keep their length. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item)]),
  );
}

/** Annotation and label groups as a PUT names them: by id (an entry without one is left out). */
export const groupIds = (groups: unknown): { id: string }[] | undefined =>
  Array.isArray(groups)
    ? groups
        .map((group: { id?: unknown } | null) => group?.id)
        .filter((id): id is string => typeof id === 'string')
        .map((id) => ({ id }))
    : undefined;

/** The kind of a service in reports and matches: the API's `service_type` in lower case (`argocd_app`, …). */
export const kindOf = (serviceType: string): string => serviceType.toLowerCase();

/** What `list()` of a service kind takes. */
export interface ServiceListParams {
  /** The environment whose services of this kind to list. */
  environmentId: string;
}

/**
 * `{ name, environmentId }`, or names as said in a pipeline: `{ project, environment, <kind> }`, for
 * example `{ environment: 'production', container: 'api' }` (`project` and `environment` optional
 * when the service's name alone is unambiguous).
 */
export type ServiceFindParams<K extends ServiceKind> =
  | {
      /** The service's name (case-insensitive). */
      name: string;
      /** The environment to look in. */
      environmentId: string;
      /** Not needed: the environment determines the organization. */
      organizationId?: string;
    }
  | ({
      /** The project's name (case-insensitive). Left out: every project is searched. */
      project?: string;
      /** The environment's name (case-insensitive). Left out: every environment is searched. */
      environment?: string;
      /** The organization to search. Default: the client's organization. */
      organizationId?: string;
    } & { [key in K]: string });

const listInput = z.strictObject({ environmentId: id });
const findInput = (kind: ServiceKind) =>
  z
    .strictObject({
      organizationId: organizationIdInput,
      name: z.optional(nonEmpty),
      environmentId: z.optional(id),
      project: z.optional(nonEmpty),
      environment: z.optional(nonEmpty),
      [kind]: z.optional(nonEmpty),
    })
    .check(
      z.refine(
        (i: Record<string, unknown>) =>
          i.name !== undefined
            ? i.environmentId !== undefined &&
              i.project === undefined &&
              i.environment === undefined &&
              i[kind] === undefined
            : i[kind] !== undefined && i.environmentId === undefined,
        { message: `give { name, environmentId } or the names { project?, environment?, ${kind} }`, path: ['name'] },
      ),
    );

/**
 * Every service of the organization with its name, kind, project and environment, in one call
 * (listServicesByOrganizationId), narrowed to a project or an environment by id.
 */
export function listServices(
  core: ClientCore,
  scope: { organizationId?: string | undefined; projectId?: string | undefined; environmentId?: string | undefined },
  options: RequestOptions | undefined,
): APIPromise<ServiceSummary[]> {
  return core.request(
    async () =>
      core.operation(
        'listServicesByOrganizationId',
        {
          path: { organizationId: await core.organizationId(scope.organizationId, options) },
          query: { project_id: scope.projectId, environment_id: scope.environmentId },
        },
        'results',
      ),
    options,
  );
}

/** The services of `summaries` named so, with where each is ("Backend/production/api"). */
export function servicesNamed(
  summaries: readonly ServiceSummary[],
  names: { name: string; project?: string | undefined; environment?: string | undefined; serviceType?: string },
): Match<ServiceSummary>[] {
  return summaries
    .filter(
      (s) =>
        (names.serviceType === undefined || s.service_type === names.serviceType) &&
        sameName(s.name, names.name) &&
        sameName(s.project_name, names.project) &&
        sameName(s.environment_name, names.environment),
    )
    .map((item) => ({
      item,
      path: `${item.project_name}/${item.environment_name}/${item.name}`,
      kind: kindOf(item.service_type),
    }));
}

/**
 * What every kind of service shares: list, get, find, status, redeploy, stop, and the calls
 * behind deploy and restart, which each kind's namespace exposes with what it takes.
 */
export class ServiceKindResource<T extends NamedService, K extends ServiceKind> {
  readonly #core: ClientCore;
  readonly #kind: K;
  readonly #operations: KindOperations;
  readonly #findInput: ReturnType<typeof findInput>;

  constructor(core: ClientCore, kind: K) {
    this.#core = core;
    this.#kind = kind;
    this.#operations = KIND_OPERATIONS[kind];
    this.#findInput = findInput(kind);
  }

  /** Every service of this kind in an environment; the API does not paginate it. */
  list(params: ServiceListParams, options?: RequestOptions): APIPromise<T[]> {
    return this.#core.request(async () => {
      const { environmentId } = parseInput(listInput, params, `${this.#namespace}.list`);
      return this.#core.operation(this.#operations.list, { path: { environmentId } }, 'results');
    }, options);
  }

  /** One service of this kind, by id. */
  get(serviceId: string, options?: RequestOptions): APIPromise<T> {
    return this.#on(serviceId, 'get', options, (path) => this.#core.operation(this.#operations.get, { path }, 'body'));
  }

  /** The service's state and its latest deployment request. */
  status(serviceId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#on(serviceId, 'status', options, (path) =>
      this.#core.operation(this.#operations.status, { path }, 'body'),
    );
  }

  /** Deploys the service again, as it is. Never retried, like every action. */
  redeploy(serviceId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#action(serviceId, 'redeploy', this.#operations.redeploy, options);
  }

  /** Stops the service. Never retried, like every action. */
  stop(serviceId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#action(serviceId, 'stop', this.#operations.stop, options);
  }

  /**
   * The service of this kind with this name, in an environment given by id (one list call), or by
   * names (the organization's list of services, then the one found). Zero or several matches (the
   * same name in two environments, say) are a `LookupError` listing them.
   */
  async find(params: ServiceFindParams<K>, options?: RequestOptions): Promise<T> {
    const input = parseInput(this.#findInput, params, `${this.#namespace}.find`) as Record<string, string | undefined>;
    if (input.environmentId !== undefined) {
      const services = await this.list({ environmentId: input.environmentId }, options);
      const name = input.name as string;
      const matches = services.filter((s) => sameName(s.name, name)).map((item) => ({ item, path: item.name }));
      return onlyMatch(matches, this.#kind, `"${name}" in environment ${input.environmentId}`);
    }
    const summaries = await listServices(this.#core, { organizationId: input.organizationId }, options);
    const { [this.#kind]: name, ...where } = input;
    const matches = servicesNamed(summaries, {
      name: name as string,
      project: input.project,
      environment: input.environment,
      serviceType: this.#operations.serviceType,
    });
    const found = onlyMatch(matches, this.#kind, describeNames({ ...where, [this.#kind]: name }));
    return this.get(found.id, options);
  }

  /** The kind's deploy: `body` turns the checked `params` into what the kind deploys from. */
  protected deployWith<S extends z.ZodMiniType>(
    serviceId: string,
    params: unknown,
    input: S,
    body: (checked: z.output<S>) => unknown,
    options: RequestOptions | undefined,
  ): APIPromise<ServiceStatus> {
    return this.#on(serviceId, 'deploy', options, (path) => {
      const checked = parseInput(input, params, `${this.#namespace}.deploy`);
      return this.#core.operation(this.#operations.deploy, { path, body: body(checked) }, 'body');
    });
  }

  /** The service's public URLs, where the kind has them. */
  protected linksOf(serviceId: string, options: RequestOptions | undefined): APIPromise<ServiceLink[]> {
    return this.#on(serviceId, 'links', options, (path) =>
      this.#core.operation(this.#operations.links as WrappedOperation, { path }, 'results'),
    );
  }

  /**
   * A read-change-write of the whole service: reads it, turns it into the body its PUT takes with
   * `toBody` (every setting kept, the change applied), and writes it back, unless the record
   * `holds` the change already. The contract has no
   * conditional write, so a change made by someone else between the read and the write is lost;
   * `ifUpdatedAt` at least refuses to write over one made since the caller's own read.
   */
  protected async updateWith(
    serviceId: string,
    toBody: (record: T) => unknown,
    holds: (record: T) => boolean,
    options: UpdateOptions = {},
  ): Promise<T> {
    const { ifUpdatedAt, ...request } = options;
    const record = await this.get(serviceId, request);
    const current = (record as { updated_at?: string | null }).updated_at;
    if (ifUpdatedAt !== undefined && (current ?? null) !== ifUpdatedAt) {
      throw new StaleUpdateError(
        `${this.#kind} ${record.name} (${record.id}) changed since it was read: updated_at is ${current ?? 'not given'}, not ${ifUpdatedAt}; read it again`,
        ifUpdatedAt,
        current,
      );
    }
    // A re-run of a workflow finds the change made: nothing to write.
    if (holds(record)) return record;
    return this.#core.request<T>(
      this.#core.operation(
        this.#operations.edit as WrappedOperation,
        { path: { [this.#operations.idField]: record.id }, body: toBody(record) },
        'body',
      ),
      request,
    );
  }

  /** The kind's deploy when it deploys from nothing but its settings (databases). */
  protected deployAsIs(serviceId: string, options: RequestOptions | undefined): APIPromise<ServiceStatus> {
    return this.#action(serviceId, 'deploy', this.#operations.deploy, options);
  }

  /** Restarts the service without redeploying it, where the kind has a restart. */
  protected restartService(serviceId: string, options: RequestOptions | undefined): APIPromise<ServiceStatus> {
    return this.#action(serviceId, 'restart', this.#operations.restart as WrappedOperation, options);
  }

  get #namespace(): string {
    return `${this.#kind}s`;
  }

  #on<R>(
    serviceId: string,
    method: string,
    options: RequestOptions | undefined,
    build: (path: Record<string, string>) => CallSpec,
  ): APIPromise<R> {
    const field = this.#operations.idField;
    return this.#core.onId(field, serviceId, `${this.#namespace}.${method}`, options, (value) =>
      build({ [field]: value }),
    );
  }

  // POST, so never retried: a second attempt could queue a second deployment.
  #action(
    serviceId: string,
    method: string,
    operation: WrappedOperation,
    options: RequestOptions | undefined,
  ): APIPromise<ServiceStatus> {
    return this.#on(serviceId, method, options, (path) => this.#core.operation(operation, { path }, 'body'));
  }
}
