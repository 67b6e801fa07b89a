// What a first deploy of a new environment (a fresh clone) gives environments.deployServices():
// every service, each at the version its settings carry, since the API accepts a service without a
// version only once it has been deployed. One application may be given another commit (a pull
// request's). Used by examples/preview-environment.ts and counted by bench/requests.ts.
import type { EnvironmentDeployServicesParams, Qovery } from 'qovery';

/** Reads the environment's statuses, then lists only the kinds of service it has. */
export async function everyService(
  qovery: Qovery,
  environmentId: string,
  at: { applicationId: string; gitCommitId: string },
): Promise<EnvironmentDeployServicesParams> {
  const statuses = await qovery.environments.statuses(environmentId);
  // deployServices() does not take terraform services yet: leaving them out would not deploy them.
  if ((statuses.terraforms ?? []).length > 0) {
    throw new Error('this environment has terraform services: deploy it whole with environments.deploy()');
  }
  const listed = <T>(present: unknown[], list: () => Promise<T[]>) => (present.length > 0 ? list() : []);
  const [applications, containers, jobs, helms] = await Promise.all([
    listed(statuses.applications, () => qovery.applications.list({ environmentId })),
    listed(statuses.containers, () => qovery.containers.list({ environmentId })),
    listed(statuses.jobs, () => qovery.jobs.list({ environmentId })),
    listed(statuses.helms, () => qovery.helms.list({ environmentId })),
  ]);
  const commit = (id: string, deployed: string | null | undefined) =>
    id === at.applicationId ? at.gitCommitId : (deployed ?? undefined);
  return {
    applications: applications.map(({ id, git_repository }) => ({
      id,
      gitCommitId: commit(id, git_repository?.deployed_commit_id),
    })),
    containers: containers.map(({ id, tag }) => ({ id, imageTag: tag })),
    jobs: jobs.map(({ id, source }) =>
      'image' in source
        ? { id, imageTag: source.image.tag }
        : { id, gitCommitId: commit(id, source.docker.git_repository?.deployed_commit_id) },
    ),
    helms: helms.map(({ id, source }) =>
      'repository' in source
        ? { id, chartVersion: source.repository.chart_version }
        : { id, gitCommitId: commit(id, source.git.git_repository.deployed_commit_id) },
    ),
    databases: statuses.databases.map(({ id }) => id),
  };
}
