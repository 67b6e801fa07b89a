import * as z from 'zod/mini';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { nonEmpty, parseInput } from '../schemas.js';
import type { ServiceStatus } from './environments.js';
import {
  groupIds,
  type ServiceFindParams,
  ServiceKindResource,
  type ServiceLink,
  type ServiceListParams,
  settingsOf,
  type UpdateOptions,
} from './service-kinds.js';

/** An application: a service built from a git repository and deployed in an environment (schema `Application`). */
export type Application = AnswerComponents['schemas']['Application'];

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

/** What `applications.update()` changes; everything else is kept as it is. */
export interface ApplicationChanges {
  /** The git branch to build from, for example a pull request's head branch. */
  branch?: string;
}

export const deployInput = z.strictObject({ gitCommitId: nonEmpty });
const applicationChangesInput = z.strictObject({ branch: z.optional(nonEmpty) });

/** The settings ApplicationEditRequest takes, as an Application record has them. */
const EDITABLE = [
  'name',
  'description',
  'build_mode',
  'dockerfile_path',
  'cpu',
  'memory',
  'gpu',
  'ephemeral_storage_in_gib',
  'min_running_instances',
  'max_running_instances',
  'healthchecks',
  'auto_preview',
  'ports',
  'arguments',
  'entrypoint',
  'auto_deploy',
  'icon_uri',
  'docker_target_build_stage',
  'cpu_architecture',
  'storage',
] as const;

/** The whole application as editApplication takes it, with `changes` applied. */
function editBody(application: Application, changes: ApplicationChanges): Record<string, unknown> {
  const repository = application.git_repository;
  return {
    ...settingsOf(application, EDITABLE),
    annotations_groups: groupIds(application.annotations_groups),
    labels_groups: groupIds(application.labels_groups),
    ...(repository && {
      git_repository: {
        ...settingsOf(repository, ['url', 'owner', 'name', 'root_path', 'provider', 'git_token_id']),
        branch: changes.branch ?? repository.branch,
      },
    }),
  };
}

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

  /**
   * Changes the application's git branch, keeping every other setting: reads it, then writes it back
   * whole (getApplication, editApplication); when it is on that branch already, nothing is written.
   * Deploy afterwards to build the branch. With `ifUpdatedAt`, a change made since the caller read
   * it is a `StaleUpdateError`.
   */
  update(applicationId: string, changes: ApplicationChanges, options?: UpdateOptions): Promise<Application> {
    const checked = parseInput(applicationChangesInput, changes, 'applications.update');
    return this.updateWith(
      applicationId,
      (application) => editBody(application, checked),
      (application) => checked.branch === undefined || application.git_repository?.branch === checked.branch,
      options,
    );
  }

  /** The application's public URLs (listApplicationLinks). */
  links(applicationId: string, options?: RequestOptions): APIPromise<ServiceLink[]> {
    return this.linksOf(applicationId, options);
  }

  /** Restarts the application without rebuilding it (rebootApplication). */
  restart(applicationId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.restartService(applicationId, options);
  }
}
