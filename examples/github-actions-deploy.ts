// Deploy an application by name at the commit being built, wait for it, and fail the job if it fails.
// In a GitHub Actions step:
//   env:
//     QOVERY_API_TOKEN: ${{ secrets.QOVERY_API_TOKEN }}
//     QOVERY_APPLICATION: api          # the application's name
//     QOVERY_ENVIRONMENT: production   # optional, when the name alone is ambiguous
//     QOVERY_PROJECT: Backend          # optional
//   run: npx tsx examples/github-actions-deploy.ts
// GITHUB_SHA is set by Actions. Exit code: 0 deployed, 1 failed (with the reason, hint and link from
// the deployment's logs) or could not start.
import { ConflictError, DeploymentFailedError, LookupError, Qovery, QoveryError } from 'qovery';

const { QOVERY_APPLICATION, QOVERY_ENVIRONMENT, QOVERY_PROJECT, GITHUB_SHA } = process.env;
if (!QOVERY_APPLICATION || !GITHUB_SHA) {
  console.error('Set QOVERY_APPLICATION (the application name) and GITHUB_SHA (the commit to deploy).');
  process.exit(1);
}

const qovery = new Qovery();
try {
  const application = await qovery.applications.find({
    project: QOVERY_PROJECT,
    environment: QOVERY_ENVIRONMENT,
    application: QOVERY_APPLICATION,
  });
  console.log(`Deploying ${application.name} (${application.id}) at ${GITHUB_SHA.slice(0, 12)}`);
  const queued = await qovery.applications.deploy(application.id, { gitCommitId: GITHUB_SHA });
  const final = await qovery.deployments.wait(
    { applicationId: application.id, deploymentRequestId: queued.deployment_request_id },
    {
      until: 'DEPLOYED',
      timeout: 20 * 60_000,
      onProgress: (p) => console.log(`  ${(p.elapsedMs / 1000).toFixed(0).padStart(4)} s  ${p.state}`),
    },
  );
  console.log(`Deployed: ${final.state} after ${(final.elapsedMs / 1000).toFixed(0)} s`);
} catch (error) {
  if (error instanceof DeploymentFailedError) {
    console.error(`Deployment failed: ${error.state}`);
    // Why, from the deployment's logs (read once, when it fails): what to show in the CI log.
    const { reason } = error;
    if (reason) {
      const where = [reason.step, reason.service?.name].filter(Boolean).join(' of ');
      console.error(`  ${where ? `${where}: ` : ''}${reason.message}`);
      if (reason.hint) console.error(`  hint: ${reason.hint}`);
      if (reason.link) console.error(`  see: ${reason.link}`);
    } else if (error.reasonError) console.error(`  (its logs could not be read: ${error.reasonError.message})`);
  } else if (error instanceof ConflictError) console.error(`Not started: ${error.message}`);
  else if (error instanceof LookupError) console.error(error.message);
  else if (error instanceof QoveryError) console.error(`${error.name}: ${error.message}`);
  else throw error;
  process.exitCode = 1;
}
