import * as z from 'zod/mini';
import type { ClientCore, RequestOptions } from '../core.js';
import { onlyMatch } from '../lookup.js';
import { id, nonEmpty, organizationIdInput, parseInput } from '../schemas.js';
import { describeNames } from './environments.js';
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
