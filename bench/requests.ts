// Requests per workflow: Qovery allows 1,000 requests an hour per token, so what a workflow spends
// of them is what users feel. Each workflow runs against the embedded API, in this process, with a
// client whose fetch counts every request; waits run on a virtual clock (@sinonjs/fake-timers), so a
// 15-minute deployment takes milliseconds and the polls are the ones a real wait makes.
//
// Run alone: node --import tsx bench/requests.ts   (SHOW_REQUESTS=1 lists the preview workflow's requests)
import { pathToFileURL } from 'node:url';
import FakeTimers from '@sinonjs/fake-timers';
import { everyService } from '../examples/every-service.js';
import { DeploymentFailedError, Qovery } from '../src/index.js';
import {
  createQoveryMock,
  DEPLOY_SCENE,
  type QoveryMock,
  type QoveryMockOptions,
  SEED,
  type SeedOptions,
} from '../src/testing/index.js';
import type { Row } from './server.js';

const BASE_URL = 'https://api.qovery.test';
const MINUTE = 60_000;

/** A mock of `scene` on a clock of our own, and a client of it that counts what it sends. */
export function counted(
  scene: SeedOptions,
  options: { withOrganizationId?: boolean } & Pick<QoveryMockOptions, 'now' | 'lifecycle'> = {},
) {
  const { withOrganizationId, ...clock } = options;
  const mock: QoveryMock = createQoveryMock({ ...scene, rateLimit: false, ...clock });
  const sent: string[] = [];
  const client = new Qovery({
    apiToken: mock.adminToken,
    baseUrl: BASE_URL,
    ...(withOrganizationId === false ? {} : { organizationId: mock.organizationId }),
    fetch: (request: Request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return mock.fetch(request);
    },
  });
  return { mock, client, sent };
}

/** The longest a workflow may run on the virtual clock before the bench gives up on it. */
const VIRTUAL_LIMIT_MS = 2 * 60 * MINUTE;

/**
 * Runs `work` with timers and Date faked, advancing the virtual clock until it settles. The mock
 * answers in this process, so no socket or undici timer is involved; the SDK arms its timeouts with
 * setTimeout (src/retry.ts attemptSignal, not AbortSignal.timeout), so they run on this clock too.
 */
export async function onVirtualClock<T>(work: () => Promise<T>): Promise<T> {
  const clock = FakeTimers.install({
    now: Date.parse('2030-01-01T00:00:00Z'),
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  try {
    let settled = false;
    const result = work().finally(() => {
      settled = true;
    });
    // Let the work run to its next timer, then jump to it; never more than VIRTUAL_LIMIT_MS.
    const start = clock.now;
    while (!settled && clock.now - start < VIRTUAL_LIMIT_MS) await clock.tickAsync(250);
    if (!settled) {
      result.catch(() => {});
      throw new Error(`a workflow still ran after ${VIRTUAL_LIMIT_MS / MINUTE} virtual minutes`);
    }
    return await result;
  } finally {
    clock.uninstall();
  }
}

/** A scene of P projects × (E / P) environments, each with one service of every kind. */
function largeScene(projects: number, environmentsPerProject: number): SeedOptions {
  const project = (p: number) => `Project ${p + 1}`;
  const environments = Array.from({ length: projects * environmentsPerProject }, (_, i) => ({
    name: `env-${i + 1}`,
    project: project(Math.floor(i / environmentsPerProject)),
  }));
  const each = <T>(make: (environment: { name: string; project: string }) => T) => environments.map(make);
  return {
    projects: Array.from({ length: projects }, (_, p) => ({ name: project(p) })),
    environments,
    applications: each((e) => ({ name: 'api', environment: e.name, project: e.project })),
    containers: each((e) => ({
      name: 'worker',
      environment: e.name,
      project: e.project,
      image: 'acme/worker',
      tag: '1.0.0',
    })),
    jobs: each((e) => ({
      name: 'migrate',
      environment: e.name,
      project: e.project,
      source: 'image' as const,
      schedule: 'lifecycle' as const,
    })),
    databases: each((e) => ({
      name: 'db',
      environment: e.name,
      project: e.project,
      type: 'POSTGRESQL' as const,
      mode: 'CONTAINER' as const,
    })),
    helms: each((e) => ({
      name: 'redis',
      environment: e.name,
      project: e.project,
      source: 'repository' as const,
      chartVersion: '18.0.0',
    })),
  };
}

interface Workflow {
  name: string;
  /** The least the contract allows, and why. */
  least: number;
  budget?: number;
  run: () => Promise<number>;
}

function statusWorkflow(label: string, scene: SeedOptions, withOrganizationId: boolean): Workflow {
  const environments = scene.environments?.length ?? 0;
  // listServicesByOrganizationId names every service; getEnvironmentStatuses, one per environment
  // with services, gives their states; the contract has no organization-wide statuses call. Without
  // an organizationId the client must first find its organization (listOrganization).
  const least = 1 + environments + (withOrganizationId ? 0 : 1);
  return {
    name: `status report, ${label}${withOrganizationId ? '' : ', client without organizationId'}`,
    least,
    budget: least + 1,
    run: async () => {
      const { client, sent } = counted(scene, { withOrganizationId });
      const report = await client.status();
      if (report.services.some((service) => !service.name)) throw new Error('status: a service without a name');
      return sent.length;
    },
  };
}

/**
 * What deployments.wait() spends on a deployment that settles `seconds` after the deploy, with the
 * SDK's schedule (WAIT_DEFAULTS, src/resources/deployments.ts): a poll at once, then after 2 s, and
 * each pause 1.5× the last up to 15 s. Polls at 0, 2, 5, 9.5, 16.25, 26.375, 41.375 s, then every
 * 15 s: 7 + ceil((seconds - 41.375) / 15) polls past 41.375 s, e.g. 9 for 1 minute, 25 for 5, 65
 * for 15; so find + deploy + polls = 11, 27 and 67 requests (about 4 a minute once backed off).
 */
export function expectedPolls(seconds: number, interval = 2): number {
  let polls = 1;
  for (let at = 0, delay = interval; at < seconds; polls++) {
    at += delay;
    delay = Math.max(delay, Math.min(delay * 1.5, 15));
  }
  return polls;
}

/** Finds an application by name, deploys it, and waits on the virtual clock. */
function deployAndWait(minutes: number): Workflow {
  return {
    // The least: the organization's list of services to find it, the deploy, and one status read
    // that sees it settled. The contract has no call that waits, so a poller spends more: expected
    // here, 2 + expectedPolls(60 * minutes) (11, 27, 67 for 1, 5, 15 minutes).
    name: `deploy an application by name and wait, ${minutes} min deployment`,
    least: 3,
    run: () =>
      onVirtualClock(async () => {
        const { client, sent } = counted(DEPLOY_SCENE, {
          now: () => Date.now(),
          lifecycle: {
            queuedMs: MINUTE / 2,
            buildingMs: (minutes * MINUTE) / 2,
            deployingMs: (minutes * MINUTE) / 2 - MINUTE / 2,
          },
        });
        const found = await client.services.find({ name: 'web' });
        if (found.kind !== 'application') throw new Error(`web is a ${found.kind}`);
        const queued = await client.applications.deploy(found.id, { gitCommitId: 'a'.repeat(40) });
        await client.deployments.wait(
          { applicationId: found.id, deploymentRequestId: queued.deployment_request_id },
          { timeout: 2 * 60 * MINUTE },
        );
        return sent.length;
      }),
  };
}

/**
 * A CI step that deploys an application by name, sees it fail at the build one minute in, and then
 * explains the deployment, as `qovery-sdk application deploy --wait` then `environment deployment
 * explain` do: the wait reads why it failed (one logs read, in DeploymentFailedError.reason), and
 * explain reads the logs and the environment's history.
 */
function deployFailExplain(): Workflow {
  return {
    // The least: the organization's list of services to find it (1), the deploy (1), one status
    // read that sees it failed (1), its logs (1), and the environment's history for the stages'
    // state and duration (1). The SDK reads the logs twice, once for the failure's reason and once
    // to explain (+1), and polls as a wait does (expectedPolls(60) - 1 more).
    name: 'deploy an application by name, fail at the build after 1 min, explain',
    least: 5,
    run: () =>
      onVirtualClock(async () => {
        const { client, sent, mock } = counted(DEPLOY_SCENE, {
          now: () => Date.now(),
          lifecycle: { queuedMs: MINUTE / 4, buildingMs: (3 * MINUTE) / 4, deployingMs: MINUTE / 2 },
        });
        const found = await client.services.find({ name: 'web' });
        mock.failNext({ applicationId: found.id, state: 'BUILD_ERROR', reason: { message: 'no Dockerfile' } });
        const queued = await client.applications.deploy(found.id, { gitCommitId: 'c'.repeat(40) });
        const failed = await client.deployments
          .wait(
            { applicationId: found.id, deploymentRequestId: queued.deployment_request_id },
            { timeout: 20 * MINUTE },
          )
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        if (!(failed instanceof DeploymentFailedError) || failed.reason?.message !== 'no Dockerfile')
          throw new Error(`the deployment did not fail with its reason: ${String(failed)}`);
        const environmentId = mock.state.applications.find((a) => a.id === found.id)?.environment.id as string;
        const explained = await client.deployments.explain({ environmentId });
        if (explained.errors[0]?.message !== 'no Dockerfile') throw new Error('explain lost the reason');
        return sent.length;
      }),
  };
}

/**
 * What examples/preview-environment.ts does on a pull request, call for call, against one mock: find
 * staging, clone it (or reuse the clone), point the application at the branch, set a variable and a
 * secret, deploy (the first time every service of the clone as one request, the application at the
 * pull request's commit; later the application alone, when its commit is not the one deployed), wait
 * on the SDK's schedule, read the links. Returns the requests of the first run and of a re-run at the same commit.
 */
async function previewRuns(): Promise<[number, number]> {
  return onVirtualClock(async () => {
    const { client, sent } = counted(DEPLOY_SCENE, {
      now: () => Date.now(),
      lifecycle: { queuedMs: 10_000, buildingMs: 2 * MINUTE, deployingMs: MINUTE },
    });
    const sha = 'b'.repeat(40);
    const open = async () => {
      const before = sent.length;
      const source = await client.environments.find({ project: 'Backend', environment: 'staging' });
      const { environment, created } = await client.environments.ensureClone(source.id, {
        name: 'pr-7',
        mode: 'PREVIEW',
        projectId: source.project.id,
      });
      let app = await client.applications.find({ name: 'api', environmentId: environment.id });
      if (app.git_repository?.branch !== 'feature/x')
        app = await client.applications.update(app.id, { branch: 'feature/x' }, { ifUpdatedAt: app.updated_at });
      await client.variables.set({ environmentId: environment.id }, 'PR_NUMBER', '7');
      await client.variables.set({ applicationId: app.id }, 'API_KEY', 'preview-secret-not-real', { secret: true });
      const wait = { timeout: 20 * MINUTE };
      if (created) {
        const services = await everyService(client, environment.id, { applicationId: app.id, gitCommitId: sha });
        const queued = await client.environments.deployServices(environment.id, services);
        await client.deployments.wait(
          { environmentId: environment.id, deploymentRequestId: queued.deployment_request_id },
          wait,
        );
      } else if (app.git_repository?.deployed_commit_id !== sha) {
        const queued = await client.applications.deploy(app.id, { gitCommitId: sha });
        await client.deployments.wait(
          { applicationId: app.id, deploymentRequestId: queued.deployment_request_id },
          wait,
        );
      }
      await client.applications.links(app.id);
      if (process.env.SHOW_REQUESTS) console.log(sent.slice(before).join('\n'), '\n---');
      return sent.length - before;
    };
    return [await open(), await open()];
  });
}

export async function requestsPerWorkflow(): Promise<Row[]> {
  const workflows: Workflow[] = [
    statusWorkflow('DEPLOY_SCENE (P=1, E=2, S=8)', DEPLOY_SCENE, true),
    statusWorkflow('DEPLOY_SCENE (P=1, E=2, S=8)', DEPLOY_SCENE, false),
    statusWorkflow('P=2, E=10, S=50', largeScene(2, 5), true),
    {
      // listServicesByOrganizationId: every service with its name and kind in one call.
      name: 'find a service by name, any kind (services.find)',
      least: 1,
      run: async () => {
        const { client, sent } = counted(DEPLOY_SCENE);
        await client.services.find({ name: 'worker' });
        return sent.length;
      },
    },
    {
      // The organization's list of services finds the id (1); its summary is not a container, so
      // getContainer (1) gives the container itself.
      name: 'find a container by names (containers.find({ project, environment, container }))',
      least: 2,
      run: async () => {
        const { client, sent } = counted(DEPLOY_SCENE);
        await client.containers.find({ project: 'Backend', environment: 'production', container: 'worker' });
        return sent.length;
      },
    },
    ...[1, 5, 15].map(deployAndWait),
    deployFailExplain(),
  ];
  const [firstRun, reRun] = await previewRuns();
  workflows.push(
    {
      // The least: the projects (1) and their environments (1), the clone (1), the clone's applications
      // (1, with the branch and each one's commit), the branch written (1), the variables seen at the
      // application (1) and the two created (2), the statuses, which name the clone's other services
      // (1; a kind the clone has besides applications and databases costs a list more, for the
      // versions a service never deployed must be given), one deploy of them all with the application
      // at the commit (deployAllServices, 1), one status read that sees it done (1), the links (1).
      // The example spends 32 with 190-second deployments: ensureClone lists the environments again
      // (+1), update reads the application before writing it (+1), the variables are listed once per
      // scope (+1), the applications are listed again for their commits (+1), and the wait polls 17
      // times (expectedPolls(190)) instead of once (+16). (Deploying the environment, then the
      // application at the commit, and waiting for each, as the example did before deployServices,
      // cost 48.)
      name: 'preview environment, first run (examples/preview-environment.ts, 190 s deployments)',
      least: 12,
      run: async () => firstRun,
    },
    {
      // The least: the projects and their environments (2), the applications (1), the variables seen
      // at the application, which include the environment's (1), the secret written again since it
      // cannot be read back (1), the links (1). The example spends 8: the environments listed twice,
      // by environments.find and ensureClone (+1), and the variables listed once per scope (+1).
      name: 'preview environment, re-run at the same commit (examples/preview-environment.ts)',
      least: 6,
      run: async () => reRun,
    },
    {
      // As examples/rotate-token.ts does, given the old token's id: its description and role to
      // copy (the contract reads a token only through the list: 1), the new token (1), the old one's
      // delete (1). Without keeping its role, 2.
      name: 'token rotation (examples/rotate-token.ts: list, create, delete)',
      least: 3,
      run: async () => {
        const { client, sent, mock } = counted(DEPLOY_SCENE);
        const old = (await client.apiTokens.list()).find((token) => token.id === SEED.viewerTokenId);
        if (!old) throw new Error('no token to rotate');
        const fresh = await client.apiTokens.create({
          name: 'rotated',
          description: old.description ?? undefined,
          roleId: old.role_id,
        });
        await client.apiTokens.delete(old.id);
        if (!fresh.token || mock.state.apiTokens.some((token) => token.id === old.id)) throw new Error('not rotated');
        return sent.length;
      },
    },
  );
  const rows: Row[] = [];
  for (const workflow of workflows) {
    const value = await workflow.run();
    rows.push({
      metric: 'requests per workflow',
      subject: `${workflow.name} (least the contract allows: ${workflow.least})`,
      value,
      unit: 'requests',
      ...(workflow.budget === undefined ? {} : { budget: workflow.budget }),
    });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await requestsPerWorkflow());
}
