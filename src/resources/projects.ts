import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { CallSpec, ClientCore, RequestOptions } from '../core.js';
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
    return this.#onProject(projectId, 'projects.get', options, (path) => ({
      operation: 'getProject',
      method: 'GET',
      send: (init) => this.#core.api.GET('/project/{projectId}', { ...init, params: { path } }),
      schema: projectResponse,
      returns: 'body',
    }));
  }

  /** Replaces the project's name and description (editProject, a PUT). */
  update(projectId: string, changes: ProjectChanges, options?: RequestOptions): APIPromise<Project> {
    return this.#onProject(projectId, 'projects.update', options, (path) => {
      const body = parseInput(projectUpdateInput, changes, 'projects.update');
      return {
        operation: 'editProject',
        method: 'PUT',
        send: (init) => this.#core.api.PUT('/project/{projectId}', { ...init, params: { path }, body }),
        schema: projectResponse,
        returns: 'body',
      };
    });
  }

  /** Deletes the project and everything in it (deleteProject). */
  delete(projectId: string, options?: RequestOptions): APIPromise<void> {
    return this.#onProject(projectId, 'projects.delete', options, (path) => ({
      operation: 'deleteProject',
      method: 'DELETE',
      send: (init) => this.#core.api.DELETE('/project/{projectId}', { ...init, params: { path } }),
      returns: 'nothing',
    }));
  }

  /** A call on one project: its id checked first, so a bad one sends nothing. */
  #onProject<T>(
    projectId: string,
    name: string,
    options: RequestOptions | undefined,
    build: (path: { projectId: string }) => CallSpec,
  ): APIPromise<T> {
    return this.#core.request(async () => build({ projectId: parseId(projectId, 'projectId', name) }), options);
  }
}
