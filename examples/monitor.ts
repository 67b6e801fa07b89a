// Print the status of every service as JSON; exit 1 when any is in error, so a cron job or a CI
// step can alert on it:  npx tsx examples/monitor.ts > status.json || alert
// Every kind of service is named (applications, containers, jobs, databases, helm charts, …), at a
// cost of 1 + E requests for E environments.
// Optional: QOVERY_PROJECT_ID or QOVERY_ENVIRONMENT_ID to narrow it down.
import { Qovery } from 'qovery';

const qovery = new Qovery();
const report = await qovery.status({
  projectId: process.env.QOVERY_PROJECT_ID || undefined,
  environmentId: process.env.QOVERY_ENVIRONMENT_ID || undefined,
});
console.log(JSON.stringify(report, null, 2));
for (const service of report.services.filter((s) => s.status === 'ERROR')) {
  console.error(`ERROR: ${service.kind} ${service.project}/${service.environment}/${service.name}: ${service.state}`);
}
if (report.hasErrors) process.exitCode = 1;
