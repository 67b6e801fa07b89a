import type { Command } from '../command.js';
import { flag } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { print, table } from '../output.js';
import { formatOf, organizationIdOf } from '../resolve.js';

export const statusCommands: Command[] = [
  {
    name: 'status',
    summary: "every service's status, of every kind, as a table or JSON",
    about: `Prints the status of every service, of every kind (application, container, job, database, helm,
terraform, ...). JSON is { "services": [{ id, name, kind, project, projectId, environment,
environmentId, status, state }] }, where status is one of RUNNING, IN_PROGRESS, STOPPED, ERROR,
UNKNOWN and state is the API's own (DEPLOYMENT_ERROR, ...). It costs 1 + E requests for E
environments. Exits 4 when a service is in ERROR:
  qovery-sdk status --format json > status.json || alert`,
    flags: [
      { name: 'format', value: 'table|json', about: 'default: table' },
      { name: 'project', value: 'NAME', about: "only this project's services" },
      { name: 'environment', value: 'NAME', about: "only this environment's services" },
      {
        name: 'organization',
        value: 'NAME',
        about: "the organization (default: the credential's only one, or --organization-id)",
      },
    ],
    async run({ values, io, client }) {
      const format = formatOf(values);
      const qovery = client();
      const { services } = await qovery.status({
        organizationId: await organizationIdOf(qovery, values),
        project: flag(values, 'project'),
        environment: flag(values, 'environment'),
      });
      if (format === 'json') print(io, { services });
      else
        io.stdout(
          `${table(
            ['PROJECT', 'ENVIRONMENT', 'SERVICE', 'KIND', 'STATUS', 'STATE'],
            services.map((s) => [s.project, s.environment, s.name, s.kind, s.status, s.state]),
          )}\n`,
        );
      return services.some((s) => s.status === 'ERROR') ? EXIT.serviceInError : EXIT.ok;
    },
  },
];
