import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { print, table } from '../output.js';
import { ENVIRONMENT_FLAGS, environmentOf } from '../resolve.js';

/** A markdown table cell: no pipe or newline breaks the row. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export const serviceCommands: Command[] = [
  {
    name: 'service list',
    summary: "an environment's services, their status and URLs (--markdown: a PR comment)",
    about: `Lists every service of the environment, of every kind, with its status and public URLs. --markdown
prints a table to post as a pull-request comment; JSON is { "services": [{ id, name, kind, status,
state, urls }] }.`,
    flags: [
      ...ENVIRONMENT_FLAGS,
      { name: 'json', about: 'print JSON instead' },
      { name: 'markdown', about: 'print a markdown table instead (a pull-request comment)' },
    ],
    async run({ values, io, client }) {
      const qovery = client();
      const environment = await environmentOf(qovery, values);
      const [report, links] = await Promise.all([
        qovery.status({ organizationId: environment.organization.id, environmentId: environment.id }),
        qovery.environments.links(environment.id),
      ]);
      const services = report.services
        .filter((s) => s.environmentId === environment.id)
        .map((s) => ({
          id: s.id,
          name: s.name,
          kind: s.kind,
          status: s.status,
          state: s.state,
          urls: links.filter((l) => l.service_id === s.id).map((l) => l.url),
        }));
      if (values.json) print(io, { services });
      else if (values.markdown)
        io.stdout(
          `${[
            `Environment **${cell(environment.name)}**`,
            '',
            '| Service | Kind | Status | URL |',
            '|---------|------|--------|-----|',
            ...services.map(
              (s) => `| ${cell(s.name)} | ${s.kind} | ${s.status} | ${s.urls.map(cell).join('<br>') || 'n/a'} |`,
            ),
          ].join('\n')}\n`,
        );
      else
        io.stdout(
          `${table(
            ['SERVICE', 'KIND', 'STATUS', 'STATE', 'URL'],
            services.map((s) => [s.name, s.kind, s.status, s.state, s.urls.join(' ')]),
          )}\n`,
        );
      return services.some((s) => s.status === 'ERROR') ? EXIT.serviceInError : EXIT.ok;
    },
  },
];
