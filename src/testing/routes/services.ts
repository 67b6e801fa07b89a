import type { components } from '../../../generated/qovery-api.js';
import type { MockContext } from '../context.js';
import { KINDS, type ServiceRef, servicesIn } from '../kinds.js';
import { type Route, route } from '../router.js';

type Schemas = components['schemas'];

/** A service as the organization's list names it, with its project and environment. */
function light(service: ServiceRef, project: Schemas['Project'], environment: Schemas['Environment']) {
  const { record } = service;
  const light: Schemas['ServiceLightResponse'] = {
    id: record.id,
    name: record.name,
    description: record.description ?? '',
    icon_uri: record.icon_uri,
    service_type: KINDS[service.kind].serviceType,
    project_id: project.id,
    project_name: project.name,
    environment_id: environment.id,
    environment_name: environment.name,
    cluster_id: environment.cluster_id,
  };
  return service.kind === 'job' ? { ...light, job_type: service.record.job_type } : light;
}

export function serviceListRoutes(ctx: MockContext): Route[] {
  const { state } = ctx;
  return [
    // Every service of every kind of the organization, narrowed by the ids given as query parameters.
    route(
      'GET',
      '/organization/{organizationId}/services',
      'listServicesByOrganizationId',
      ({ caller, params, query }) => {
        const organization = ctx.organizationFor(caller, params.organizationId ?? '', 'project:read');
        const wanted = (parameter: string, id: string) => {
          const asked = query.get(parameter);
          return asked === null || asked.toLowerCase() === id;
        };
        const results = servicesIn(state).flatMap((service) => {
          const environment = state.environments.find((e) => e.id === service.record.environment.id);
          const project = state.projects.find((p) => p.id === environment?.project.id);
          if (!environment || !project || project.organization.id !== organization.id) return [];
          const inScope =
            wanted('project_id', project.id) &&
            wanted('environment_id', environment.id) &&
            wanted('cluster_id', environment.cluster_id);
          return inScope ? [light(service, project, environment)] : [];
        });
        return { status: 200, body: { results } };
      },
    ),
  ];
}
