// The SDK in one run, narrated, against the embedded Qovery API on a free loopback port: no Qovery
// account needed.
//   npm run demo                                   # embedded API
//   QOVERY_API_TOKEN=qov_… npm run demo -- --live   # read-only steps against the real API
import { AuthenticationError, DeploymentFailedError, Qovery, QoveryError, RateLimitError } from 'qovery';
import { DEPLOY_SCENE, startQoveryMockServer } from 'qovery/testing';

const live = process.argv.includes('--live');
let step = 0;
const say = (title: string) => console.log(`\n${++step}. ${title}`);
const show = (line: string) => console.log(`   ${line}`);
/** Enough of a secret to recognise it, never enough to use it. */
const mask = (secret: string | null | undefined) => (secret ? `${secret.slice(0, 8)}…${'•'.repeat(8)}` : '(none)');
const figures = (qovery: Qovery) => {
  const limit = qovery.rateLimit;
  return limit
    ? `${limit.remaining}/${limit.limit} requests left, window resets ${limit.resetAt.toISOString()}`
    : 'no rate-limit headers on the last response';
};

async function liveTour(): Promise<void> {
  console.log('qovery SDK demo, live and read-only, against', process.env.QOVERY_API_URL ?? 'https://api.qovery.com');
  const qovery = new Qovery();
  say(`The organization (credential sent as ${qovery.authScheme})`);
  const organization = await qovery.organization.get();
  show(`${organization.name} (${organization.id}), plan ${organization.plan}`);
  say('Its projects');
  for (const project of await qovery.projects.list())
    show(`- ${project.name} (${project.associated_environments_count} environments)`);
  say('Its API tokens (the API never lists their values)');
  for (const token of await qovery.apiTokens.list()) show(`- ${token.name}, role ${token.role_name ?? '?'}`);
  say('Rate limit');
  show(figures(qovery));
}

async function embeddedTour(): Promise<void> {
  // A small limit, so that the last step can spend it in a few calls; deployments that take about
  // a second, so that waiting for one shows every phase.
  const server = await startQoveryMockServer({
    port: 0,
    ...DEPLOY_SCENE,
    rateLimit: { limit: 15, windowMs: 60_000 },
    lifecycle: { queuedMs: 150, buildingMs: 400, deployingMs: 250 },
  });
  try {
    console.log(`qovery SDK demo against the embedded Qovery API at ${server.url}`);
    const admin = new Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url });

    say(`The organization: found from the token alone (sent as "Authorization: ${admin.authScheme} …")`);
    const organization = await admin.organization.get();
    show(`${organization.name} (${organization.id}), plan ${organization.plan}`);

    say('Projects: create one, then list them');
    await admin.projects.create({ name: 'web', description: 'The website' });
    for (const project of await admin.projects.list()) show(`- ${project.name}: ${project.description ?? ''}`);

    say('Create a named API token for CI');
    const ci = await admin.apiTokens.create({ name: 'CI/CD Pipeline Token', role: 'DevOps' });
    if (!ci.token) throw new Error('the API did not send the new token'); // typed optional, as the contract says
    show(`created "${ci.name}" (${ci.id}), role ${ci.role_name ?? '?'}`);
    show(`token: ${mask(ci.token)}  ← shown once by the API: store it as a secret now`);

    say('List the tokens (names and roles only: values are never listed)');
    for (const token of await admin.apiTokens.list()) show(`- ${token.name}, role ${token.role_name ?? '?'}`);

    say('Call the API with the new token');
    const pipeline = new Qovery({ apiToken: ci.token, baseUrl: server.url });
    show(
      `the CI token sees ${(await pipeline.projects.list()).length} project(s) in ${(await pipeline.organization.get()).name}`,
    );

    say('Deploy from CI: find the application by name, deploy a commit, wait for it');
    const app = await pipeline.applications.find({ project: 'Backend', environment: 'production', application: 'api' });
    const queued = await pipeline.applications.deploy(app.id, {
      gitCommitId: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    });
    show(`queued deployment ${queued.deployment_request_id} of ${app.name}`);
    try {
      const final = await pipeline.deployments.wait(
        { applicationId: app.id, deploymentRequestId: queued.deployment_request_id },
        {
          until: 'DEPLOYED',
          interval: 200,
          onProgress: (p) => show(`  ${String(p.elapsedMs).padStart(5)} ms  ${p.state}`),
        },
      );
      show(`${app.name} is ${final.state}`);
    } catch (error) {
      if (!(error instanceof DeploymentFailedError)) throw error;
      show(`the deployment failed: ${error.state}`);
    }

    say('Rotate: create the new token, then delete the old one');
    const next = await admin.apiTokens.create({ name: 'CI/CD Pipeline Token 2', roleId: ci.role_id });
    if (!next.token) throw new Error('the API did not send the new token');
    show(`created "${next.name}": ${mask(next.token)}`);
    await admin.apiTokens.delete(ci.id);
    show(`deleted "${ci.name}"`);
    try {
      await pipeline.projects.list();
      show('unexpected: the old token still works');
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      show(`the old token now gets ${error.name}: ${error.message}`);
    }

    say('Rate limits: spend the new token’s small budget (15 requests a minute here, 1000 an hour at Qovery)');
    // No retries here, so the RateLimitError shows whenever in the window it comes (with retries,
    // a wait longer than maxRetryDelay also fails at once, with resetAt).
    const rotated = new Qovery({ apiToken: next.token, baseUrl: server.url, maxRetries: 0 });
    for (;;) {
      try {
        await rotated.organization.list();
        show(figures(rotated));
      } catch (error) {
        if (!(error instanceof RateLimitError)) throw error;
        show(`${error.name}: ${error.message}`);
        show(`retry in ${error.retryAfter}s, at ${error.resetAt?.toISOString()}`);
        break;
      }
    }
  } finally {
    await server.close();
  }
}

try {
  await (live ? liveTour() : embeddedTour());
  console.log('\nDone.');
} catch (error) {
  // Typed errors carry a clear message and never the token.
  console.error(`\nDemo failed: ${error instanceof QoveryError ? `${error.name}: ${error.message}` : error}`);
  process.exitCode = 1;
}
