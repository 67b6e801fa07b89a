// A preview environment per pull request, safe to re-run: `open` clones staging into pr-<number>
// (or reuses it), points its application at the pull request's branch, sets a variable and a secret,
// deploys what changed, waits, and prints the application's URL; `close` deletes it.
// Called by examples/github-actions-preview.yml:
//   npx tsx examples/preview-environment.ts open|close
// Reads QOVERY_API_TOKEN, PR_NUMBER, PR_BRANCH, PR_SHA, PREVIEW_API_KEY (the secret), and optionally
// QOVERY_PROJECT (default Backend), QOVERY_SOURCE_ENVIRONMENT (default staging) and
// QOVERY_APPLICATION (default api). Exit code: 0 done, 1 failed.
import { DeploymentFailedError, LookupError, Qovery, QoveryError } from 'qovery';
import { everyService } from './every-service.js';

const {
  PR_NUMBER,
  PR_BRANCH,
  PR_SHA,
  PREVIEW_API_KEY,
  QOVERY_PROJECT = 'Backend',
  QOVERY_SOURCE_ENVIRONMENT = 'staging',
  QOVERY_APPLICATION = 'api',
} = process.env;
const action = process.argv[2];
if ((action !== 'open' && action !== 'close') || !PR_NUMBER) {
  console.error('usage: PR_NUMBER=123 preview-environment.ts open|close');
  process.exit(2);
}

const qovery = new Qovery();
const name = `pr-${PR_NUMBER}`;
const step = (text: string) => console.log(text);

async function open(): Promise<void> {
  if (!PR_BRANCH || !PR_SHA || !PREVIEW_API_KEY) throw new Error('open needs PR_BRANCH, PR_SHA and PREVIEW_API_KEY');
  const source = await qovery.environments.find({ project: QOVERY_PROJECT, environment: QOVERY_SOURCE_ENVIRONMENT });
  const { environment, created } = await qovery.environments.ensureClone(source.id, {
    name,
    mode: 'PREVIEW',
    projectId: source.project.id,
  });
  step(created ? `Cloned ${source.name} into ${name}` : `Reusing ${name}`);

  let app = await qovery.applications.find({ name: QOVERY_APPLICATION, environmentId: environment.id });
  if (app.git_repository?.branch !== PR_BRANCH) {
    app = await qovery.applications.update(app.id, { branch: PR_BRANCH }, { ifUpdatedAt: app.updated_at });
    step(`${app.name} now builds ${PR_BRANCH}`);
  }
  const variable = await qovery.variables.set({ environmentId: environment.id }, 'PR_NUMBER', PR_NUMBER as string);
  const secret = await qovery.variables.set({ applicationId: app.id }, 'API_KEY', PREVIEW_API_KEY, { secret: true });
  step(`PR_NUMBER ${variable.outcome}, API_KEY (secret) ${secret.outcome}`);

  // The first run deploys every service of the new clone, the application at the pull request's
  // commit, as one deployment; later runs deploy the application's new commit only. Waits poll on the
  // SDK's schedule (every 2 s, backing off to 15 s): each poll spends one of the token's 1,000
  // requests an hour, so one deployment to wait for instead of two halves them.
  const wait = { timeout: 20 * 60_000 };
  const sha = PR_SHA.slice(0, 12);
  if (created) {
    const services = await everyService(qovery, environment.id, { applicationId: app.id, gitCommitId: PR_SHA });
    const queued = await qovery.environments.deployServices(environment.id, services);
    await qovery.deployments.wait(
      { environmentId: environment.id, deploymentRequestId: queued.deployment_request_id },
      wait,
    );
    step(`Deployed ${name}, ${app.name} at ${sha}`);
  } else if (app.git_repository?.deployed_commit_id !== PR_SHA) {
    const queued = await qovery.applications.deploy(app.id, { gitCommitId: PR_SHA });
    await qovery.deployments.wait({ applicationId: app.id, deploymentRequestId: queued.deployment_request_id }, wait);
    step(`Deployed ${app.name} at ${sha}`);
  } else {
    step(`${app.name} already runs ${sha}: nothing to deploy`);
  }
  const links = await qovery.applications.links(app.id);
  step(`Preview: ${links.find((link) => link.is_default)?.url ?? links[0]?.url ?? 'no public URL'}`);
}

async function close(): Promise<void> {
  const preview = await qovery.environments.find({ project: QOVERY_PROJECT, environment: name });
  await qovery.environments.delete(preview.id);
  step(`Deleted ${name}`);
}

try {
  await (action === 'open' ? open() : close());
} catch (error) {
  if (error instanceof DeploymentFailedError) console.error(`Deployment failed: ${error.state}`);
  else if (error instanceof LookupError || error instanceof QoveryError)
    console.error(`${error.name}: ${error.message}`);
  else throw error;
  process.exitCode = 1;
}
