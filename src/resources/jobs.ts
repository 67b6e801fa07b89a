import * as z from 'zod/mini';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { jobVersionBody, jobVersionFields, oneJobSource } from './deploy-versions.js';
import type { ServiceStatus } from './environments.js';
import { type ServiceFindParams, ServiceKindResource } from './service-kinds.js';

/** A job, run on each deployment (lifecycle) or on a schedule (cron) (schema `JobResponse`). */
export type Job = AnswerComponents['schemas']['JobResponse'];

/**
 * What `jobs.deploy()` takes besides the job's id: the image tag for a job built from an image,
 * the git commit for one built from a repository, or neither to deploy what it is set to.
 */
export type JobDeployParams =
  | {
      /** The image tag to deploy (a job whose source is an image). */
      imageTag: string;
      /** Not with `imageTag`: a job deploys from one source. */
      gitCommitId?: never;
    }
  | {
      /** The commit to build and deploy (a job whose source is a git repository). */
      gitCommitId: string;
      /** Not with `gitCommitId`: a job deploys from one source. */
      imageTag?: never;
    }
  | {
      /** Neither: the job deploys what it is set to. */
      imageTag?: never;
      /** Neither: the job deploys what it is set to. */
      gitCommitId?: never;
    };

/** `{ name, environmentId }`, or names: `{ project?, environment?, job }`. */
export type JobFindParams = ServiceFindParams<'job'>;

const jobDeployInput = z.strictObject(jobVersionFields).check(oneJobSource);

/**
 * `client.jobs`: the lifecycle and cron jobs of an environment, their status, and deploy (an image
 * tag or a git commit, by the job's source), redeploy, stop. The contract has no restart for jobs.
 */
export class Jobs extends ServiceKindResource<Job, 'job'> {
  constructor(core: ClientCore) {
    super(core, 'job');
  }

  /**
   * Deploys the job (deployJob) at an image tag or a git commit, or as it is set when neither is
   * given. Never retried, like every action.
   */
  deploy(jobId: string, params: JobDeployParams = {}, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.deployWith(jobId, params, jobDeployInput, jobVersionBody, options);
  }
}
