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
  settingsOf,
  type UpdateOptions,
} from './service-kinds.js';

/** A container: a service deployed from an image of a container registry (schema `ContainerResponse`). */
export type Container = AnswerComponents['schemas']['ContainerResponse'];

/** What `containers.deploy()` takes besides the container's id. */
export interface ContainerDeployParams {
  /** The image tag to deploy, for example the one CI just pushed. */
  imageTag: string;
}

/** `{ name, environmentId }`, or names: `{ project?, environment?, container }`. */
export type ContainerFindParams = ServiceFindParams<'container'>;

/** What `containers.update()` changes; everything else is kept as it is. */
export interface ContainerChanges {
  /** The image tag the container runs, for example a pull request's build. */
  tag?: string;
  /** The image's name in its registry. */
  imageName?: string;
}

export const containerDeployInput = z.strictObject({ imageTag: nonEmpty });
const containerChangesInput = z.strictObject({ tag: z.optional(nonEmpty), imageName: z.optional(nonEmpty) });

/** The settings ContainerRequest takes, as a ContainerResponse record has them. */
const EDITABLE = [
  'name',
  'description',
  'arguments',
  'entrypoint',
  'cpu',
  'memory',
  'gpu',
  'ephemeral_storage_in_gib',
  'cpu_architecture',
  'min_running_instances',
  'max_running_instances',
  'healthchecks',
  'auto_preview',
  'auto_deploy',
  'icon_uri',
  'storage',
  'ports',
] as const;

/** The whole container as editContainer takes it, with `changes` applied. */
function editBody(container: Container, changes: ContainerChanges): Record<string, unknown> {
  return {
    ...settingsOf(container, EDITABLE),
    annotations_groups: groupIds(container.annotations_groups),
    labels_groups: groupIds(container.labels_groups),
    // Left out when the record names no registry: the API then says what it misses (a 400).
    registry_id: container.registry_id ?? container.registry?.id,
    image_name: changes.imageName ?? container.image_name,
    tag: changes.tag ?? container.tag,
  };
}

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

  /**
   * Changes the container's image tag (or image), keeping every other setting: reads it, then
   * writes it back whole (getContainer, editContainer); when it runs that tag already, nothing is
   * written. Deploy afterwards to run it. With `ifUpdatedAt`, a change made since the caller read it
   * is a `StaleUpdateError`.
   */
  update(containerId: string, changes: ContainerChanges, options?: UpdateOptions): Promise<Container> {
    const checked = parseInput(containerChangesInput, changes, 'containers.update');
    return this.updateWith(
      containerId,
      (container) => editBody(container, checked),
      (container) =>
        (checked.tag === undefined || container.tag === checked.tag) &&
        (checked.imageName === undefined || container.image_name === checked.imageName),
      options,
    );
  }

  /** The container's public URLs (listContainerLinks). */
  links(containerId: string, options?: RequestOptions): APIPromise<ServiceLink[]> {
    return this.linksOf(containerId, options);
  }

  /** Restarts the container without redeploying it (rebootContainer). */
  restart(containerId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.restartService(containerId, options);
  }
}
