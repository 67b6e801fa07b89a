// Checking data the SDK did not fetch itself, with qovery/schemas: a deployment notification that a
// relay posts to your service, holding the application as Qovery describes it. The generated
// schemas compose into your own zod schema, and `z.infer` types what passes.
//   node --import tsx examples/check-webhook.ts '<json>'    (no argument: two sample payloads)
import * as schemas from 'qovery/schemas';
import * as z from 'zod/mini';

// zod/mini ships without messages in words: load the English ones (the SDK's own errors do not need them).
z.config(z.locales.en());

const DeploymentNotice = z.object({
  event: z.enum(['deployed', 'failed']),
  at: z.iso.datetime({ offset: true }),
  application: schemas.Application,
});
type DeploymentNotice = z.infer<typeof DeploymentNotice>;

/** The notice, or a line per problem: strict, as anything the relay invents must not pass. */
export function readNotice(payload: unknown): DeploymentNotice | string[] {
  const parsed = DeploymentNotice.safeParse(payload);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
}

const application = {
  id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a10',
  created_at: '2026-12-01T09:00:00Z',
  name: 'api',
  environment: { id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a20' },
  maximum_cpu: 2000,
  maximum_memory: 4096,
  maximun_gpu: 0,
  cpu: 500,
  memory: 512,
  gpu: 0,
  min_running_instances: 1,
  max_running_instances: 1,
  healthchecks: {},
  auto_preview: false,
  arguments: [],
  git_repository: {
    has_access: true,
    provider: 'GITHUB',
    owner: 'acme',
    url: 'https://github.com/acme/api',
    name: 'api',
  },
  build_mode: 'DOCKER',
  icon_uri: 'app://qovery-console/application',
  service_type: 'APPLICATION',
};
const samples = process.argv[2]
  ? [JSON.parse(process.argv[2]) as unknown]
  : [
      { event: 'deployed', at: '2026-12-06T10:00:00Z', application },
      { event: 'deployed', at: 'yesterday', application: { ...application, name: 42 } },
    ];
for (const payload of samples) {
  const notice = readNotice(payload);
  if (Array.isArray(notice)) console.log(`refused: ${notice.join('; ')}`);
  else console.log(`${notice.event}: ${notice.application.name} at ${notice.at}`);
}
