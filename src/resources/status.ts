import * as z from 'zod/mini';
import type { ClientCore, RequestOptions } from '../core.js';
import type { ServiceState } from '../errors.js';
import { mapLimit } from '../lookup.js';
import { id, organizationIdInput, parseInput } from '../schemas.js';
import { Applications } from './applications.js';
import { type Environment, Environments, matchingEnvironments } from './environments.js';
import { Projects } from './projects.js';

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
  /** The service's name; `null` for kinds this SDK does not list yet (only applications are named). */
  name: string | null;
  /** `application`, `container`, `database`, `job`, `helm`, `terraform` or `agentic_workflow`. */
  kind: string;
  /** The project's name. */
  project: string;
  /** The environment's name. */
  environment: string;
  /** The environment's id. */
  environmentId: string;
  /** `RUNNING`, `IN_PROGRESS`, `STOPPED`, `ERROR` or `UNKNOWN`: see `serviceState`. */
  status: ServiceState;
  /** The API's own state, for example `DEPLOYMENT_ERROR`. */
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
}

const KINDS = ['applications', 'containers', 'databases', 'jobs', 'helms', 'terraforms', 'agentic_workflows'] as const;
const reportStatuses = z.looseObject(
  Object.fromEntries(
    KINDS.map((kind) => [kind, z.optional(z.array(z.looseObject({ id: z.string(), state: z.string() })))]),
  ),
);
const statusReportInput = z
  .strictObject({
    organizationId: organizationIdInput,
    projectId: z.optional(id),
    environmentId: z.optional(id),
  })
  .check(
    z.refine((input) => input.projectId === undefined || input.environmentId === undefined, {
      message: 'give projectId or environmentId, not both',
      path: ['projectId'],
    }),
  );

/**
 * The status of every service in the organization, a project or an environment: one status call
 * per environment (getEnvironmentStatuses) plus one list to name its applications.
 */
export async function statusReport(
  core: ClientCore,
  params: StatusReportParams = {},
  options?: RequestOptions,
): Promise<StatusReport> {
  const input = parseInput(statusReportInput, params, 'status');
  const environments = new Environments(core);
  let scope: { environment: Environment; project: string }[];
  if (input.environmentId !== undefined) {
    const environment = await environments.get(input.environmentId, options);
    scope = [{ environment, project: await projectName(core, environment.project.id, options) }];
  } else if (input.projectId !== undefined) {
    const [list, project] = await Promise.all([
      environments.list({ projectId: input.projectId }, options),
      projectName(core, input.projectId, options),
    ]);
    scope = list.map((environment) => ({ environment, project }));
  } else {
    const matches = await matchingEnvironments(core, { organizationId: input.organizationId }, options);
    scope = matches.map(({ item, path }) => ({ environment: item, project: path.slice(0, -item.name.length - 1) }));
  }
  const applications = new Applications(core);
  const perEnvironment = await mapLimit(scope, 4, async ({ environment, project }) => {
    const [statuses, named] = await Promise.all([
      // Checked for what the report reads only: one odd service must not sink the whole report.
      core.request<Record<string, { id: string; state: string }[] | undefined>>(
        {
          operation: 'getEnvironmentStatuses',
          method: 'GET',
          send: (init) =>
            core.api.GET('/environment/{environmentId}/statuses', {
              ...init,
              params: { path: { environmentId: environment.id } },
            }),
          schema: reportStatuses,
          returns: 'body',
        },
        options,
      ),
      applications.list({ environmentId: environment.id }, options),
    ]);
    const names = new Map(named.map((a) => [a.id, a.name]));
    return KINDS.flatMap((kind) =>
      (Array.isArray(statuses?.[kind]) ? (statuses[kind] as { id: string; state: string }[]) : []).map(
        (service): ServiceReport => ({
          id: service.id,
          name: names.get(service.id) ?? null,
          kind: kind.slice(0, -1),
          project,
          environment: environment.name,
          environmentId: environment.id,
          status: serviceState(service.state),
          state: service.state,
        }),
      ),
    );
  });
  const services = perEnvironment.flat();
  return { services, hasErrors: services.some((s) => s.status === 'ERROR') };
}

async function projectName(core: ClientCore, projectId: string, options: RequestOptions | undefined): Promise<string> {
  return (await new Projects(core).get(projectId, options)).name;
}
