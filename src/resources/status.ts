import * as z from 'zod/mini';
import type { ClientCore, RequestOptions } from '../core.js';
import { LookupError, type ServiceState } from '../errors.js';
import { STATUS_LISTS } from '../essentials.js';
import { mapLimit, sameName } from '../lookup.js';
import { id, nonEmpty, organizationIdInput, parseInput } from '../schemas.js';
import { describeNames } from './environments.js';
import { kindOf, listServices, type ServiceSummary } from './service-kinds.js';

/**
 * The one-word summary of one of the API's states: `ERROR` for any failure (`BUILD_ERROR`,
 * `DEPLOYMENT_ERROR`, …), `IN_PROGRESS` while queued or working, `RUNNING` once deployed,
 * `STOPPED` when stopped, cancelled, deleted or never deployed (`READY`), and `UNKNOWN` for
 * `UNAVAILABLE` or a state this SDK does not know yet.
 */
export function serviceState(state: string): ServiceState {
  if (state.endsWith('_ERROR')) return 'ERROR';
  if (state === 'DEPLOYED' || state === 'RESTARTED') return 'RUNNING';
  if (/^(STOPPED|CANCELED|DELETED|READY)$/.test(state)) return 'STOPPED';
  if (/QUEUED|ING$/.test(state)) return 'IN_PROGRESS';
  return 'UNKNOWN';
}

/** One service in a status report. */
export interface ServiceReport {
  /** The service's id. */
  id: string;
  /** The service's name. */
  name: string;
  /** `application`, `container`, `database`, `job`, `helm`, `terraform`, …: the API's `service_type` in lower case. */
  kind: string;
  /** The project's name. */
  project: string;
  /** The project's id. */
  projectId: string;
  /** The environment's name. */
  environment: string;
  /** The environment's id. */
  environmentId: string;
  /** `RUNNING`, `IN_PROGRESS`, `STOPPED`, `ERROR` or `UNKNOWN`: see `serviceState`. */
  status: ServiceState;
  /**
   * The API's own state, for example `DEPLOYMENT_ERROR`; `UNKNOWN` for a service its environment's
   * statuses do not mention (one created or deleted while the report was made).
   */
  state: string;
}

/** Every service with its status; `hasErrors` tells whether any is in `ERROR`. */
export interface StatusReport {
  /** Every service in scope, environment by environment. */
  services: ServiceReport[];
  /** Whether any service's status is `ERROR`. */
  hasErrors: boolean;
}

/** What `qovery.status()` covers: the organization, one project, or one environment. */
export interface StatusReportParams {
  /** Default: the client's organization. */
  organizationId?: string;
  /** Only this project's environments. */
  projectId?: string;
  /** Only this environment. */
  environmentId?: string;
  /** Only the projects of this name (case-insensitive): names cost no request, the list has them. */
  project?: string;
  /** Only the environments of this name (case-insensitive), for example `production`. */
  environment?: string;
}

// A list may be absent or null (the real API's null for an optional field without a value).
const reportStatuses = z.looseObject(
  Object.fromEntries(
    STATUS_LISTS.map((list) => [
      list,
      z.optional(z.nullable(z.array(z.looseObject({ id: z.string(), state: z.string() })))),
    ]),
  ),
);
const statusReportInput = z
  .strictObject({
    organizationId: organizationIdInput,
    projectId: z.optional(id),
    environmentId: z.optional(id),
    project: z.optional(nonEmpty),
    environment: z.optional(nonEmpty),
  })
  .check(
    z.refine((input) => input.projectId === undefined || input.environmentId === undefined, {
      message: 'give projectId or environmentId, not both',
      path: ['projectId'],
    }),
  );

/**
 * The status of every service in the organization, a project or an environment, each named with
 * its kind, project and environment. It costs 1 + E requests for E environments with services:
 * the organization's list of services names them all (listServicesByOrganizationId), and one
 * status call per environment gives their states (getEnvironmentStatuses); the contract has no
 * cheaper way to the states. (A client that knows no organization id looks it up once, first.)
 */
export async function statusReport(
  core: ClientCore,
  params: StatusReportParams = {},
  options?: RequestOptions,
): Promise<StatusReport> {
  const input = parseInput(statusReportInput, params, 'status');
  const services = (await listServices(core, input, options)).filter(
    (service) => sameName(service.project_name, input.project) && sameName(service.environment_name, input.environment),
  );
  if (services.length === 0 && (input.project !== undefined || input.environment !== undefined)) {
    // A misspelt name must not read as "nothing in error".
    throw new LookupError(`No service matches ${describeNames(input)}`, 'service', []);
  }
  const environmentIds = [...new Set(services.map((service) => service.environment_id))];
  const states = new Map<string, string>();
  await mapLimit(environmentIds, 4, async (environmentId) => {
    // Checked for what the report reads only: one odd service must not sink the whole report.
    const statuses = await core.request<Record<string, { id: string; state: string }[] | null | undefined>>(
      { ...core.operation('getEnvironmentStatuses', { path: { environmentId } }, 'body'), schema: reportStatuses },
      options,
    );
    for (const list of STATUS_LISTS) {
      const entries = statuses?.[list];
      if (Array.isArray(entries)) for (const entry of entries) states.set(entry.id, entry.state);
    }
  });
  // Environment by environment, in the order the list first names them; the API lists by kind.
  const order = (service: ServiceSummary) => environmentIds.indexOf(service.environment_id);
  const grouped = [...services].sort((a, b) => order(a) - order(b));
  const report = grouped.map((service): ServiceReport => {
    const state = states.get(service.id) ?? 'UNKNOWN';
    return {
      id: service.id,
      name: service.name,
      kind: kindOf(service.service_type),
      project: service.project_name,
      projectId: service.project_id,
      environment: service.environment_name,
      environmentId: service.environment_id,
      status: serviceState(state),
      state,
    };
  });
  return { services: report, hasErrors: report.some((s) => s.status === 'ERROR') };
}
