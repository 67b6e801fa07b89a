import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { CallSpec, ClientCore, RequestOptions } from '../core.js';
import { ConflictError } from '../errors.js';
import { type Match, mapLimit, onlyMatch, sameName } from '../lookup.js';
import { id, nonEmpty, organizationIdInput, parseInput } from '../schemas.js';
import {
  given,
  helmVersionBody,
  helmVersionFields,
  jobVersionBody,
  jobVersionFields,
  oneJobSource,
} from './deploy-versions.js';
import type { HelmDeployParams } from './helms.js';
import type { JobDeployParams } from './jobs.js';
import { Projects } from './projects.js';

type Schemas = components['schemas'];
/** An environment of a project, such as production or staging, running on one cluster (schema `Environment`). */
export type Environment = AnswerComponents['schemas']['Environment'];
/** An environment's own state and its latest deployment (schema `EnvironmentStatus`). */
export type EnvironmentStatus = AnswerComponents['schemas']['EnvironmentStatus'];
/** The status of every service of an environment, by kind. */
export type EnvironmentStatuses = AnswerComponents['schemas']['EnvironmentStatuses'];
/** A service's status, as deploy, stop, restart and status calls answer it. */
export type ServiceStatus = AnswerComponents['schemas']['Status'];
/** An environment's status with its deployment's stages (schema `EnvironmentStatusesWithStages`). */
export type EnvironmentStages = AnswerComponents['schemas']['EnvironmentStatusesWithStages'];

/** What `environments.list()` takes. */
export interface EnvironmentListParams {
  /** The project whose environments to list. */
  projectId: string;
}

/** `{ name, projectId }`, or names as said in a pipeline: `{ project, environment }` (`project` optional). */
export type EnvironmentFindParams =
  | {
      /** The environment's name (case-insensitive). */
      name: string;
      /** The project to look in. */
      projectId: string;
      /** Not needed: the project determines the organization. */
      organizationId?: string;
    }
  | {
      /** The project's name (case-insensitive). Left out: every project is searched. */
      project?: string;
      /** The environment's name (case-insensitive). */
      environment: string;
      /** The organization to search. Default: the client's organization. */
      organizationId?: string;
    };

/** What `environments.cancel()` takes. */
export interface EnvironmentCancelParams {
  /** Cancel at once, without waiting for the step under way to end. Default false. */
  force?: boolean;
}

/** What `environments.clone()` and `ensureClone()` take besides the environment to copy. */
export interface EnvironmentCloneParams {
  /** The new environment's name, for example `pr-123`; unique in its project. */
  name: string;
  /** Its mode. Default: the copied environment's. */
  mode?: Schemas['EnvironmentModeEnum'];
  /** The cluster to run it on. Default: the copied environment's. */
  clusterId?: string;
  /** The project to put it in. Default: the copied environment's. */
  projectId?: string;
  /** Whether the project's deployment rules apply to it. Default false. */
  applyDeploymentRule?: boolean;
}

/** What `ensureClone()` found or made: the environment, and whether this call created it. */
export interface EnsuredClone {
  /** The environment named so, new or already there. */
  environment: Environment;
  /** True when this call cloned it; false when it already existed (a workflow run again). */
  created: boolean;
}

/** A service to deploy, by id. */
export interface ServiceToDeploy {
  /** The service's id. */
  id: string;
}

/** An application to deploy: at a commit, or at the one it runs. */
export interface ApplicationToDeploy extends ServiceToDeploy {
  /** The commit to build and deploy. Left out: the one it runs. */
  gitCommitId?: string;
}

/** A container to deploy: at an image tag, or at the one it runs. */
export interface ContainerToDeploy extends ServiceToDeploy {
  /** The image tag to deploy. Left out: the one it runs. */
  imageTag?: string;
}

/**
 * What `environments.deployServices()` deploys, by kind: each service by id, with the version to
 * deploy where its kind has one. A service given without a version deploys the one it runs now.
 */
export interface EnvironmentDeployServicesParams {
  /** Applications, each at a commit or at the one it runs. */
  applications?: ApplicationToDeploy[];
  /** Containers, each at an image tag or at the one it runs. */
  containers?: ContainerToDeploy[];
  /** Jobs, each at an image tag or a git commit (by the job's source), or at what it runs. */
  jobs?: (ServiceToDeploy & JobDeployParams)[];
  /** Helm charts, each at a chart version or git commit (by the chart's source), or at what it runs. */
  helms?: (ServiceToDeploy & HelmDeployParams)[];
  /** Databases, by id: a database deploys from its settings alone. */
  databases?: string[];
}

/** A public URL of a service of the environment (schema `Link`). */
export type EnvironmentLink = AnswerComponents['schemas']['Link'];

const environmentListInput = z.strictObject({ projectId: id });
export const environmentCancelInput = z.strictObject({ force: z.optional(z.boolean()) });
const environmentCloneInput = z.strictObject({
  name: nonEmpty,
  mode: z.optional(z.enum(['DEVELOPMENT', 'PREVIEW', 'PRODUCTION', 'STAGING'])),
  clusterId: z.optional(id),
  projectId: z.optional(id),
  applyDeploymentRule: z.optional(z.boolean()),
});
const deployServicesInput = z
  .strictObject({
    applications: z.optional(z.array(z.strictObject({ id, gitCommitId: z.optional(nonEmpty) }))),
    containers: z.optional(z.array(z.strictObject({ id, imageTag: z.optional(nonEmpty) }))),
    jobs: z.optional(z.array(z.strictObject({ id, ...jobVersionFields }).check(oneJobSource))),
    helms: z.optional(z.array(z.strictObject({ id, ...helmVersionFields }))),
    databases: z.optional(z.array(id)),
  })
  .check(
    z.refine((i) => Object.values(i).some((services) => services !== undefined && services.length > 0), {
      message: 'name at least one service to deploy',
    }),
    z.refine(
      (i) => {
        const ids = Object.values(i)
          .flat()
          .map((service) => (typeof service === 'string' ? service : service.id).toLowerCase());
        return new Set(ids).size === ids.length;
      },
      { message: 'names a service twice: one deployment request deploys each service once' },
    ),
  );
const environmentFindInput = z
  .strictObject({
    organizationId: organizationIdInput,
    name: z.optional(nonEmpty),
    projectId: z.optional(id),
    project: z.optional(nonEmpty),
    environment: z.optional(nonEmpty),
  })
  .check(
    z.refine(
      (i) =>
        i.name !== undefined
          ? i.projectId !== undefined && i.project === undefined && i.environment === undefined
          : i.environment !== undefined && i.projectId === undefined,
      { message: 'give { name, projectId } or the names { project?, environment }', path: ['name'] },
    ),
  );
const ENVIRONMENT_ID = 'environmentId';

/** `client.environments`: the environments of a project, their status, and deploy, stop, redeploy. */
export class Environments {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** Every environment of a project; the API does not paginate it (listEnvironment). */
  list(params: EnvironmentListParams, options?: RequestOptions): APIPromise<Environment[]> {
    return this.#core.request(async () => {
      const { projectId } = parseInput(environmentListInput, params, 'environments.list');
      return {
        operation: 'listEnvironment',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/project/{projectId}/environment', { ...init, params: { path: { projectId } } }),
        returns: 'results',
      };
    }, options);
  }

  /** One environment (getEnvironment). */
  get(environmentId: string, options?: RequestOptions): APIPromise<Environment> {
    return this.#on(environmentId, 'environments.get', options, (path) => ({
      operation: 'getEnvironment',
      method: 'GET',
      send: (init) => this.#core.api.GET('/environment/{environmentId}', { ...init, params: { path } }),
      returns: 'body',
    }));
  }

  /** The environment's own state and its latest deployment (getEnvironmentStatus). */
  status(environmentId: string, options?: RequestOptions): APIPromise<EnvironmentStatus> {
    return this.#on(environmentId, 'environments.status', options, (path) => ({
      operation: 'getEnvironmentStatus',
      method: 'GET',
      send: (init) => this.#core.api.GET('/environment/{environmentId}/status', { ...init, params: { path } }),
      returns: 'body',
    }));
  }

  /**
   * The environment's status with its deployment's stages, each with its status and its services'
   * statuses and steps, and the pre-check (getEnvironmentStatusesWithStages): what
   * `deployments.wait()` polls to say which stage and step are under way.
   */
  stages(environmentId: string, options?: RequestOptions): APIPromise<EnvironmentStages> {
    return this.#on(environmentId, 'environments.stages', options, (path) =>
      this.#core.operation('getEnvironmentStatusesWithStages', { path }, 'body'),
    );
  }

  /** The status of the environment and of every service in it, in one call (getEnvironmentStatuses). */
  statuses(environmentId: string, options?: RequestOptions): APIPromise<EnvironmentStatuses> {
    return this.#on(environmentId, 'environments.statuses', options, (path) => ({
      operation: 'getEnvironmentStatuses',
      method: 'GET',
      send: (init) => this.#core.api.GET('/environment/{environmentId}/statuses', { ...init, params: { path } }),
      returns: 'body',
    }));
  }

  /**
   * Deploys every service of the environment (deployEnvironment). Resolves once the API has queued
   * it; `deployments.wait()` follows it. A deployment already running makes this a `ConflictError`.
   */
  deploy(environmentId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#action(environmentId, 'deploy', 'deployEnvironment', options);
  }

  /**
   * Deploys the services named, of any kind, each at the version given (or the one it runs), as one
   * deployment request (deployAllServices): one deploy and one `deployments.wait()` instead of one
   * per service. Answered with the environment's status, whose `deployment_request_id` the wait
   * follows. A deployment already running makes this a `ConflictError`; never retried (a POST).
   */
  deployServices(
    environmentId: string,
    params: EnvironmentDeployServicesParams,
    options?: RequestOptions,
  ): APIPromise<EnvironmentStatus> {
    return this.#on(environmentId, 'environments.deployServices', options, (path) => {
      const input = parseInput(deployServicesInput, params, 'environments.deployServices');
      const body = {
        ...(input.applications && {
          applications: input.applications.map((a) => ({
            application_id: a.id,
            ...given({ git_commit_id: a.gitCommitId }),
          })),
        }),
        ...(input.containers && {
          containers: input.containers.map((c) => ({ id: c.id, ...given({ image_tag: c.imageTag }) })),
        }),
        ...(input.jobs && { jobs: input.jobs.map((j) => ({ id: j.id, ...jobVersionBody(j) })) }),
        ...(input.helms && { helms: input.helms.map((h) => ({ id: h.id, ...helmVersionBody(h) })) }),
        ...(input.databases && { databases: input.databases }),
      };
      return this.#core.operation('deployAllServices', { path, body }, 'body');
    });
  }

  /** Stops every service of the environment (stopEnvironment; answered with the environment's status). */
  stop(environmentId: string, options?: RequestOptions): APIPromise<EnvironmentStatus> {
    return this.#action(environmentId, 'stop', 'stopEnvironment', options);
  }

  /** Deploys the environment again, as it is (redeployEnvironment; answered with the environment's status). */
  redeploy(environmentId: string, options?: RequestOptions): APIPromise<EnvironmentStatus> {
    return this.#action(environmentId, 'redeploy', 'redeployEnvironment', options);
  }

  /**
   * Cancels the deployment running in the environment (cancelEnvironmentDeployment): its services
   * end `CANCELED`, and a `deployments.wait()` on it settles so. `force` cancels without waiting
   * for the step under way to end. Nothing running is a `ConflictError`. A POST: never retried.
   */
  cancel(
    environmentId: string,
    params: EnvironmentCancelParams = {},
    options?: RequestOptions,
  ): APIPromise<EnvironmentStatus> {
    return this.#on(environmentId, 'environments.cancel', options, (path) => {
      const { force } = parseInput(environmentCancelInput, params, 'environments.cancel');
      return this.#core.operation(
        'cancelEnvironmentDeployment',
        { path, body: { force_cancel: force ?? false } },
        'body',
      );
    });
  }

  /**
   * Copies an environment, its services of every kind and their variables, into a new one named
   * `name` (cloneEnvironment). The copy is not deployed. A name already taken in the project is a
   * `ConflictError`; `ensureClone()` returns that environment instead. A POST: never retried.
   */
  clone(environmentId: string, params: EnvironmentCloneParams, options?: RequestOptions): APIPromise<Environment> {
    return this.#on(environmentId, 'environments.clone', options, (path) => {
      const input = parseInput(environmentCloneInput, params, 'environments.clone');
      return this.#core.operation(
        'cloneEnvironment',
        {
          path,
          body: {
            name: input.name,
            ...(input.mode && { mode: input.mode }),
            ...(input.clusterId && { cluster_id: input.clusterId }),
            ...(input.projectId && { project_id: input.projectId }),
            ...(input.applyDeploymentRule !== undefined && { apply_deployment_rule: input.applyDeploymentRule }),
          },
        },
        'body',
      );
    });
  }

  /**
   * The clone named `name`, made if it does not exist yet: safe to re-run, as a workflow is on every
   * push to a pull request. Costs a list of the project's environments (and a read of the copied
   * environment when `projectId` is not given), plus the clone when there is none. A clone made by
   * a concurrent run (a `ConflictError`) is looked up and returned.
   */
  async ensureClone(
    environmentId: string,
    params: EnvironmentCloneParams,
    options?: RequestOptions,
  ): Promise<EnsuredClone> {
    const input = parseInput(environmentCloneInput, params, 'environments.ensureClone');
    const projectId = input.projectId ?? (await this.get(environmentId, options)).project.id;
    const existing = async () =>
      (await this.list({ projectId }, options)).find((environment) => sameName(environment.name, input.name));
    const found = await existing();
    if (found) return { environment: found, created: false };
    try {
      return { environment: await this.clone(environmentId, input, options), created: true };
    } catch (error) {
      const raced = error instanceof ConflictError ? await existing() : undefined;
      if (raced) return { environment: raced, created: false };
      throw error;
    }
  }

  /** Deletes an environment and every service in it (deleteEnvironment). */
  delete(environmentId: string, options?: RequestOptions): APIPromise<void> {
    return this.#on(environmentId, 'environments.delete', options, (path) =>
      this.#core.operation('deleteEnvironment', { path }, 'nothing'),
    );
  }

  /** The public URLs of the environment's services (listEnvironmentServicesLinks). */
  links(environmentId: string, options?: RequestOptions): APIPromise<EnvironmentLink[]> {
    return this.#on(environmentId, 'environments.links', options, (path) =>
      this.#core.operation('listEnvironmentServicesLinks', { path }, 'results'),
    );
  }

  /**
   * The environment with this name: in a project given by id, or by names (`project` may be left
   * out when the environment's name is unique across projects). Zero or several matches are a
   * `LookupError` listing what was found.
   */
  async find(params: EnvironmentFindParams, options?: RequestOptions): Promise<Environment> {
    const input = parseInput(environmentFindInput, params, 'environments.find');
    if (input.projectId !== undefined) {
      const environments = await this.list({ projectId: input.projectId }, options);
      const name = input.name as string;
      const matches = environments.filter((e) => sameName(e.name, name)).map((item) => ({ item, path: item.name }));
      return onlyMatch(matches, 'environment', `"${name}" in project ${input.projectId}`);
    }
    const matches = await matchingEnvironments(this.#core, input, options);
    return onlyMatch(matches, 'environment', describeNames(input));
  }

  #on<T>(
    environmentId: string,
    name: string,
    options: RequestOptions | undefined,
    build: (path: { environmentId: string }) => CallSpec,
  ): APIPromise<T> {
    return this.#core.onId(ENVIRONMENT_ID, environmentId, name, options, (value) => build({ environmentId: value }));
  }

  // POST, so never retried: a second attempt could queue a second deployment.
  // The contract answers deploy with the Status of a service, stop and redeploy with the
  // environment's status (deployEnvironment, stopEnvironment, redeployEnvironment).
  #action<T>(
    environmentId: string,
    action: 'deploy' | 'stop' | 'redeploy',
    operation: CallSpec['operation'],
    options: RequestOptions | undefined,
  ): APIPromise<T> {
    return this.#on(environmentId, `environments.${action}`, options, (path) => ({
      operation,
      method: 'POST',
      send: (init) =>
        this.#core.api.POST(`/environment/{environmentId}/${action}` as const, { ...init, params: { path } }),
      returns: 'body',
    }));
  }
}

/** `project "Backend", environment "production"`, for lookup errors. */
export function describeNames(names: Record<string, unknown>): string {
  return Object.entries(names)
    .filter(([key, value]) => key !== 'organizationId' && value !== undefined)
    .map(([key, value]) => `${key} "${value}"`)
    .join(', ');
}

/**
 * Environments across the organization's projects, filtered by names already checked by the
 * caller's own input schema (environments.find, applications.find, the status report), so a
 * module function rather than a method of `client.environments`.
 */
export async function matchingEnvironments(
  core: ClientCore,
  names: { organizationId?: string | undefined; project?: string | undefined; environment?: string | undefined },
  options?: RequestOptions,
): Promise<Match<Environment>[]> {
  const projects = (await new Projects(core).list({ organizationId: names.organizationId }, options)).filter((p) =>
    sameName(p.name, names.project),
  );
  const environments = new Environments(core);
  const perProject = await mapLimit(projects, 4, async (project) =>
    (await environments.list({ projectId: project.id }, options))
      .filter((e) => sameName(e.name, names.environment))
      .map((item) => ({ item, path: `${project.name}/${item.name}` })),
  );
  return perProject.flat();
}
