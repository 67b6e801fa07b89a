import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { CallSpec, ClientCore, RequestOptions } from '../core.js';
import { onlyNamed } from '../lookup.js';
import { nonEmpty, organizationIdInput, organizationScopedInput, parseInput } from '../schemas.js';

/** A project of an organization: a group of environments (schema `Project`). */
export type Project = AnswerComponents['schemas']['Project'];
/** A project's editable fields, its name and description (schema `ProjectRequest`). */
export type ProjectChanges = components['schemas']['ProjectRequest'];

/** What `projects.list()` takes. */
export interface ProjectListParams {
  /** Default: the client's organization. */
  organizationId?: string;
}

/** What `projects.find()` takes. */
export interface ProjectFindParams {
  /** Default: the client's organization. */
  organizationId?: string;
  /** The project's name (case-insensitive). */
  name: string;
}

/** What `projects.create()` takes: the new project's name and description, and its organization. */
export interface ProjectCreateParams extends ProjectChanges {
  /** Default: the client's organization. */
  organizationId?: string;
}

export const projectCreateInput = z.strictObject({
  organizationId: organizationIdInput,
  name: nonEmpty,
  description: z.optional(z.string()),
});
export const projectUpdateInput = z.strictObject({ name: nonEmpty, description: z.optional(z.string()) });
const projectFindInput = z.strictObject({ organizationId: organizationIdInput, name: nonEmpty });
const PROJECT_ID = 'projectId';

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

  #onProject<T>(
    projectId: string,
    name: string,
    options: RequestOptions | undefined,
    build: (path: { projectId: string }) => CallSpec,
  ): APIPromise<T> {
    return this.#core.onId(PROJECT_ID, projectId, name, options, (id) => build({ projectId: id }));
  }

  /** The project with this name (names are unique per organization, case-insensitively). */
  async find(params: ProjectFindParams, options?: RequestOptions): Promise<Project> {
    const { organizationId, name } = parseInput(projectFindInput, params, 'projects.find');
    const projects = await this.list({ organizationId }, options);
    return onlyNamed(projects, 'project', name);
  }
}
