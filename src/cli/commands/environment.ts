import { type EnvironmentDeployServicesParams, NotFoundError, type Qovery } from '../../index.js';
import { onlyMatch } from '../../lookup.js';
import { type DeploymentExplanation, durationSeconds } from '../../resources/deployment-logs.js';
import { servicesNamed } from '../../resources/service-kinds.js';
import type { Command } from '../command.js';
import { type Context, flag, UsageError, type Values } from '../context.js';
import { timeoutOf, waits } from '../duration.js';
import { EXIT } from '../exit-codes.js';
import { duration, print, table, wrap } from '../output.js';
import { ENVIRONMENT_FLAGS, environmentOf, formatOf, type Kind } from '../resolve.js';
import { JSON_FLAG, WAIT_FLAGS } from '../service-actions.js';
import { follow, LOG_WIDTH } from '../watch.js';

/**
 * The services `environment deploy` deploys as one request instead of the whole environment, with
 * the Qovery CLI's flags: `--applications "api:<commit>,web"`, each name with an optional version
 * after a colon. `--databases` is ours: the API deploys databases by id, without a version.
 */
const SERVICE_FLAGS = {
  applications: { kind: 'application', about: 'applications, each NAME or NAME:COMMIT' },
  containers: { kind: 'container', about: 'containers, each NAME or NAME:TAG' },
  lifecycles: { kind: 'job', about: 'jobs, each NAME or NAME:VERSION' },
  cronjobs: { kind: 'job', about: "the same: the Qovery CLI's two names, each taking a job of either kind" },
  helms: { kind: 'helm', about: 'helm charts, each NAME or NAME:VERSION' },
  databases: { kind: 'database', about: 'databases, by NAME (a database has no version)' },
} as const satisfies Record<string, { kind: Kind; about: string }>;

/** One service `environment deploy` was asked to deploy: its kind, name and version, if any. */
interface AskedService {
  kind: Kind;
  name: string;
  version: string | undefined;
}

/**
 * The services `environment deploy --applications … --helms …` names, checked before any request:
 * each `NAME` or `NAME:VERSION` (a database takes no version). Undefined when no service flag is
 * given; a flag given but naming nothing (`--applications "$EMPTY"`) is a usage error, not a deploy
 * of the whole environment.
 */
function askedServices(values: Values): AskedService[] | undefined {
  const given = Object.entries(SERVICE_FLAGS).filter(([name]) => values[name] !== undefined);
  if (given.length === 0) return undefined;
  return given.flatMap(([name, { kind }]) => {
    const items = String(values[name])
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) throw new UsageError(`--${name} names no service`);
    return items.map((item) => {
      const colon = item.indexOf(':');
      const [service, version] = colon < 0 ? [item, undefined] : [item.slice(0, colon), item.slice(colon + 1)];
      if (!service || version === '') throw new UsageError(`--${name}: "${item}" is not NAME or NAME:VERSION`);
      if (kind === 'database' && version !== undefined)
        throw new UsageError(`--${name}: a database deploys without a version ("${item}")`);
      return { kind, name: service, version };
    });
  });
}

/**
 * The asked services, each found by name in the environment (the organization's list of services,
 * one request), with its version in the field its kind deploys from. A job's or a chart's version
 * is a tag, a chart version or a commit by its source, so each one given a version is read first.
 */
async function servicesToDeploy(
  qovery: Qovery,
  environment: { id: string; organization: { id: string } },
  asked: AskedService[],
): Promise<EnvironmentDeployServicesParams> {
  const summaries = await qovery.services.list({
    environmentId: environment.id,
    organizationId: environment.organization.id,
  });
  const services: Required<EnvironmentDeployServicesParams> = {
    applications: [],
    containers: [],
    jobs: [],
    helms: [],
    databases: [],
  };
  for (const { kind, name, version } of asked) {
    const { id } = onlyMatch(
      servicesNamed(summaries, { name, serviceType: kind.toUpperCase() }),
      kind,
      `${kind} "${name}"`,
    );
    if (kind === 'database') services.databases.push(id);
    else if (version === undefined) services[`${kind}s`].push({ id });
    else if (kind === 'application') services.applications.push({ id, gitCommitId: version });
    else if (kind === 'container') services.containers.push({ id, imageTag: version });
    else if (kind === 'job') {
      const { source } = (await qovery.jobs.get(id)) as { source?: { image?: unknown } };
      services.jobs.push(source?.image ? { id, imageTag: version } : { id, gitCommitId: version });
    } else {
      const { source } = (await qovery.helms.get(id)) as { source?: { repository?: unknown } };
      services.helms.push(source?.repository ? { id, chartVersion: version } : { id, gitCommitId: version });
    }
  }
  return services;
}

type Loose = Record<string, unknown>;
const loose = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The explain() tree, environment → stage → service → step, then each error with its hint and link: 80 columns. */
export function explainText(environment: string, explained: DeploymentExplanation): string {
  const out: string[] = [];
  const line = (first: string, rest: string, words: string) => out.push(...wrap(words, LOG_WIDTH, first, rest));
  line(
    '',
    '  ',
    `Environment ${environment}: deployment ${explained.executionId ?? '(latest)'} ${
      explained.state ?? 'state unknown'
    } in ${duration(explained.durationSeconds)}`,
  );
  explained.stages.forEach((stage, s) => {
    const lastStage = s === explained.stages.length - 1;
    const [stageLead, stageRest] = [lastStage ? '└─ ' : '├─ ', lastStage ? '   ' : '│  '];
    line(stageLead, `${stageRest}   `, `stage ${stage.name}: ${stage.status} (${duration(stage.durationSeconds)})`);
    stage.services.forEach((service, v) => {
      const lastService = v === stage.services.length - 1;
      const lead = `${stageRest}${lastService ? '└─ ' : '├─ '}`;
      const rest = `${stageRest}${lastService ? '   ' : '│  '}`;
      line(
        lead,
        `${rest}   `,
        `${service.kind} ${service.name}: ${service.status} (${duration(service.durationSeconds)})`,
      );
      service.steps.forEach((step, p) => {
        const lastStep = p === service.steps.length - 1;
        line(
          `${rest}${lastStep ? '└─ ' : '├─ '}`,
          `${rest}${lastStep ? '   ' : '│  '}   `,
          `${step.name}: ${step.status} (${duration(step.durationSeconds)})`,
        );
      });
    });
  });
  if (explained.stages.length === 0) out.push('(its logs name no stage)');
  if (explained.errors.length > 0) {
    out.push('', `Errors (${explained.errors.length}):`);
    explained.errors.forEach((error, i) => {
      const where = [
        error.stage && `stage ${error.stage}`,
        error.step,
        error.service && `${error.service.kind} ${error.service.name}`,
      ]
        .filter(Boolean)
        .join(', ');
      const n = `${i + 1}. `;
      line(`  ${n}`, `  ${' '.repeat(n.length)}`, `${where ? `[${where}] ` : ''}${error.message}`);
      const pad = `  ${' '.repeat(n.length)}`;
      if (error.hint) line(`${pad}Hint: `, `${pad}      `, error.hint);
      if (error.link) out.push(`${pad}Link: ${error.link}`);
    });
  }
  return `${out.join('\n')}\n`;
}

/** Follows the environment's deployment after a deploy, a cancel or a delete, when asked to. */
async function followEnvironment(
  context: Context,
  environment: { id: string; name: string },
  deploymentRequestId: string | null | undefined,
  until?: string,
): Promise<number> {
  if (!waits(context.values)) return EXIT.ok;
  await follow(
    context,
    environment.name,
    { environmentId: environment.id, deploymentRequestId: deploymentRequestId ?? null },
    timeoutOf(context.values),
    false,
    until,
  );
  return EXIT.ok;
}

export const environmentCommands: Command[] = [
  {
    name: 'environment deploy',
    summary: 'deploy a whole environment by name, or some of its services at once',
    about: `Deploys every service of the environment found by name; or, given any of the service flags, only
the services they name, as one deployment request, each at the version after its colon or at the
one it runs. A job's or helm chart's VERSION is an image tag, a chart version or a commit, by its
source. A service flag given empty is a usage error, not a deploy of the whole environment.`,
    flags: [
      ...ENVIRONMENT_FLAGS,
      ...Object.entries(SERVICE_FLAGS).map(([name, { about }]) => ({ name, value: 'LIST', about })),
      ...WAIT_FLAGS,
    ],
    async run(context) {
      const { values, client } = context;
      timeoutOf(values);
      const asked = askedServices(values);
      const qovery = client();
      const found = await environmentOf(qovery, values);
      const queued = asked
        ? await qovery.environments.deployServices(found.id, await servicesToDeploy(qovery, found, asked))
        : await qovery.environments.deploy(found.id);
      const what = asked ? `${asked.length} service${asked.length > 1 ? 's' : ''} of ` : '';
      context.io.stderr(`Deploying ${what}environment ${found.name} (${found.id}).\n`);
      return followEnvironment(context, found, queued.deployment_request_id);
    },
  },
  {
    name: 'environment clone',
    summary: 'clone an environment (a preview per pull request); re-runs reuse it',
    about: `Clones the environment, its services of every kind and their variables, into a new one; prints the
new environment's id on stdout. When one of that name exists already (a workflow run again), prints
its id and clones nothing. --cluster and --target-project put the clone elsewhere, by name.`,
    flags: [
      ...ENVIRONMENT_FLAGS,
      { name: 'new-environment-name', value: 'NAME', required: true, about: 'the new environment' },
      { name: 'cluster', value: 'NAME', about: "the cluster it runs on (default: the source's)" },
      { name: 'target-project', value: 'NAME', about: "the project it goes in (default: the source's)" },
      {
        name: 'environment-type',
        value: 'TYPE',
        about: "its mode: DEVELOPMENT, PREVIEW, STAGING or PRODUCTION (default: the source's)",
      },
      { name: 'mode', value: 'TYPE', about: 'the same as --environment-type' },
    ],
    async run({ values, io, client }) {
      const name = flag(values, 'new-environment-name');
      if (!name) throw new UsageError('--new-environment-name is required');
      const mode = modeOf(values);
      const qovery = client();
      const source = await environmentOf(qovery, values);
      const organizationId = source.organization.id;
      const clusterName = flag(values, 'cluster');
      const projectName = flag(values, 'target-project');
      const { environment, created } = await qovery.environments.ensureClone(source.id, {
        name,
        ...(mode && { mode }),
        ...(clusterName && { clusterId: (await qovery.clusters.find({ organizationId, name: clusterName })).id }),
        ...(projectName && { projectId: (await qovery.projects.find({ organizationId, name: projectName })).id }),
      });
      io.stdout(`${environment.id}\n`);
      io.stderr(
        created
          ? `Cloned ${source.name} into ${environment.name} (${environment.id}${clusterName ? `, on ${clusterName}` : ''}).\n`
          : `${environment.name} (${environment.id}) already exists: nothing to clone.\n`,
      );
      return EXIT.ok;
    },
  },
  {
    name: 'environment delete',
    summary: 'delete an environment and its services',
    about: `Deletes the environment and every service in it. With --watch, follows the deletion until the
environment is gone.`,
    flags: [
      ...ENVIRONMENT_FLAGS,
      { name: 'yes', short: 'y', about: 'accepted for the Qovery CLI’s scripts: this command never asks' },
      ...WAIT_FLAGS,
    ],
    async run(context) {
      const environment = await actOnEnvironment(context, async (qovery, found) => {
        await qovery.environments.delete(found.id);
        return `Deleted environment ${found.name} (${found.id}) and its services.`;
      });
      try {
        return await followEnvironment(context, environment, null, 'DELETED');
      } catch (error) {
        // Gone before the wait saw it go: deleted.
        if (!(error instanceof NotFoundError)) throw error;
        context.io.stderr(`${environment.name}: DELETED.\n`);
        return EXIT.ok;
      }
    },
  },
  {
    name: 'environment links',
    summary: "the public URLs of an environment's services",
    about: `Prints the public URLs of the environment's services; JSON is { "links": [{ service_id,
service_type, url, internal_port, external_port, is_qovery_domain, is_default }] }.`,
    flags: [...ENVIRONMENT_FLAGS, { name: 'format', value: 'table|json', about: 'default: table' }],
    async run({ values, io, client }) {
      const format = formatOf(values);
      const qovery = client();
      const environment = await environmentOf(qovery, values);
      const links = await qovery.environments.links(environment.id);
      if (format === 'json') print(io, { links });
      else
        io.stdout(
          `${table(
            ['SERVICE', 'KIND', 'URL'],
            links.map((l) => [l.service_id, l.service_type.toLowerCase(), l.url]),
          )}\n`,
        );
      return EXIT.ok;
    },
  },
  {
    name: 'environment cancel',
    summary: 'cancel the deployment running in an environment',
    about: `Cancels the deployment under way in the environment: its services end CANCELED. Nothing running is
an error (exit 1). With --watch, follows it until CANCELED (exit 3 if it ends otherwise).`,
    flags: [
      ...ENVIRONMENT_FLAGS,
      { name: 'force', short: 'f', about: 'cancel at once, without waiting for the step under way to end' },
      ...WAIT_FLAGS,
    ],
    async run(context) {
      const forced = context.values.force === true;
      const environment = await actOnEnvironment(context, async (qovery, found) => {
        await qovery.environments.cancel(found.id, { force: forced });
        return `Canceling the deployment of environment ${found.name} (${found.id})${forced ? ', forced' : ''}.`;
      });
      return followEnvironment(context, environment, null, 'CANCELED');
    },
  },
  {
    name: 'environment deployment list',
    summary: "an environment's latest deployments: id, start, status, duration",
    about: `Lists the environment's latest deployments, newest first, one a line: the execution id (the one
environment deployment explain takes), when it started, its status and how long it took. JSON is
[{ id, created_at, status, deployment_duration_in_seconds }].`,
    flags: [...ENVIRONMENT_FLAGS, JSON_FLAG],
    async run({ values, io, client }) {
      const qovery = client();
      const environment = await environmentOf(qovery, values);
      const page = await qovery.deployments.list({ environmentId: environment.id });
      const rows = (Array.isArray(page.results) ? page.results : []).map((entry) => {
        const seconds = durationSeconds(loose(entry).total_duration);
        return {
          id: text(loose(loose(entry).identifier).execution_id),
          created_at: text(loose(loose(entry).auditing_data).created_at),
          status: text(loose(entry).status),
          deployment_duration_in_seconds: seconds ?? null,
        };
      });
      if (values.json) print(io, rows);
      else
        io.stdout(
          `${table(
            ['ID', 'STARTED', 'STATUS', 'DURATION'],
            rows.map((r) => [
              r.id,
              r.created_at,
              r.status,
              r.deployment_duration_in_seconds === null ? '' : duration(r.deployment_duration_in_seconds),
            ]),
          )}\n`,
        );
      return EXIT.ok;
    },
  },
  {
    name: 'environment deployment explain',
    summary: 'what happened in a deployment: stages, services, steps, errors',
    about: `Explains a deployment (the latest, or the one --id names): the tree environment → stage → service
→ step, with each one's status and duration, then every error with its hint and link, in 80
columns for a CI log. JSON is the SDK's deployments.explain() object.`,
    flags: [
      ...ENVIRONMENT_FLAGS,
      {
        name: 'id',
        value: 'EXECUTION_ID',
        about: 'the deployment (see environment deployment list); default: the latest',
      },
      JSON_FLAG,
    ],
    async run({ values, io, client }) {
      const qovery = client();
      const environment = await environmentOf(qovery, values);
      const id = flag(values, 'id');
      const explained = await qovery.deployments.explain({
        environmentId: environment.id,
        ...(id && { executionId: id }),
      });
      if (values.json) print(io, explained);
      else io.stdout(explainText(environment.name, explained));
      return EXIT.ok;
    },
  },
];

const MODES = ['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION'] as const;

/** --environment-type (the Go CLI's) or --mode, checked before any request. */
function modeOf(values: Values): (typeof MODES)[number] | undefined {
  const type = flag(values, 'environment-type');
  const mode = flag(values, 'mode');
  if (type !== undefined && mode !== undefined && type.toUpperCase() !== mode.toUpperCase())
    throw new UsageError('--environment-type and --mode name two modes; give one');
  const given = (type ?? mode)?.toUpperCase();
  if (given === undefined) return undefined;
  const known = MODES.find((m) => m === given);
  if (!known) throw new UsageError(`--environment-type must be one of ${MODES.join(', ')}`);
  return known;
}

/**
 * What an action on one environment does first: --timeout checked, the environment found by its
 * flags, the action run, and what it did said on stderr. Resolves with the environment, to follow.
 */
async function actOnEnvironment(
  context: Context,
  act: (qovery: Qovery, environment: Awaited<ReturnType<typeof environmentOf>>) => Promise<string>,
) {
  timeoutOf(context.values);
  const qovery = context.client();
  const environment = await environmentOf(qovery, context.values);
  context.io.stderr(`${await act(qovery, environment)}\n`);
  return environment;
}
