import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { CallSpec, ClientCore, RequestOptions } from '../core.js';
import { mapLimit, onlyMatch, sameName } from '../lookup.js';
import { id, nonEmpty, organizationIdInput, parseInput } from '../schemas.js';
import { describeNames, matchingEnvironments, type ServiceStatus } from './environments.js';

/** An application: a service built from a git repository and deployed in an environment (schema `Application`). */
export type Application = components['schemas']['Application'];

/** What `applications.list()` takes. */
export interface ApplicationListParams {
  /** The environment whose applications to list. */
  environmentId: string;
}

/** What `applications.deploy()` takes besides the application's id. */
export interface ApplicationDeployParams {
  /** The commit to build and deploy, for example `process.env.GITHUB_SHA`. */
  gitCommitId: string;
}

/**
 * `{ name, environmentId }`, or names as said in a pipeline: `{ project, environment, application }`
 * (`project` and `environment` optional when the application's name alone is unambiguous).
 */
export type ApplicationFindParams =
  | {
      /** The application's name (case-insensitive). */
      name: string;
      /** The environment to look in. */
      environmentId: string;
      /** Not needed: the environment determines the organization. */
      organizationId?: string;
    }
  | {
      /** The project's name (case-insensitive). Left out: every project is searched. */
      project?: string;
      /** The environment's name (case-insensitive). Left out: every environment is searched. */
      environment?: string;
      /** The application's name (case-insensitive). */
      application: string;
      /** The organization to search. Default: the client's organization. */
      organizationId?: string;
    };

const applicationListInput = z.strictObject({ environmentId: id });
export const deployInput = z.strictObject({ gitCommitId: nonEmpty });
const applicationFindInput = z
  .strictObject({
    organizationId: organizationIdInput,
    name: z.optional(nonEmpty),
    environmentId: z.optional(id),
    project: z.optional(nonEmpty),
    environment: z.optional(nonEmpty),
    application: z.optional(nonEmpty),
  })
  .check(
    z.refine(
      (i) =>
        i.name !== undefined
          ? i.environmentId !== undefined &&
            i.project === undefined &&
            i.environment === undefined &&
            i.application === undefined
          : i.application !== undefined && i.environmentId === undefined,
      { message: 'give { name, environmentId } or the names { project?, environment?, application }', path: ['name'] },
    ),
  );
const APPLICATION_ID = 'applicationId';

/** `client.applications`: the applications of an environment, their status, and deploy, redeploy, restart, stop. */
export class Applications {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** Every application of an environment; the API does not paginate it (listApplication). */
  list(params: ApplicationListParams, options?: RequestOptions): APIPromise<Application[]> {
    return this.#core.request(async () => {
      const { environmentId } = parseInput(applicationListInput, params, 'applications.list');
      return {
        operation: 'listApplication',
        method: 'GET',
        send: (init) =>
          this.#core.api.GET('/environment/{environmentId}/application', {
            ...init,
            params: { path: { environmentId } },
          }),
        returns: 'results',
      };
    }, options);
  }

  /** One application (getApplication). */
  get(applicationId: string, options?: RequestOptions): APIPromise<Application> {
    return this.#on(applicationId, 'applications.get', options, (path) => ({
      operation: 'getApplication',
      method: 'GET',
      send: (init) => this.#core.api.GET('/application/{applicationId}', { ...init, params: { path } }),
      returns: 'body',
    }));
  }

  /** The application's state and its latest deployment request (getApplicationStatus). */
  status(applicationId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#on(applicationId, 'applications.status', options, (path) => ({
      operation: 'getApplicationStatus',
      method: 'GET',
      send: (init) => this.#core.api.GET('/application/{applicationId}/status', { ...init, params: { path } }),
      returns: 'body',
    }));
  }

  /**
   * Builds and deploys the application at a git commit (deployApplication). Resolves once queued,
   * with the status carrying the `deployment_request_id` that `deployments.wait()` follows; a
   * deployment already running makes this a `ConflictError`. Never retried, like every action.
   */
  deploy(applicationId: string, params: ApplicationDeployParams, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#on(applicationId, 'applications.deploy', options, (path) => {
      const { gitCommitId } = parseInput(deployInput, params, 'applications.deploy');
      return {
        operation: 'deployApplication',
        method: 'POST',
        send: (init) =>
          this.#core.api.POST('/application/{applicationId}/deploy', {
            ...init,
            params: { path },
            body: { git_commit_id: gitCommitId },
          }),
        returns: 'body',
      };
    });
  }

  /** Deploys the application again at its current commit (redeployApplication). */
  redeploy(applicationId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#action(applicationId, 'redeploy', 'redeployApplication', 'redeploy', options);
  }

  /** Restarts the application without rebuilding it (rebootApplication). */
  restart(applicationId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#action(applicationId, 'restart-service', 'rebootApplication', 'restart', options);
  }

  /** Stops the application (stopApplication). */
  stop(applicationId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.#action(applicationId, 'stop', 'stopApplication', 'stop', options);
  }

  /**
   * The application with this name, in an environment given by id or by names. Zero or several
   * matches (the same name in two environments, say) are a `LookupError` listing them.
   */
  async find(params: ApplicationFindParams, options?: RequestOptions): Promise<Application> {
    const input = parseInput(applicationFindInput, params, 'applications.find');
    if (input.environmentId !== undefined) {
      const applications = await this.list({ environmentId: input.environmentId }, options);
      const name = input.name as string;
      const matches = applications.filter((a) => sameName(a.name, name)).map((item) => ({ item, path: item.name }));
      return onlyMatch(matches, 'application', `"${name}" in environment ${input.environmentId}`);
    }
    const environments = await matchingEnvironments(this.#core, input, options);
    const perEnvironment = await mapLimit(environments, 4, async ({ item, path }) =>
      (await this.list({ environmentId: item.id }, options))
        .filter((a) => sameName(a.name, input.application))
        .map((application) => ({ item: application, path: `${path}/${application.name}` })),
    );
    return onlyMatch(perEnvironment.flat(), 'application', describeNames(input));
  }

  #on<T>(
    applicationId: string,
    name: string,
    options: RequestOptions | undefined,
    build: (path: { applicationId: string }) => CallSpec,
  ): APIPromise<T> {
    return this.#core.onId(APPLICATION_ID, applicationId, name, options, (value) => build({ applicationId: value }));
  }

  #action(
    applicationId: string,
    action: 'redeploy' | 'restart-service' | 'stop',
    operation: CallSpec['operation'],
    method: string,
    options: RequestOptions | undefined,
  ): APIPromise<ServiceStatus> {
    return this.#on(applicationId, `applications.${method}`, options, (path) => ({
      operation,
      method: 'POST',
      send: (init) =>
        this.#core.api.POST(`/application/{applicationId}/${action}` as const, { ...init, params: { path } }),
      returns: 'body',
    }));
  }
}
