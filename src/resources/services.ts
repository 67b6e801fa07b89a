import * as z from 'zod/mini';
import type { ClientCore, RequestOptions } from '../core.js';
import { LookupError } from '../errors.js';
import { type ServiceLogLine, scopeOf, serviceLines } from '../gateway/streams.js';
import { onlyMatch } from '../lookup.js';
import { id, nonEmpty, organizationIdInput, parseId, parseInput } from '../schemas.js';
import { requireGateway } from './deployments.js';
import { describeNames, Environments } from './environments.js';
import { kindOf, listServices, type ServiceSummary, servicesNamed } from './service-kinds.js';

/** A service of any kind, as `services.list()` and `services.find()` give it, with its `kind`. */
export type ServiceMatch = ServiceSummary & {
  /** `application`, `container`, `job`, `database`, `helm`, `terraform`, …: the `service_type` in lower case. */
  kind: string;
};

/** What `services.list()` takes: the organization, narrowed to a project or an environment. */
export interface ServiceListAllParams {
  /** Default: the client's organization. */
  organizationId?: string;
  /** Only this project's services. */
  projectId?: string;
  /** Only this environment's services. */
  environmentId?: string;
}

/** What `services.find()` takes: a name, and what narrows it down. */
export interface ServiceFindAnyParams {
  /** The service's name (case-insensitive). */
  name: string;
  /** The project's name (case-insensitive). Left out: every project is searched. */
  project?: string;
  /** The environment's name (case-insensitive). Left out: every environment is searched. */
  environment?: string;
  /** Only services of this kind, for example `container`. */
  kind?: string;
  /** The organization to search. Default: the client's organization. */
  organizationId?: string;
}

const listAllInput = z.strictObject({
  organizationId: organizationIdInput,
  projectId: z.optional(id),
  environmentId: z.optional(id),
});
const findAnyInput = z.strictObject({
  organizationId: organizationIdInput,
  name: nonEmpty,
  project: z.optional(nonEmpty),
  environment: z.optional(nonEmpty),
  kind: z.optional(nonEmpty),
});

const withKind = (summary: ServiceSummary): ServiceMatch => ({ ...summary, kind: kindOf(summary.service_type) });

/** What `services.logs()` takes. */
export interface ServiceLogsParams {
  /** Keep streaming new lines until `break` or `signal`. Default `false`. */
  follow?: boolean;
  /** The oldest line wanted. Default: what the gateway keeps. */
  since?: Date;
  /** How many of the lines already written to start with. Default: the gateway's (100). */
  limit?: number;
  /** Closes the socket and ends the iteration. */
  signal?: AbortSignal;
  /** The service's environment, when known (`services.find()` gives it): spares the list of services. */
  environmentId?: string;
}

const serviceLogsInput = z.strictObject({
  environmentId: z.optional(id),
  follow: z.optional(z.boolean()),
  since: z.optional(z.date().check(z.refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date'))),
  limit: z.optional(z.int().check(z.refine((v) => v >= 0 && v <= 10_000, 'must be from 0 to 10000'))),
});

/**
 * `client.services`: every service of the organization, whatever its kind, from the one call that
 * lists them with their names, projects and environments (listServicesByOrganizationId).
 */
export class Services {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** Every service of the organization, a project or an environment, each with its `kind`. One request. */
  async list(params: ServiceListAllParams = {}, options?: RequestOptions): Promise<ServiceMatch[]> {
    const input = parseInput(listAllInput, params, 'services.list');
    return (await listServices(this.#core, input, options)).map(withKind);
  }

  /**
   * A service's runtime log lines from Qovery's websocket gateway (`/service/logs`), oldest first:
   * the last `limit` lines the gateway keeps (from `since`), then, with `follow`, each new line
   * until `break` or `signal`; without `follow`, the iteration ends once the gateway has sent what
   * it has. Two requests first: the organization's services (the service's environment; not when
   * `environmentId` is given) and the environment (its project and cluster). Bad input is a `ValidationError` before anything is sent;
   * without the gateway, a `StreamError`.
   */
  logs(serviceId: string, params: ServiceLogsParams = {}): AsyncIterable<ServiceLogLine> {
    const id = parseId(serviceId, 'serviceId', 'services.logs').toLowerCase();
    const { signal, ...rest } = params;
    const { follow, since, limit, environmentId } = parseInput(serviceLogsInput, rest, 'services.logs');
    const gateway = requireGateway(this.#core, '/service/logs');
    const core = this.#core;
    return {
      async *[Symbol.asyncIterator]() {
        const options = { ...(signal && { signal }) };
        const inEnvironment =
          environmentId ??
          (await listServices(core, {}, options)).find((s) => s.id.toLowerCase() === id)?.environment_id;
        if (!inEnvironment) throw new LookupError(`No service ${id} in the organization`, 'service', []);
        const environment = await new Environments(core).get(inEnvironment, options);
        yield* serviceLines(
          gateway,
          { ...scopeOf(environment, '/service/logs'), service: id },
          { follow: follow ?? false, since, limit, signal },
        );
      },
    };
  }

  /**
   * The one service with this name, of any kind unless `kind` is given: for people who know a name
   * and not what it is. Zero or several matches are a `LookupError` listing each with its kind.
   * One request.
   */
  async find(params: ServiceFindAnyParams, options?: RequestOptions): Promise<ServiceMatch> {
    const input = parseInput(findAnyInput, params, 'services.find');
    const summaries = await listServices(this.#core, input, options);
    const matches = servicesNamed(summaries, {
      ...input,
      serviceType: input.kind === undefined ? undefined : input.kind.trim().toUpperCase(),
    });
    return withKind(onlyMatch(matches, input.kind ?? 'service', describeNames(input)));
  }
}
