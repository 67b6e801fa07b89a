// Code generated from Qovery's contract calls operations by method and path: `client.request` takes
// any operation of openapi.yaml, typed from it (a wrong path, parameter or body field does not
// compile), through the SDK's auth, retries, typed errors and rate-limit figures.
//   QOVERY_API_TOKEN=qov_… npx tsx examples/codegen-escape-hatch.ts
import { type AnswerPaths, Qovery } from 'qovery';

const qovery = new Qovery();

// What a generator would emit: one typed helper per operation, keyed by its path. An answer is named
// from AnswerPaths, where an optional field may also be null, as the real API sends it.
type EnvironmentStatus =
  AnswerPaths['/environment/{environmentId}/status']['get']['responses'][200]['content']['application/json'];

async function environmentStatus(environmentId: string): Promise<EnvironmentStatus> {
  return qovery.request('get', '/environment/{environmentId}/status', { params: { path: { environmentId } } });
}

const organizations = await qovery.request('get', '/organization');
for (const organization of organizations.results ?? []) {
  const projects = await qovery.request('get', '/organization/{organizationId}/project', {
    params: { path: { organizationId: organization.id } },
  });
  for (const project of projects.results ?? []) {
    const environments = await qovery.request('get', '/project/{projectId}/environment', {
      params: { path: { projectId: project.id } },
    });
    for (const environment of environments.results ?? []) {
      const status = await environmentStatus(environment.id);
      console.log(`${organization.name}/${project.name}/${environment.name}: ${status.state}`);
    }
  }
}
