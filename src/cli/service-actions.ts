/**
 * The commands every kind of service shares, made for one kind: deploy (from what the kind deploys
 * from), redeploy, stop, restart, and its public URLs.
 */
import type { Qovery, ServiceStatus, WaitTarget } from '../index.js';
import type { Command, Flag } from './command.js';
import { type CliIO, type Context, flag, UsageError, type Values } from './context.js';
import { timeoutOf, waits } from './duration.js';
import { EXIT } from './exit-codes.js';
import { print, table } from './output.js';
import { type Kind, namesOf, serviceNamed, servicesOf, WHERE_FLAGS } from './resolve.js';
import { followAll } from './watch.js';

/** --wait, --watch (-w) and --timeout: every command that can follow what it started. */
export const WAIT_FLAGS: Flag[] = [
  { name: 'wait', about: 'follow the deployment(s) until they settle' },
  {
    name: 'watch',
    short: 'w',
    about: "the same (the Qovery CLI's name): prints each state, and each stage as it starts and ends",
  },
  { name: 'timeout', value: 'DURATION', about: 'how long --wait may take: 90s, 10m, 1h (default 30m)' },
  {
    name: 'quiet',
    short: 'q',
    about: "with --watch over Qovery's websocket gateway: states and stages only, not the deployment's log lines",
  },
];

/** `--commit SHA` and the Qovery CLI's `--commit-id SHA` (`-c`). */
export const COMMIT_FLAGS: Flag[] = [
  { name: 'commit', value: 'SHA', about: 'the commit to build and deploy' },
  { name: 'commit-id', short: 'c', value: 'SHA', about: "the same, the Qovery CLI's spelling" },
];

/** The commit --commit or --commit-id gives, if any; both, differing, is bad usage. */
export function commitOf(values: Values): string | undefined {
  const [commit, commitId] = [flag(values, 'commit'), flag(values, 'commit-id')];
  if (commit && commitId && commit !== commitId) throw new UsageError('give --commit or --commit-id, not both');
  return commit ?? commitId;
}

/** How a deploy of the kind is sent, and how to say it (` at tag v1.2`). */
export interface DeployFrom {
  deploy: (qovery: Qovery, id: string) => Promise<ServiceStatus>;
  what: string;
}

/** The services of `kind` are found in `qovery.<kind>s`. */
const resourceOf = (qovery: Qovery, kind: Kind) =>
  ({
    application: qovery.applications,
    container: qovery.containers,
    job: qovery.jobs,
    helm: qovery.helms,
    database: qovery.databases,
  })[kind];

/** The flags naming the services: `--<one> NAME` and `--<several> "A,B"`. */
const nameFlags = (kind: string, one: string, several: string): Flag[] => [
  { name: one, value: 'NAME', about: `one ${kind}` },
  { name: several, value: '"A,B"', about: 'several, each started in turn, then followed together' },
];

/**
 * Starts `start` on each named service of `kind` (found in one request), says so, and with
 * --wait/--watch follows them all: exit 3 when any ends in failure.
 */
async function startEach(
  context: Context,
  kind: Kind,
  names: string[],
  start: (qovery: Qovery, id: string) => Promise<ServiceStatus>,
  says: (name: string, id: string) => string,
  until?: string,
): Promise<number> {
  const { values, io, client } = context;
  const timeout = timeoutOf(values);
  const qovery = client();
  const services = await servicesOf(qovery, kind, names, values);
  const queued: { name: string; target: WaitTarget }[] = [];
  for (const service of services) {
    const status = await start(qovery, service.id);
    io.stderr(`${says(service.name, service.id)}\n`);
    queued.push({
      name: service.name,
      target: {
        [`${kind}Id`]: service.id,
        ...(service.environment_id && { environmentId: service.environment_id }),
        deploymentRequestId: status.deployment_request_id,
      } as WaitTarget,
    });
  }
  if (!waits(values)) return EXIT.ok;
  return followAll(context, queued, timeout, until);
}

/** `<name> deploy`: deploys services of `kind` by name, from what the flags say. */
export function deployCommand(
  kind: Kind,
  spec: {
    name?: string;
    one?: string;
    several?: string;
    aliases?: string[];
    summary: string;
    about: string;
    fromFlags: Flag[];
    from: (values: Values, env: CliIO['env']) => DeployFrom;
  },
): Command {
  const { name = kind, one = name, several = `${one}s` } = spec;
  return {
    name: `${name} deploy`,
    ...(spec.aliases && { aliases: spec.aliases }),
    summary: spec.summary,
    about: `Deploys the ${name}(s) found by name: one request finds every name (the organization's list of
services); the environment and project narrow it down when a name is in several places.
${spec.about}`,
    flags: [...nameFlags(name, one, several), ...spec.fromFlags, ...WHERE_FLAGS, ...WAIT_FLAGS],
    async run(context) {
      const names = namesOf(context.values, one, several);
      const { deploy, what } = spec.from(context.values, context.io.env);
      return startEach(context, kind, names, deploy, (service, id) => `Deploying ${kind} ${service} (${id})${what}.`);
    },
  };
}

const VERBS = {
  redeploy: { doing: 'Redeploying', does: 'Redeploys', summary: 'redeploy %s by name, as they are' },
  stop: { doing: 'Stopping', does: 'Stops', summary: 'stop %s by name' },
  restart: { doing: 'Restarting', does: 'Restarts', summary: 'restart %s by name, without rebuilding' },
} as const;

/** `<kind> redeploy|stop|restart`, with --watch. */
export function actionCommand(kind: Kind, verb: keyof typeof VERBS): Command {
  const { doing, does, summary } = VERBS[verb];
  return {
    name: `${kind} ${verb}`,
    summary: summary.replace('%s', kind === 'helm' ? 'helm charts' : `${kind}s`),
    about: `${does} the ${kind}(s) found by name (one request finds every name).${
      verb === 'stop' ? ' With --watch, follows them until STOPPED.' : ''
    }`,
    flags: [...nameFlags(kind, kind, `${kind}s`), ...WHERE_FLAGS, ...WAIT_FLAGS],
    async run(context) {
      const names = namesOf(context.values, kind);
      const start = (qovery: Qovery, id: string) => {
        const resource = resourceOf(qovery, kind) as unknown as Record<
          string,
          (id: string) => Promise<ServiceStatus> | undefined
        >;
        const call = resource[verb];
        if (!call) throw new UsageError(`a ${kind} cannot ${verb}`);
        return call.call(resource, id) as Promise<ServiceStatus>;
      };
      return startEach(
        context,
        kind,
        names,
        start,
        (name, id) => `${doing} ${kind} ${name} (${id}).`,
        verb === 'stop' ? 'STOPPED' : undefined,
      );
    },
  };
}

/** `<kind> domain list`: the service's public URLs. */
export function domainListCommand(kind: 'application' | 'container'): Command {
  return {
    name: `${kind} domain list`,
    summary: `the public URLs of ${kind === 'application' ? 'an application' : 'a container'}`,
    about: `Prints the ${kind}'s public domains, Qovery's (BUILT_IN_DOMAIN) and your own (CUSTOM_DOMAIN), in
the Qovery CLI's columns: ID | TYPE | DOMAIN | PORT | DEFAULT. JSON is
{ "links": [{ url, internal_port, external_port, is_qovery_domain, is_default }] }.`,
    flags: [{ name: kind, value: 'NAME', required: true, about: `the ${kind}` }, ...WHERE_FLAGS, JSON_FLAG],
    async run({ values, io, client }) {
      const qovery = client();
      const service = await serviceNamed(qovery, kind, values);
      const links = await (kind === 'application' ? qovery.applications : qovery.containers).links(service.id);
      if (values.json) print(io, { links });
      // The Qovery CLI's columns and separators, so that scripts reading its table (the fifth
      // word of a BUILT_IN_DOMAIN line is the domain) read this one too.
      else
        io.stdout(
          `${table(
            ['ID', 'TYPE', 'DOMAIN', 'PORT', 'DEFAULT'],
            links.map((l) => [
              'N/A',
              l.is_qovery_domain ? 'BUILT_IN_DOMAIN' : 'CUSTOM_DOMAIN',
              l.url.replace(/^https?:\/\//, ''),
              String(l.internal_port ?? 'N/A'),
              l.is_default ? 'yes' : 'no',
            ]),
            ' | ',
          )}\n`,
        );
      return EXIT.ok;
    },
  };
}

export const JSON_FLAG: Flag = { name: 'json', about: 'print JSON instead' };
