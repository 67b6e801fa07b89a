import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { nonEmpty } from '../schemas.js';
import type { ServiceStatus } from './environments.js';
import { type ServiceFindParams, ServiceKindResource } from './service-kinds.js';

/** A container: a service deployed from an image of a container registry (schema `ContainerResponse`). */
export type Container = components['schemas']['ContainerResponse'];

/** What `containers.deploy()` takes besides the container's id. */
export interface ContainerDeployParams {
  /** The image tag to deploy, for example the one CI just pushed. */
  imageTag: string;
}

/** `{ name, environmentId }`, or names: `{ project?, environment?, container }`. */
export type ContainerFindParams = ServiceFindParams<'container'>;

export const containerDeployInput = z.strictObject({ imageTag: nonEmpty });

/**
 * `client.containers`: the containers of an environment (services deployed from an image), their
 * status, and deploy (an image tag), redeploy, restart, stop.
 */
export class Containers extends ServiceKindResource<Container, 'container'> {
  constructor(core: ClientCore) {
    super(core, 'container');
  }

  /**
   * Deploys the container at an image tag (deployContainer). Resolves once queued, with the status
   * carrying the `deployment_request_id` that `deployments.wait()` follows; a deployment already
   * running makes this a `ConflictError`. Never retried, like every action.
   */
  deploy(containerId: string, params: ContainerDeployParams, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.deployWith(
      containerId,
      params,
      containerDeployInput,
      ({ imageTag }) => ({ image_tag: imageTag }),
      options,
    );
  }

  /** Restarts the container without redeploying it (rebootContainer). */
  restart(containerId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.restartService(containerId, options);
  }
}
