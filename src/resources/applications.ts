import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { nonEmpty } from '../schemas.js';
import type { ServiceStatus } from './environments.js';
import { type ServiceFindParams, ServiceKindResource, type ServiceListParams } from './service-kinds.js';

/** An application: a service built from a git repository and deployed in an environment (schema `Application`). */
export type Application = components['schemas']['Application'];

/** What `applications.list()` takes. */
export type ApplicationListParams = ServiceListParams;

/** What `applications.deploy()` takes besides the application's id. */
export interface ApplicationDeployParams {
  /** The commit to build and deploy, for example `process.env.GITHUB_SHA`. */
  gitCommitId: string;
}

/**
 * `{ name, environmentId }`, or names as said in a pipeline: `{ project, environment, application }`
 * (`project` and `environment` optional when the application's name alone is unambiguous).
 */
export type ApplicationFindParams = ServiceFindParams<'application'>;

export const deployInput = z.strictObject({ gitCommitId: nonEmpty });

/**
 * `client.applications`: the applications of an environment (services built from git), their
 * status, and deploy, redeploy, restart, stop.
 */
export class Applications extends ServiceKindResource<Application, 'application'> {
  constructor(core: ClientCore) {
    super(core, 'application');
  }

  /**
   * Builds and deploys the application at a git commit (deployApplication). Resolves once queued,
   * with the status carrying the `deployment_request_id` that `deployments.wait()` follows; a
   * deployment already running makes this a `ConflictError`. Never retried, like every action.
   */
  deploy(applicationId: string, params: ApplicationDeployParams, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.deployWith(
      applicationId,
      params,
      deployInput,
      ({ gitCommitId }) => ({ git_commit_id: gitCommitId }),
      options,
    );
  }

  /** Restarts the application without rebuilding it (rebootApplication). */
  restart(applicationId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.restartService(applicationId, options);
  }
}
