import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import {
  listResponse,
  organizationScopedInput,
  parseId,
  parseInput,
  projectCreateInput,
  projectResponse,
  projectUpdateInput,
} from '../schemas.js';

export type Project = components['schemas']['Project'];
export type ProjectChanges = components['schemas']['ProjectRequest'];

export interface ProjectListParams {
  /** Default: the client's organization. */
  organizationId?: string;
}

export interface ProjectCreateParams extends ProjectChanges {
  /** Default: the client's organization. */
  organizationId?: string;
}

const projectList = listResponse(projectResponse);

/** `client.projects`: the projects of an organization. */
export class Projects {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** Every project of the organization; the API does not paginate it (listProject). */
  list(params: ProjectListParams = {}, options?: RequestOptions): APIPromise<Project[]> {
    return this.#core.inOrganization(organizationScopedInput, params, 'projects.list', options, (_, id) => ({
      operation: 'listProject',
      method: 'GET',
      send: (init) =>
        this.#core.api.GET('/organization/{organizationId}/project', {
          ...init,
          params: { path: { organizationId: id } },
        }),
      schema: projectList,
      returns: 'results',
    }));
  }

  /** Creates a project (createProject). Names are unique per organization, case-insensitively. */
  create(params: ProjectCreateParams, options?: RequestOptions): APIPromise<Project> {
    return this.#core.inOrganization(projectCreateInput, params, 'projects.create', options, (input, id) => {
      const { organizationId: _, ...body } = input;
      return {
        // The API answers 200 here, not 201; any 2xx is success.
        operation: 'createProject',
        method: 'POST',
        send: (init) =>
          this.#core.api.POST('/organization/{organizationId}/project', {
            ...init,
            params: { path: { organizationId: id } },
            body,
          }),
        schema: projectResponse,
        returns: 'body',
      };
    });
  }

  /** One project (getProject). */
  get(projectId: string, options?: RequestOptions): APIPromise<Project> {
    return this.#core.request(async () => {
      const checked = parseId(projectId, 'projectId', 'projects.get');
      return {
        operation: 'getProject',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/project/{projectId}', { ...init, params: { path: { projectId: checked } } }),
        schema: projectResponse,
        returns: 'body',
      };
    }, options);
  }

  /** Replaces the project's name and description (editProject, a PUT). */
  update(projectId: string, changes: ProjectChanges, options?: RequestOptions): APIPromise<Project> {
    return this.#core.request(async () => {
      const checked = parseId(projectId, 'projectId', 'projects.update');
      const body = parseInput(projectUpdateInput, changes, 'projects.update');
      return {
        operation: 'editProject',
        method: 'PUT',
        send: (init) =>
          this.#core.api.PUT('/project/{projectId}', { ...init, params: { path: { projectId: checked } }, body }),
        schema: projectResponse,
        returns: 'body',
      };
    }, options);
  }

  /** Deletes the project and everything in it (deleteProject). */
  delete(projectId: string, options?: RequestOptions): APIPromise<void> {
    return this.#core.request(async () => {
      const checked = parseId(projectId, 'projectId', 'projects.delete');
      return {
        operation: 'deleteProject',
        method: 'DELETE',
        send: (init) =>
          this.#core.api.DELETE('/project/{projectId}', { ...init, params: { path: { projectId: checked } } }),
        returns: 'nothing',
      };
    }, options);
  }
}
