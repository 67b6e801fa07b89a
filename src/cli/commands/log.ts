import { onlyMatch } from '../../lookup.js';
import { type ServiceKind, servicesNamed } from '../../resources/service-kinds.js';
import type { Command } from '../command.js';
import { flag, UsageError } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { ENVIRONMENT_FLAGS, environmentOf } from '../resolve.js';

const KINDS: readonly ServiceKind[] = ['application', 'container', 'job', 'database', 'helm'];

/** `2026-12-07 19:00:01.000`, in UTC, as the Qovery CLI prints a line's time. */
const stamp = (time: Date) => time.toISOString().replace('T', ' ').replace('Z', '');

/** `--since 10m`: how far back, as a date; `90s`, `10m`, `1h`, or an ISO date. */
function sinceOf(text: string | undefined, now: number): Date | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim());
  if (match)
    return new Date(now - Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's']);
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--since: "${text}" is not a duration such as 10m or 1h, nor a date`);
  return date;
}

export const logCommands: Command[] = [
  {
    name: 'log',
    summary: "a service's runtime logs, over Qovery's websocket gateway (--follow: until interrupted)",
    about: `Prints the lines the service's pods wrote, oldest first, one per line: "| time | pod | message", time in
UTC, as Qovery's CLI prints them; --raw prints each frame as the gateway sent it. Without --follow,
prints what the gateway keeps and exits; with it, keeps printing new lines until interrupted. The
gateway is QOVERY_WS_URL, else wss://ws.qovery.com (QOVERY_API_URL set: QOVERY_WS_URL is needed).`,
    flags: [
      ...ENVIRONMENT_FLAGS,
      ...KINDS.map((kind) => ({ name: kind, value: 'NAME', about: `the ${kind}, by name (give one service flag)` })),
      { name: 'follow', short: 'f', about: 'keep printing new lines until interrupted' },
      { name: 'since', value: 'DURATION', about: 'lines from this long ago (10m, 1h) or this date on' },
      { name: 'limit', value: 'N', about: 'at most N of the lines already written (default: the gateway’s, 100)' },
      { name: 'raw', about: 'print each frame as the gateway sent it (JSON)' },
    ],
    async run({ values, io, client }) {
      const given = KINDS.filter((kind) => flag(values, kind) !== undefined);
      if (given.length !== 1) throw new UsageError(`give one of ${KINDS.map((k) => `--${k}`).join(', ')}`);
      const kind = given[0] as ServiceKind;
      const name = flag(values, kind) as string;
      const since = sinceOf(flag(values, 'since'), Date.now());
      const limitText = flag(values, 'limit');
      const limit = limitText === undefined ? undefined : Number(limitText);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
        throw new UsageError('--limit must be a whole number, 0 or more');
      const qovery = client();
      const environment = await environmentOf(qovery, values);
      const summaries = await qovery.services.list({
        organizationId: environment.organization.id,
        environmentId: environment.id,
      });
      const matches = servicesNamed(summaries, { name, serviceType: kind.toUpperCase() });
      const service = onlyMatch(matches, kind, `"${name}" in ${environment.name}`);
      const lines = qovery.services.logs(service.id, {
        follow: values.follow === true,
        ...(since && { since }),
        ...(limit !== undefined && { limit }),
        environmentId: environment.id,
        ...(io.signal && { signal: io.signal }),
      });
      for await (const line of lines) {
        io.stdout(
          values.raw ? `${JSON.stringify(line.raw)}\n` : `| ${stamp(line.time)} | ${line.pod} | ${line.message}\n`,
        );
      }
      return EXIT.ok;
    },
  },
];
