// `npm run mock [-- --port 4010]`: the embedded Qovery API on 127.0.0.1 until Ctrl-C, for trying
// the SDK, the examples or any HTTP client by hand. It serves DEPLOY_SCENE (a project with
// environments, services of every kind and the applications' deployment history), so deploy flows can be tried at once;
// `--empty` serves the bare seed (organization and tokens only) instead.
import { parseArgs } from 'node:util';
import { DEPLOY_SCENE, startQoveryMockServer } from 'qovery/testing';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '4010' },
    'rate-limit': { type: 'string', default: '1000' },
    empty: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const limit = Number(values['rate-limit']);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(limit) || limit < 1) {
  console.error('usage: npm run mock -- [--port N] [--rate-limit REQUESTS_PER_HOUR] [--empty]');
  process.exit(2);
}

const server = await startQoveryMockServer({ ...(values.empty ? {} : DEPLOY_SCENE), port, rateLimit: { limit } });
const { state } = server.mock;
console.log(`Embedded Qovery API listening on ${server.url} (${limit} requests per hour per token)`);
console.log(
  `  websocket gateway: ${server.wsUrl} (QOVERY_WS_URL; /deployment/status, /deployment/logs, /service/logs)`,
);
console.log(`  admin token:  ${server.mock.adminToken}`);
console.log(`  viewer token: ${server.mock.viewerToken}   (reads only, cannot deploy)`);
for (const environment of state.environments) {
  const project = state.projects.find((p) => p.id === environment.project.id);
  const kinds = {
    application: state.applications,
    container: state.containers,
    job: state.jobs,
    database: state.databases,
    helm: state.helms,
  };
  const services = Object.entries(kinds).flatMap(([kind, list]) =>
    (list as { id: string; name: string; environment: { id: string } }[])
      .filter((s) => s.environment.id === environment.id)
      .map((s) => `${kind} ${s.name} ${s.id}`),
  );
  console.log(`  ${project?.name}/${environment.name} (${environment.id}): ${services.join(', ')}`);
}
console.log(
  `  try: QOVERY_API_URL=${server.url} QOVERY_API_TOKEN=${server.mock.adminToken} npx tsx examples/list-projects.ts`,
);

const stop = () => {
  server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
