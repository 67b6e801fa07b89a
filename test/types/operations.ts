/**
 * Type-level tests, checked by `npm run typecheck`: calls by operationId and by method and path are
 * typed from the contract. Each operation has a correct call that compiles and wrong ones that must
 * not (`@ts-expect-error` fails the check if the line compiles, so the types cannot be `any`).
 * Fourteen operations across thirteen tags.
 */
import type { Client, ClientPathsWithMethod } from 'openapi-fetch';
import type { paths } from '../../generated/qovery-api.js';
import type { Qovery } from '../../src/index.js';
import { operations } from '../../src/operations.js';
import type { HttpMethod, OperationPath } from '../../src/raw-request.js';
import type { Same } from './same.js';

declare const qovery: Qovery;
const api = operations(qovery);
const id = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00';
const path = (name: string) => ({ [name]: id });

export async function typeTests(): Promise<void> {
  // Application Actions: deploy at a git commit.
  const deployed = await api.deployApplication({
    params: { path: { applicationId: id } },
    body: { git_commit_id: 'abc' },
  });
  const state: string = deployed.state;
  // @ts-expect-error the body field is git_commit_id
  await api.deployApplication({ params: { path: { applicationId: id } }, body: { commit: 'abc' } });
  // The contract does not mark this body as required.
  await api.deployApplication({ params: { path: { applicationId: id } } });

  // Container Actions: deploy an image tag.
  await api.deployContainer({ params: { path: { containerId: id } }, body: { image_tag: 'v1.2.3' } });
  // @ts-expect-error image_tag is a string
  await api.deployContainer({ params: { path: { containerId: id } }, body: { image_tag: 123 } });

  // Environment Actions: clone, with defaults left out (apply_deployment_rule has a default).
  await api.cloneEnvironment({ params: { path: { environmentId: id } }, body: { name: 'preview-42' } });
  // @ts-expect-error mode is an enum
  await api.cloneEnvironment({ params: { path: { environmentId: id } }, body: { name: 'x', mode: 'LIVE' } });

  // Container Environment Variable: create one (mount_path has a default, so it may be left out).
  await api.createContainerEnvironmentVariable({
    params: { path: { containerId: id } },
    body: { key: 'A', value: 'b' },
  });
  // @ts-expect-error key is required
  await api.createContainerEnvironmentVariable({ params: { path: { containerId: id } }, body: { value: 'b' } });

  // Job Actions: trigger a job, with its query parameter.
  await api.deployJob({ params: { path: { jobId: id }, query: { forceEvent: 'START' } }, body: { image_tag: 'v2' } });
  // @ts-expect-error forceEvent is an enum
  await api.deployJob({ params: { path: { jobId: id }, query: { forceEvent: 'GO' } }, body: {} });

  // Database Actions: restart.
  await api.rebootDatabase({ params: { path: { databaseId: id } } });
  // @ts-expect-error the path parameter is databaseId
  await api.rebootDatabase({ params: { path: { applicationId: id } } });

  // Clusters: list those of an organization.
  const clusters = await api.listOrganizationCluster({ params: { path: { organizationId: id } } });
  const clusterNames: string[] = (clusters.results ?? []).map((c) => c.name);
  // @ts-expect-error organizationId is required
  await api.listOrganizationCluster({ params: { path: {} } });

  // Application Deployment History: a V2 page.
  const page = await api.listApplicationDeploymentHistoryV2({
    params: { path: { applicationId: id }, query: { pageSize: 5 } },
  });
  const pageSize: number = page.page_size;
  await api.listApplicationDeploymentHistoryV2({
    // @ts-expect-error pageSize is a number
    params: { path: { applicationId: id }, query: { pageSize: 'five' } },
  });

  // Database Deployment History: the V1 cursor.
  await api.listDatabaseDeploymentHistory({ params: { path: { databaseId: id }, query: { startId: id } } });
  // @ts-expect-error there is no page parameter
  await api.listDatabaseDeploymentHistory({ params: { path: { databaseId: id }, query: { page: 2 } } });
  // @ts-expect-error the container history takes no cursor at all
  await api.listContainerDeploymentHistory({ params: { path: { containerId: id }, query: { startId: id } } });

  // Environments: create one in a project.
  const created = await api.createEnvironment({ params: { path: { projectId: id } }, body: { name: 'staging' } });
  const environmentName: string = created.name;
  // @ts-expect-error name is required
  await api.createEnvironment({ params: { path: { projectId: id } }, body: { mode: 'STAGING' } });

  // Project Main Calls: edit, a PUT.
  await api.editProject({ params: { path: { projectId: id } }, body: { name: 'web' } });
  // @ts-expect-error description is a string
  await api.editProject({ params: { path: { projectId: id } }, body: { name: 'web', description: 1 } });

  // Organization Event: events with the continue token.
  await api.getOrganizationEvents({
    params: { path: { organizationId: id }, query: { pageSize: 10, continueToken: 'x' } },
  });

  // Organization Main Calls: no parameters at all, so no init.
  const organizations = await api.listOrganization();
  const organizationNames: string[] = (organizations.results ?? []).map((o) => o.name);

  // Deleting answers nothing.
  const nothing: undefined = await api.deleteProject({ params: { path: { projectId: id } } });

  // A file download is a Blob.
  const archive: Blob = await api.exportEnvironmentConfigurationIntoTerraform({
    params: { path: { environmentId: id }, query: { exportSecrets: false } },
  });
  // A text answer is a string.
  const helmValues: string = await api.createHelmDefaultValues({
    params: { path: { environmentId: id } },
    body: { source: { helm_repository: { chart_name: 'nginx' } } },
  });
  // @ts-expect-error not a Blob
  const helmBlob: Blob = await api.createHelmDefaultValues({
    params: { path: { environmentId: id } },
    body: { source: { helm_repository: { chart_name: 'nginx' } } },
  });
  // openapi-fetch's own options would send the credential elsewhere: not accepted.
  // @ts-expect-error baseUrl is not an option of a call
  await api.listOrganization({ baseUrl: 'https://elsewhere.example' });

  // Names that are not operations do not exist.
  // @ts-expect-error no such operation
  await api.deployApplications({ params: { path: path('applicationId') } });

  // The same by method and path.
  await qovery.request('post', '/container/{containerId}/deploy', {
    params: { path: { containerId: id } },
    body: { image_tag: 'v1' },
  });
  // @ts-expect-error no such path
  await qovery.request('post', '/containers/{containerId}/deploy', {
    params: { path: { containerId: id } },
    body: { image_tag: 'v1' },
  });

  void [state, clusterNames, pageSize, environmentName, organizationNames, nothing, archive, helmValues, helmBlob];
}

// The generated paths by method are exactly what openapi-fetch works out from the contract, for
// each method and for unions of methods (a path must then have them all); `any` on either side fails.
type ByOpenapiFetch<M extends HttpMethod> = ClientPathsWithMethod<Client<paths>, M>;
export const pathsByMethodMatch: {
  [M in HttpMethod]: Same<OperationPath<M>, ByOpenapiFetch<M>>;
} & {
  getOrDelete: Same<OperationPath<'get' | 'delete'>, ByOpenapiFetch<'get' | 'delete'>>;
  putOrPost: Same<OperationPath<'put' | 'post'>, ByOpenapiFetch<'put' | 'post'>>;
} = { get: true, put: true, post: true, delete: true, patch: true, getOrDelete: true, putOrPost: true };
export async function methodUnionTests(method: 'get' | 'delete'): Promise<void> {
  // @ts-expect-error there is no DELETE /organization
  await qovery.request(method, '/organization');
}
