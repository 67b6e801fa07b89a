import * as z from 'zod/mini';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { helmVersionBody, helmVersionFields } from './deploy-versions.js';
import type { ServiceStatus } from './environments.js';
import { type ServiceFindParams, ServiceKindResource, type ServiceLink } from './service-kinds.js';

/** A helm chart deployed in an environment (schema `HelmResponse`). */
export type Helm = AnswerComponents['schemas']['HelmResponse'];

/**
 * What `helms.deploy()` takes besides the chart's id, as the contract allows (HelmDeployRequest):
 * a chart version for a chart from a repository, a git commit for one from git, and the commit
 * of the values override; none of them deploys what the chart is set to.
 */
export interface HelmDeployParams {
  /** The chart version to deploy (a chart from a helm repository). */
  chartVersion?: string;
  /** The commit to deploy (a chart from a git repository). */
  gitCommitId?: string;
  /** The commit of the values override file, when it lives in git. */
  valuesOverrideGitCommitId?: string;
}

/** `{ name, environmentId }`, or names: `{ project?, environment?, helm }`. */
export type HelmFindParams = ServiceFindParams<'helm'>;

const helmDeployInput = z.strictObject(helmVersionFields);

/**
 * `client.helms`: the helm charts of an environment, their status, and deploy (a chart version or a
 * git commit), redeploy, stop. The contract has no restart for helm charts.
 */
export class Helms extends ServiceKindResource<Helm, 'helm'> {
  constructor(core: ClientCore) {
    super(core, 'helm');
  }

  /** The chart's public URLs (listHelmLinks). */
  links(helmId: string, options?: RequestOptions): APIPromise<ServiceLink[]> {
    return this.linksOf(helmId, options);
  }

  /** Deploys the chart (deployHelm). Never retried, like every action. */
  deploy(helmId: string, params: HelmDeployParams = {}, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.deployWith(helmId, params, helmDeployInput, helmVersionBody, options);
  }
}
