// List the projects of the token's organization.
//   QOVERY_API_TOKEN=qov_… npx tsx examples/list-projects.ts
import { Qovery } from 'qovery';

const qovery = new Qovery(); // reads QOVERY_API_TOKEN (or QOVERY_CLI_ACCESS_TOKEN)

const organization = await qovery.organization.get();
console.log(`Organization: ${organization.name} (${organization.id})`);

for (const project of await qovery.projects.list()) {
  console.log(`- ${project.name}: ${project.associated_environments_count} environment(s)`);
}

const { rateLimit } = qovery;
if (rateLimit)
  console.log(`${rateLimit.remaining}/${rateLimit.limit} requests left until ${rateLimit.resetAt.toISOString()}`);
