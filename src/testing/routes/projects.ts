import type { components } from '../../../generated/qovery-api.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { dropEnvironments } from '../environments.js';
import { randomUuid } from '../random.js';
import { Refusal } from '../responses.js';
import { type Route, route } from '../router.js';
import { sameName } from '../state.js';
import { dropVariables } from '../variables.js';

type Schemas = components['schemas'];

function projectFields(
  body: unknown,
  operation: 'createProject' | 'editProject',
): { name: string; description?: string } {
  const fields = checkBody(body, operation);
  return {
    name: fields.name as string,
    ...(fields.description === undefined ? {} : { description: fields.description as string }),
  };
}

export function projectRoutes(ctx: MockContext): Route[] {
  const { state, organizationFor, projectFor } = ctx;

  function refuseDuplicateProject(organizationId: string, name: string, except?: string): void {
    if (state.projects.some((p) => p.organization.id === organizationId && p.id !== except && sameName(p.name, name))) {
      throw new Refusal(409, 'This organization already has a project with that name');
    }
  }

  return [
    route('GET', '/organization/{organizationId}/project', 'listProject', ({ caller, params }) => {
      const organization = organizationFor(caller, params.organizationId ?? '', 'project:read');
      return { status: 200, body: { results: state.projects.filter((p) => p.organization.id === organization.id) } };
    }),

    // Qovery answers a created project with 200, not 201.
    route('POST', '/organization/{organizationId}/project', 'createProject', async ({ caller, params, body }) => {
      const organization = organizationFor(caller, params.organizationId ?? '', 'project:write');
      const fields = projectFields(await body(), 'createProject');
      refuseDuplicateProject(organization.id, fields.name);
      const project: Schemas['Project'] = {
        id: randomUuid(ctx.random),
        created_at: ctx.iso(),
        ...fields,
        associated_environments_count: 0,
        organization: { id: organization.id },
      };
      state.projects.push(project);
      return { status: 200, body: project };
    }),

    route('GET', '/project/{projectId}', 'getProject', ({ caller, params }) => ({
      status: 200,
      body: projectFor(caller, params.projectId ?? '', 'project:read'),
    })),

    route('PUT', '/project/{projectId}', 'editProject', async ({ caller, params, body }) => {
      const project = projectFor(caller, params.projectId ?? '', 'project:write');
      const fields = projectFields(await body(), 'editProject');
      refuseDuplicateProject(project.organization.id, fields.name, project.id);
      project.name = fields.name;
      if (fields.description !== undefined) project.description = fields.description;
      Object.assign(project, { updated_at: ctx.iso() });
      return { status: 200, body: project };
    }),

    route('DELETE', '/project/{projectId}', 'deleteProject', ({ caller, params }) => {
      const project = projectFor(caller, params.projectId ?? '', 'project:write');
      state.projects = state.projects.filter((p) => p !== project);
      // Its variables, its environments, their services, variables and deployments go with it.
      dropVariables(state, (v) => v.parentId === project.id);
      dropEnvironments(state, new Set(state.environments.filter((e) => e.project.id === project.id).map((e) => e.id)));
      return { status: 204 };
    }),
  ];
}
