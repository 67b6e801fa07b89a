/**
 * Every operation the namespaces wrap, with the SDK call that makes it: the tests of answers
 * (test/malformed-answers.test.ts, test/real-answers.test.ts) run each through all of them.
 */
import type { WRAPPED_OPERATIONS } from '../generated/wrapped-operations.js';
import type { Qovery } from '../src/index.js';
import type { QoveryMock } from '../src/testing/index.js';

export type Operation = keyof typeof WRAPPED_OPERATIONS;

const named = <T extends { name: string }>(items: T[], name: string): T => {
  const found = items.find((item) => item.name === name);
  if (!found) throw new Error(`no ${name} in the scene`);
  return found;
};
const idsIn = (mock: QoveryMock) => {
  const production = named(mock.state.environments, 'production');
  const api = mock.state.applications.find((a) => a.name === 'api' && a.environment.id === production.id);
  const deployment = mock.state.deployments.at(-1);
  if (!api || !deployment) throw new Error('scene without the api application or a deployment');
  const inProduction = <T extends { id: string; name: string; environment: { id: string } }>(
    items: T[],
    name: string,
  ) =>
    named(
      items.filter((item) => item.environment.id === production.id),
      name,
    ).id;
  return {
    projectId: named(mock.state.projects, 'Backend').id,
    environmentId: production.id,
    applicationId: api.id,
    containerId: inProduction(mock.state.containers, 'worker'),
    jobId: inProduction(mock.state.jobs as { name: string; environment: { id: string }; id: string }[], 'migrate'),
    databaseId: inProduction(mock.state.databases, 'db'),
    helmId: inProduction(mock.state.helms, 'redis'),
    deploymentRequestId: deployment.id,
    variableId: named(
      mock.state.variables.map((v) => ({ ...v, name: v.key })),
      'LOG_LEVEL',
    ).id,
  };
};
const COMMIT = '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345';
const drain = async (items: AsyncIterable<unknown>) => {
  const out: unknown[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/**
 * Every wrapped call on the DEPLOY_SCENE of `mock`: the operation whose answer a test tampers with,
 * and how the SDK is called (its ids read from the mock `current()` gives when the call runs).
 */
export function wrappedCalls(current: () => QoveryMock): Array<[Operation, (q: Qovery) => Promise<unknown>]> {
  const ids = () => idsIn(current());
  return [
    ['listOrganization', (q) => q.organization.list()],
    ['getOrganization', (q) => q.organization.get()],
    ['editOrganization', (q) => q.organization.update({ description: 'Rockets' })],
    ['listOrganizationAvailableRoles', (q) => q.organization.roles()],
    ['listOrganizationCluster', (q) => q.clusters.list()],
    ['listProject', (q) => q.projects.list()],
    ['createProject', (q) => q.projects.create({ name: 'new' })],
    ['getProject', (q) => q.projects.get(ids().projectId)],
    ['editProject', (q) => q.projects.update(ids().projectId, { name: 'Backend' })],
    ['deleteProject', (q) => q.projects.delete(ids().projectId)],
    ['listOrganizationApiTokens', (q) => q.apiTokens.list()],
    ['createOrganizationApiToken', (q) => q.apiTokens.create({ name: 'CI' })],
    ['deleteOrganizationApiToken', (q) => q.apiTokens.delete(current().state.apiTokens[1]?.id ?? '')],
    ['listEnvironment', (q) => q.environments.list({ projectId: ids().projectId })],
    ['getEnvironment', (q) => q.environments.get(ids().environmentId)],
    ['getEnvironmentStatus', (q) => q.environments.status(ids().environmentId)],
    ['getEnvironmentStatuses', (q) => q.environments.statuses(ids().environmentId)],
    ['deployEnvironment', (q) => q.environments.deploy(ids().environmentId)],
    [
      'deployAllServices',
      (q) =>
        q.environments.deployServices(ids().environmentId, {
          applications: [{ id: ids().applicationId, gitCommitId: COMMIT }],
        }),
    ],
    ['stopEnvironment', (q) => q.environments.stop(ids().environmentId)],
    [
      'cancelEnvironmentDeployment',
      async (q) => {
        await q.environments.deploy(ids().environmentId);
        return q.environments.cancel(ids().environmentId);
      },
    ],
    ['getEnvironmentStatusesWithStages', (q) => q.environments.stages(ids().environmentId)],
    ['listEnvironmentLogs', (q) => q.deployments.logs({ environmentId: ids().environmentId })],
    ['redeployEnvironment', (q) => q.environments.redeploy(ids().environmentId)],
    ['listApplication', (q) => q.applications.list({ environmentId: ids().environmentId })],
    ['getApplication', (q) => q.applications.get(ids().applicationId)],
    ['getApplicationStatus', (q) => q.applications.status(ids().applicationId)],
    ['deployApplication', (q) => q.applications.deploy(ids().applicationId, { gitCommitId: COMMIT })],
    ['redeployApplication', (q) => q.applications.redeploy(ids().applicationId)],
    ['rebootApplication', (q) => q.applications.restart(ids().applicationId)],
    ['stopApplication', (q) => q.applications.stop(ids().applicationId)],
    ['listContainer', (q) => q.containers.list({ environmentId: ids().environmentId })],
    ['getContainer', (q) => q.containers.get(ids().containerId)],
    ['getContainerStatus', (q) => q.containers.status(ids().containerId)],
    ['deployContainer', (q) => q.containers.deploy(ids().containerId, { imageTag: '2.0.0' })],
    ['redeployContainer', (q) => q.containers.redeploy(ids().containerId)],
    ['rebootContainer', (q) => q.containers.restart(ids().containerId)],
    ['stopContainer', (q) => q.containers.stop(ids().containerId)],
    ['listJobs', (q) => q.jobs.list({ environmentId: ids().environmentId })],
    ['getJob', (q) => q.jobs.get(ids().jobId)],
    ['getJobStatus', (q) => q.jobs.status(ids().jobId)],
    ['deployJob', (q) => q.jobs.deploy(ids().jobId, { imageTag: '2.0.0' })],
    ['redeployJob', (q) => q.jobs.redeploy(ids().jobId)],
    ['stopJob', (q) => q.jobs.stop(ids().jobId)],
    ['listDatabase', (q) => q.databases.list({ environmentId: ids().environmentId })],
    ['getDatabase', (q) => q.databases.get(ids().databaseId)],
    ['getDatabaseStatus', (q) => q.databases.status(ids().databaseId)],
    ['deployDatabase', (q) => q.databases.deploy(ids().databaseId)],
    ['redeployDatabase', (q) => q.databases.redeploy(ids().databaseId)],
    ['rebootDatabase', (q) => q.databases.restart(ids().databaseId)],
    ['stopDatabase', (q) => q.databases.stop(ids().databaseId)],
    ['listHelms', (q) => q.helms.list({ environmentId: ids().environmentId })],
    ['getHelm', (q) => q.helms.get(ids().helmId)],
    ['getHelmStatus', (q) => q.helms.status(ids().helmId)],
    ['deployHelm', (q) => q.helms.deploy(ids().helmId, { chartVersion: '18.1.0' })],
    ['redeployHelm', (q) => q.helms.redeploy(ids().helmId)],
    ['stopHelm', (q) => q.helms.stop(ids().helmId)],
    ['listServicesByOrganizationId', (q) => q.services.list()],
    ['cloneEnvironment', (q) => q.environments.clone(ids().environmentId, { name: 'pr-1' })],
    ['deleteEnvironment', (q) => q.environments.delete(ids().environmentId)],
    ['listEnvironmentServicesLinks', (q) => q.environments.links(ids().environmentId)],
    ['listApplicationLinks', (q) => q.applications.links(ids().applicationId)],
    ['listContainerLinks', (q) => q.containers.links(ids().containerId)],
    ['listHelmLinks', (q) => q.helms.links(ids().helmId)],
    ['editApplication', (q) => q.applications.update(ids().applicationId, { branch: 'feature' })],
    ['editContainer', (q) => q.containers.update(ids().containerId, { tag: 'pr-1' })],
    ['listVariables', (q) => q.variables.list({ environmentId: ids().environmentId })],
    ['createVariable', (q) => q.variables.create({ environmentId: ids().environmentId }, { key: 'NEW', value: 'v' })],
    ['editVariable', (q) => q.variables.update(ids().variableId, { key: 'LOG_LEVEL', value: 'debug' })],
    ['deleteVariable', (q) => q.variables.delete(ids().variableId)],
    [
      'createVariableAlias',
      (q) => q.variables.alias(ids().variableId, { environmentId: ids().environmentId }, 'LEVEL'),
    ],
    [
      'createVariableOverride',
      (q) => q.variables.override(ids().variableId, { environmentId: ids().environmentId }, 'debug'),
    ],
    ['getDeploymentStatusByDeploymentRequestId', (q) => q.deployments.status(ids().deploymentRequestId)],
    ['listEnvironmentDeploymentHistoryV2', (q) => q.deployments.list({ environmentId: ids().environmentId })],
    ['listApplicationDeploymentHistoryV2', (q) => q.deployments.list({ applicationId: ids().applicationId })],
    [
      'listEnvironmentDeploymentHistory',
      (q) => drain(q.deployments.history({ environmentId: ids().environmentId, limit: 3 })),
    ],
    [
      'listApplicationDeploymentHistory',
      (q) => drain(q.deployments.history({ applicationId: ids().applicationId, limit: 3 })),
    ],
  ];
}
