import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import type { ServiceStatus } from './environments.js';
import { type ServiceFindParams, ServiceKindResource } from './service-kinds.js';

/** A database, managed by the cloud provider or run as a container (schema `Database`). */
export type Database = AnswerComponents['schemas']['Database'];

/** `{ name, environmentId }`, or names: `{ project?, environment?, database }`. */
export type DatabaseFindParams = ServiceFindParams<'database'>;

/** `client.databases`: the databases of an environment, their status, and deploy, redeploy, restart, stop. */
export class Databases extends ServiceKindResource<Database, 'database'> {
  constructor(core: ClientCore) {
    super(core, 'database');
  }

  /**
   * Deploys the database as it is configured (deployDatabase: a database deploys from nothing but
   * its settings). Never retried, like every action.
   */
  deploy(databaseId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.deployAsIs(databaseId, options);
  }

  /** Restarts the database (rebootDatabase). */
  restart(databaseId: string, options?: RequestOptions): APIPromise<ServiceStatus> {
    return this.restartService(databaseId, options);
  }
}
