import { hostname } from 'node:os';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { PASTED_SCHEME } from '../auth.js';
import {
  type ApiToken,
  DeploymentFailedError,
  type EnvironmentDeployServicesParams,
  LookupError,
  Qovery,
  QoveryError,
  type ServiceStatus,
  ValidationError,
  type VariableScope,
  type WaitTarget,
} from '../index.js';
import { onlyMatch, sameName } from '../lookup.js';
import { describeNames } from '../resources/environments.js';
import { type ServiceSummary, servicesNamed } from '../resources/service-kinds.js';
import { VERSION } from '../version.js';
import { EXIT, HELP } from './help.js';

/** Where the CLI reads and writes: the process in real life, buffers in tests. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal: progress then rewrites one line instead of printing many. */
  isTTY: boolean;
}

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL: Options = {
  'api-url': { type: 'string' },
  'organization-id': { type: 'string' },
  token: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

/** The kinds of service with a `<kind> deploy` command. */
const SERVICE_KINDS = ['application', 'container', 'job', 'helm', 'database'] as const;
type Kind = (typeof SERVICE_KINDS)[number];

/** Where to look: the organization, project and environment, by name. */
const WHERE: Options = {
  organization: { type: 'string' },
  project: { type: 'string' },
  environment: { type: 'string' },
};

/** A variable's scope below the environment: one service, by the Qovery CLI's flag for its kind. */
const SCOPE_FLAGS: Options = {
  application: { type: 'string' },
  container: { type: 'string' },
  job: { type: 'string' },
  helm: { type: 'string' },
};

/** What every deploy command takes: where to look, and whether and how long to wait. */
const DEPLOY_OPTIONS: Options = {
  ...WHERE,
  wait: { type: 'boolean' },
  // The Qovery CLI's name for --wait, so its users' scripts carry over.
  watch: { type: 'boolean', short: 'w' },
  timeout: { type: 'string' },
};

/** What each kind deploys from, with the Qovery CLI's own flag names. */
const KIND_OPTIONS: Record<Kind, Options> = {
  application: { commit: { type: 'string' } },
  container: { tag: { type: 'string' } },
  job: { tag: { type: 'string' }, commit: { type: 'string' } },
  helm: {
    chart_version: { type: 'string' },
    chart_git_commit_id: { type: 'string' },
    values_override_git_commit_id: { type: 'string' },
  },
  database: {},
};

/**
 * The services `environment deploy` deploys as one request instead of the whole environment, with
 * the Qovery CLI's flags: `--applications "api:<commit>,web"`, each name with an optional version
 * after a colon. `--databases` is ours: the API deploys databases by id, without a version.
 */
const ENVIRONMENT_SERVICE_FLAGS = {
  applications: 'application',
  containers: 'container',
  lifecycles: 'job',
  cronjobs: 'job',
  helms: 'helm',
  databases: 'database',
} as const satisfies Record<string, Kind>;

const COMMANDS: Record<string, { options: Options; positionals?: number }> = {
  token: {
    options: {
      name: { type: 'string' },
      description: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
    },
  },
  'token list': { options: { json: { type: 'boolean' } } },
  'token revoke': { options: {}, positionals: 1 },
  auth: { options: { json: { type: 'boolean' } } },
  ...Object.fromEntries(
    SERVICE_KINDS.map((kind) => [
      `${kind} deploy`,
      {
        options: {
          ...DEPLOY_OPTIONS,
          [kind]: { type: 'string' },
          [`${kind}s`]: { type: 'string' },
          ...KIND_OPTIONS[kind],
        },
      },
    ]),
  ),
  'application update': { options: { ...WHERE, application: { type: 'string' }, branch: { type: 'string' } } },
  'container update': {
    options: { ...WHERE, container: { type: 'string' }, tag: { type: 'string' }, 'image-name': { type: 'string' } },
  },
  'environment deploy': {
    options: {
      ...DEPLOY_OPTIONS,
      ...Object.fromEntries(Object.keys(ENVIRONMENT_SERVICE_FLAGS).map((flag) => [flag, { type: 'string' }])),
    },
  },
  'environment clone': { options: { ...WHERE, 'new-environment-name': { type: 'string' }, mode: { type: 'string' } } },
  'environment delete': { options: WHERE },
  'environment links': { options: { ...WHERE, format: { type: 'string' } } },
  ...Object.fromEntries(
    ['env create', 'env update', 'env set', 'env delete'].map((command) => [
      command,
      {
        options: {
          ...WHERE,
          ...SCOPE_FLAGS,
          key: { type: 'string' },
          value: { type: 'string' },
          secret: { type: 'boolean' },
        },
      },
    ]),
  ),
  status: {
    options: {
      format: { type: 'string' },
      organization: { type: 'string' },
      project: { type: 'string' },
      environment: { type: 'string' },
    },
  },
};

/** Wrong use of the command line: exit 2, with the command's help. */
class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;
interface Context {
  values: Values;
  positionals: string[];
  io: CliIO;
  client: () => Qovery;
}

/** Global options that take a value: written `--flag value`, they consume the next word. */
const VALUED_GLOBALS = new Set(['--api-url', '--organization-id', '--token']);

/**
 * The command words (`token list`, `application deploy` → `deploy`), after any global options
 * (`qovery-sdk --debug status`); the rest of `argv` is left for parseArgs.
 */
function commandOf(argv: string[]): { command: string | undefined; rest: string[] } {
  let at = 0;
  while (argv[at]?.startsWith('-')) {
    const flag = argv[at] as string;
    // Global options that take a value consume the next word unless written --flag=value.
    at += VALUED_GLOBALS.has(flag) ? 2 : 1;
  }
  const leading = argv.slice(0, at);
  const [first, second] = argv.slice(at);
  if (first === undefined) return { command: undefined, rest: argv };
  const pair = `${first} ${second}`;
  // `deploy` alone is `application deploy`, as it was before the other kinds.
  const command = COMMANDS[pair] ? pair : first === 'deploy' ? 'application deploy' : first;
  return { command, rest: [...leading, ...argv.slice(at + (COMMANDS[pair] ? 2 : 1))] };
}

/** Anything shaped like a credential (an API token, a JWT), so that no message ever echoes one. */
const CREDENTIAL = /qov_[A-Za-z0-9_-]+|eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Only a public marker (`qov_`, `eyJ`) is kept to say what was hidden: any other start is secret. */
const hidden = (credential: string) => `${/^(qov_|eyJ)/.exec(credential)?.[0] ?? ''}…(hidden)`;
/** `text` without the credentials given (whole, longest first), nor anything shaped like one. */
export const hideCredentials = (text: string, given: readonly string[] = []): string =>
  given.reduce((out, credential) => out.split(credential).join(hidden(credential)), text).replace(CREDENTIAL, hidden);

/**
 * The credentials this run was given, as typed and as the SDK reads them (a pasted `Token ` or
 * `Bearer ` left out): hidden whole from stderr even where their characters fall outside what
 * CREDENTIAL matches. Longest first, so that one containing another is not cut in two.
 */
function givenCredentials(argv: string[], env: CliIO['env']): string[] {
  const flags = argv.flatMap((arg, i) =>
    arg === '--token' ? [argv[i + 1]] : arg.startsWith('--token=') ? [arg.slice('--token='.length)] : [],
  );
  // A secret's value, given to `env create|update|set --secret --value V`, is hidden the same way.
  const secretValues = argv.includes('--secret')
    ? argv.flatMap((arg, i) => (arg === '--value' ? [argv[i + 1]] : arg.startsWith('--value=') ? [arg.slice(8)] : []))
    : [];
  const values = [env.QOVERY_CLI_ACCESS_TOKEN, env.QOVERY_API_TOKEN, ...flags, ...secretValues]
    .map((value) => value?.trim() ?? '')
    .filter((value) => !value.startsWith('-'))
    .flatMap((value) => [value, value.replace(PASTED_SCHEME, '').trim()]);
  // A shorter value is no credential, and hiding every copy of it would garble the message.
  return [...new Set(values)].filter((value) => value.length >= 8).sort((a, b) => b.length - a.length);
}

/** Runs the command line; resolves with the exit code. */
export async function run(argv: string[], cliIO: CliIO): Promise<number> {
  // stderr never carries a credential, whatever a user typed where a name was expected.
  const secrets = givenCredentials(argv, cliIO.env);
  const io: CliIO = { ...cliIO, stderr: (text) => cliIO.stderr(hideCredentials(text, secrets)) };
  const { command, rest } = commandOf(argv);
  const spec = command === undefined ? { options: {} } : COMMANDS[command];
  const help = HELP[command ?? 'main'] ?? HELP.main ?? '';
  let values: Values;
  let positionals: string[];
  try {
    if (!spec) throw new UsageError(`unknown command "${command}"`);
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL, ...spec.options },
      strict: true,
      allowPositionals: true,
    }) as { values: Values; positionals: string[] });
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (values.help) {
      io.stdout(`${help}\n`);
      return EXIT.ok;
    }
    if (command === undefined) throw new UsageError('no command given');
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${name} must not be empty`);
    }
    if (positionals.length !== (spec.positionals ?? 0)) {
      throw new UsageError(
        positionals.length > (spec.positionals ?? 0)
          ? `unexpected argument "${positionals.at(-1)}"`
          : 'missing argument',
      );
    }
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.stderr(`qovery-sdk: ${error.message}\n\n${help}\n`);
    return EXIT.usage;
  }

  let qovery: Qovery | undefined;
  const context: Context = {
    values,
    positionals,
    io,
    client: () => {
      // Blank variables count as unset, as they do for the SDK (a CI template may expand an unset
      // variable to ""). The CLI's own order, as Qovery's CLI documents it: the CLI variable first.
      const env = (name: string) => io.env[name]?.trim() || undefined;
      const apiToken =
        (values.token as string | undefined) ?? env('QOVERY_CLI_ACCESS_TOKEN') ?? env('QOVERY_API_TOKEN');
      if (!apiToken) throw new UsageError('no credentials: set QOVERY_CLI_ACCESS_TOKEN or QOVERY_API_TOKEN');
      try {
        qovery ??= new Qovery({
          apiToken,
          baseUrl: (values['api-url'] as string | undefined) ?? env('QOVERY_API_URL'),
          organizationId: values['organization-id'] as string | undefined,
        });
      } catch (error) {
        // A malformed token or URL given on the command line is bad usage, not an API failure.
        throw error instanceof ValidationError ? new UsageError(error.message) : error;
      }
      return qovery;
    },
  };
  try {
    return (await ACTIONS[command as string]?.(context)) ?? EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`qovery-sdk: ${error.message}\n\n${help}\n`);
      return EXIT.usage;
    }
    const known = error instanceof QoveryError;
    // The SDK names the option; on the command line it is a flag.
    const hint =
      error instanceof ValidationError &&
      error.field === 'organizationId' &&
      /sees \d+ organizations/.test(error.message) &&
      !values['organization-id']
        ? 'Pick one with --organization-id ID.\n'
        : '';
    io.stderr(
      values.debug && error instanceof Error
        ? `${error.stack}\n`
        : `${known ? error.name : 'Error'}: ${(error as Error)?.message ?? error}\n${hint}`,
    );
    return error instanceof DeploymentFailedError ? EXIT.deploymentFailed : EXIT.error;
  }
}

const waits = (values: Values) => values.wait === true || values.watch === true;
const timeoutOf = (values: Values) =>
  values.timeout === undefined ? undefined : parseDuration(values.timeout as string);

/** `--organization NAME` as an id (one request), or undefined: the client's own, or the token's only one. */
async function organizationIdOf(qovery: Qovery, values: Values): Promise<string | undefined> {
  const name = values.organization as string | undefined;
  if (name === undefined) return undefined;
  const organizations = await qovery.organization.list();
  return onlyMatch(
    organizations.filter((o) => sameName(o.name, name)).map((item) => ({ item, path: item.name })),
    'organization',
    `"${name}"`,
  ).id;
}

/** `table` or `json`, from --format. */
function formatOf(values: Values): 'table' | 'json' {
  const format = (values.format as string | undefined) ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError('--format must be table or json');
  return format;
}

/** The environment named by --environment (and --project, --organization). */
async function environmentOf(qovery: Qovery, values: Values) {
  const environment = values.environment as string | undefined;
  if (!environment) throw new UsageError('--environment is required');
  return qovery.environments.find({
    project: values.project as string | undefined,
    environment,
    organizationId: await organizationIdOf(qovery, values),
  });
}

/** The variable scope the flags name: a service of the environment (one request), or the environment. */
async function variableScope(qovery: Qovery, values: Values): Promise<{ scope: VariableScope; where: string }> {
  const kinds = (['application', 'container', 'job', 'helm'] as const).filter((kind) => values[kind] !== undefined);
  if (kinds.length > 1) throw new UsageError('give at most one of --application, --container, --job, --helm');
  const environment = await environmentOf(qovery, values);
  const [kind] = kinds;
  if (kind === undefined) return { scope: { environmentId: environment.id }, where: `environment ${environment.name}` };
  const name = values[kind] as string;
  const summaries = await qovery.services.list({ environmentId: environment.id });
  const service = onlyMatch(
    servicesNamed(summaries, { name, serviceType: kind.toUpperCase() }),
    kind,
    describeNames({ environment: environment.name, [kind]: name }),
  );
  return { scope: { [`${kind}Id`]: service.id } as unknown as VariableScope, where: `${kind} ${service.name}` };
}

/**
 * `env create|update|set|delete --key K [--value V] [--secret]`, at the scope the flags name. `set`
 * is the one to re-run: it creates, updates or overrides only what differs. No value is ever printed.
 */
async function variable(
  verb: 'create' | 'update' | 'set' | 'delete',
  { values, io, client }: Context,
): Promise<number> {
  const key = values.key as string | undefined;
  const value = values.value as string | undefined;
  if (!key) throw new UsageError('--key is required');
  if (verb !== 'delete' && value === undefined) throw new UsageError('--value is required');
  const qovery = client();
  const { scope, where } = await variableScope(qovery, values);
  const secret = values.secret === true;
  const kind = secret ? 'secret' : 'variable';
  if (verb === 'create') {
    await qovery.variables.create(scope, { key, value: value as string, secret });
    io.stderr(`Created ${kind} ${key} on ${where}.\n`);
  } else if (verb === 'set') {
    const { outcome } = await qovery.variables.set(scope, key, value as string, { secret });
    io.stderr(`${kind[0]?.toUpperCase()}${kind.slice(1)} ${key} on ${where}: ${outcome}.\n`);
  } else {
    const found = await qovery.variables.get(scope, key);
    if (verb === 'update') await qovery.variables.update(found.id, { key, value });
    else await qovery.variables.delete(found.id);
    io.stderr(
      `${verb === 'update' ? 'Updated' : 'Deleted'} ${found.is_secret ? 'secret' : 'variable'} ${key} on ${where}.\n`,
    );
  }
  return EXIT.ok;
}

/** The one service of `kind` named by its flag, with --organization, --project, --environment (one request). */
async function serviceNamed(qovery: Qovery, kind: Kind, values: Values): Promise<ServiceSummary> {
  const name = values[kind] as string | undefined;
  if (!name) throw new UsageError(`--${kind} is required`);
  const where = {
    project: values.project as string | undefined,
    environment: values.environment as string | undefined,
  };
  const summaries = await qovery.services.list({ organizationId: await organizationIdOf(qovery, values) });
  return onlyMatch(
    servicesNamed(summaries, { name, ...where, serviceType: kind.toUpperCase() }),
    kind,
    describeNames({ ...where, [kind]: name }),
  );
}

/** `--container api` or `--containers "api,worker"`: the names given, at least one. */
function namesOf(kind: Kind, values: Values): string[] {
  const names = [values[kind], ...String(values[`${kind}s`] ?? '').split(',')]
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`--${kind} (or --${kind}s "a,b") is required`);
  return [...new Set(names)];
}

/** One service `environment deploy` was asked to deploy: its kind, name and version, if any. */
interface AskedService {
  kind: (typeof ENVIRONMENT_SERVICE_FLAGS)[keyof typeof ENVIRONMENT_SERVICE_FLAGS];
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
  const given = Object.entries(ENVIRONMENT_SERVICE_FLAGS).filter(([flag]) => values[flag] !== undefined);
  if (given.length === 0) return undefined;
  return given.flatMap(([flag, kind]) => {
    const items = String(values[flag])
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) throw new UsageError(`--${flag} names no service`);
    return items.map((item) => {
      const colon = item.indexOf(':');
      const [name, version] = colon < 0 ? [item, undefined] : [item.slice(0, colon), item.slice(colon + 1)];
      if (!name || version === '') throw new UsageError(`--${flag}: "${item}" is not NAME or NAME:VERSION`);
      if (kind === 'database' && version !== undefined)
        throw new UsageError(`--${flag}: a database deploys without a version ("${item}")`);
      return { kind, name, version };
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

/** What a deploy of `kind` sends, from the flags, and how to say it ("at tag v1.2"). */
function deployFrom(
  kind: Kind,
  values: Values,
  env: CliIO['env'],
): { deploy: (qovery: Qovery, id: string) => Promise<ServiceStatus>; what: string } {
  const flag = (name: string) => values[name] as string | undefined;
  switch (kind) {
    case 'application': {
      const commit = flag('commit') ?? (env.GITHUB_SHA || env.CI_COMMIT_SHA || undefined);
      return commit
        ? { deploy: (q, id) => q.applications.deploy(id, { gitCommitId: commit }), what: ` at ${commit.slice(0, 12)}` }
        : { deploy: (q, id) => q.applications.redeploy(id), what: ' at its current commit' };
    }
    case 'container': {
      const tag = flag('tag');
      return tag
        ? { deploy: (q, id) => q.containers.deploy(id, { imageTag: tag }), what: ` at tag ${tag}` }
        : { deploy: (q, id) => q.containers.redeploy(id), what: ' at its current tag' };
    }
    case 'job': {
      const [tag, commit] = [flag('tag'), flag('commit')];
      if (tag && commit) throw new UsageError('give --tag or --commit, not both: a job deploys from one source');
      const params = tag ? { imageTag: tag } : commit ? { gitCommitId: commit } : {};
      return {
        deploy: (q, id) => q.jobs.deploy(id, params),
        what: tag ? ` at tag ${tag}` : commit ? ` at ${commit.slice(0, 12)}` : '',
      };
    }
    case 'helm': {
      const chartVersion = flag('chart_version');
      const params = {
        chartVersion,
        gitCommitId: flag('chart_git_commit_id'),
        valuesOverrideGitCommitId: flag('values_override_git_commit_id'),
      };
      return {
        deploy: (q, id) => q.helms.deploy(id, params),
        what: chartVersion ? ` at chart version ${chartVersion}` : '',
      };
    }
    case 'database':
      return { deploy: (q, id) => q.databases.deploy(id), what: '' };
  }
}

/**
 * `<kind> deploy`: finds each named service of the kind in one request (the organization's list of
 * services), deploys each, and with --wait follows them all; exit 3 when any ends in failure.
 */
async function deployServices(kind: Kind, context: Context): Promise<number> {
  const { values, io, client } = context;
  const names = namesOf(kind, values);
  const timeout = timeoutOf(values);
  const { deploy, what } = deployFrom(kind, values, io.env);
  const qovery = client();
  const organizationId = await organizationIdOf(qovery, values);
  const summaries = await qovery.services.list({ organizationId });
  const where = {
    project: values.project as string | undefined,
    environment: values.environment as string | undefined,
  };
  const services = names.map((name) =>
    onlyMatch(
      servicesNamed(summaries, { name, ...where, serviceType: kind.toUpperCase() }),
      kind,
      describeNames({ ...where, [kind]: name }),
    ),
  );
  const queued: { service: ServiceSummary; status: ServiceStatus }[] = [];
  for (const service of services) {
    queued.push({ service, status: await deploy(qovery, service.id) });
    io.stderr(`Deploying ${kind} ${service.name} (${service.id})${what}.\n`);
  }
  if (!waits(values)) return EXIT.ok;
  const field = `${kind}Id` as const;
  const outcomes = await Promise.allSettled(
    queued.map(({ service, status }) =>
      follow(
        context,
        service.name,
        { [field]: service.id, deploymentRequestId: status.deployment_request_id } as WaitTarget,
        timeout,
        queued.length > 1,
      ),
    ),
  );
  const failed = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed.length === 1 && queued.length === 1) throw failed[0]?.reason;
  for (const failure of failed) {
    io.stderr(
      `${failure.reason instanceof Error ? `${failure.reason.name}: ${failure.reason.message}` : String(failure.reason)}\n`,
    );
  }
  if (failed.some((failure) => !(failure.reason instanceof DeploymentFailedError))) return EXIT.error;
  return failed.length > 0 ? EXIT.deploymentFailed : EXIT.ok;
}

/** Waits for one deployment, printing each new state (prefixed by the name when several are followed). */
async function follow(
  context: Context,
  name: string,
  target: WaitTarget,
  timeout: number | undefined,
  prefixed: boolean,
): Promise<void> {
  const { io, client } = context;
  const rewrite = io.isTTY && !prefixed;
  let line = '';
  const final = await client()
    .deployments.wait(target, {
      timeout,
      onProgress: (p) => {
        line = `${prefixed ? `${name}: ` : ''}${Math.round(p.elapsedMs / 1000)}s ${p.state}`;
        io.stderr(rewrite ? `\r\x1b[2K${line}` : `${line}\n`);
      },
    })
    .finally(() => {
      if (rewrite && line) io.stderr('\n');
    });
  io.stderr(`${name}: ${final.state} after ${Math.round(final.elapsedMs / 1000)}s.\n`);
}

const print = (io: CliIO, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** Columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `90s`, `10m`, `1h`, `500ms`, or plain seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match?.[2] ?? 's'] ?? 1000;
  const ms = match ? Number(match[1]) * unit : Number.NaN;
  // Timers hold at most 2^31 - 1 ms (about 24 days).
  if (!(ms > 0 && ms <= 2 ** 31 - 1)) {
    throw new UsageError(`--timeout: "${text}" is not a duration such as 90s, 10m or 1h (at most 24 days)`);
  }
  return ms;
}

const ACTIONS: Record<string, (context: Context) => Promise<number>> = {
  async token({ values, io, client }) {
    const name =
      (values.name as string | undefined) ?? `qovery-sdk ${hostname()} ${new Date().toISOString().slice(0, 10)}`;
    const created = await client().apiTokens.create({
      name,
      description: values.description as string | undefined,
      role: values.role as string | undefined,
    });
    if (!created.token) {
      // Never print "undefined" into a secret store: say which token to revoke instead.
      throw new QoveryError(`The API created token ${created.id} but sent no value for it: revoke it and try again`);
    }
    const role = created.role_name ?? null;
    if (values.json) {
      print(io, { id: created.id, name: created.name ?? name, role, token: created.token });
    } else {
      io.stdout(`${created.token}\n`);
    }
    io.stderr(
      `Created API token "${created.name ?? name}" (${created.id}) with role ${role ?? 'chosen by the API'}.\n` +
        'Its value is shown once: store it now.\n',
    );
    return EXIT.ok;
  },

  async 'token list'({ values, io, client }) {
    const tokens = await client().apiTokens.list();
    const rows = tokens.map((t: ApiToken) => ({
      id: t.id,
      name: t.name ?? '',
      role: t.role_name ?? '',
      created_at: t.created_at,
    }));
    if (values.json) print(io, rows);
    else
      io.stdout(
        `${table(
          ['NAME', 'ID', 'ROLE', 'CREATED'],
          rows.map((r) => [r.name, r.id, r.role, r.created_at]),
        )}\n`,
      );
    return EXIT.ok;
  },

  async 'token revoke'({ positionals, io, client }) {
    const [wanted = ''] = positionals;
    if (new RegExp(CREDENTIAL.source).test(wanted)) {
      throw new UsageError(
        "that looks like a token's value, which the API never lists: revoke it by id or name (see token list)",
      );
    }
    const qovery = client();
    const tokens = await qovery.apiTokens.list();
    const byId = tokens.find((t) => t.id === wanted);
    const matches = byId ? [byId] : tokens.filter((t) => t.name?.toLowerCase() === wanted.trim().toLowerCase());
    const [token, other] = matches;
    if (!token || other) {
      const found = matches.map((t) => ({ id: t.id, name: t.name ?? '' }));
      throw new LookupError(
        token
          ? `${matches.length} tokens are named "${wanted}": ${found.map((t) => t.id).join(', ')}; revoke one by id`
          : `No token has the id or name "${wanted}"`,
        'token',
        found,
      );
    }
    await qovery.apiTokens.delete(token.id);
    io.stderr(`Revoked API token "${token.name ?? ''}" (${token.id}).\n`);
    return EXIT.ok;
  },

  async auth({ values, io, client }) {
    const qovery = client();
    const organizations = await qovery.organization.list();
    const limit = qovery.rateLimit;
    const report = {
      scheme: qovery.authScheme,
      baseUrl: qovery.baseUrl,
      organizations: organizations.map(({ id, name }) => ({ id, name })),
      rateLimit: limit
        ? { limit: limit.limit, remaining: limit.remaining, resetAt: limit.resetAt.toISOString() }
        : null,
    };
    if (values.json) {
      print(io, report);
      return EXIT.ok;
    }
    io.stdout(
      `${[
        `Authenticated against ${qovery.baseUrl} (Authorization: ${qovery.authScheme} …).`,
        ...organizations.map((o) => `Organization: ${o.name} (${o.id})`),
        limit
          ? `Rate limit: ${limit.remaining}/${limit.limit} requests left until ${limit.resetAt.toISOString()}`
          : 'Rate limit: not reported',
      ].join('\n')}\n`,
    );
    return EXIT.ok;
  },

  ...Object.fromEntries(
    SERVICE_KINDS.map((kind) => [`${kind} deploy`, (context: Context) => deployServices(kind, context)]),
  ),

  async 'application update'({ values, io, client }) {
    const branch = values.branch as string | undefined;
    if (!branch) throw new UsageError('--branch is required');
    const qovery = client();
    const service = await serviceNamed(qovery, 'application', values);
    await qovery.applications.update(service.id, { branch });
    io.stderr(`Application ${service.name} (${service.id}) builds from branch ${branch}; deploy it to build.\n`);
    return EXIT.ok;
  },

  async 'container update'({ values, io, client }) {
    const tag = values.tag as string | undefined;
    const imageName = values['image-name'] as string | undefined;
    if (!tag && !imageName) throw new UsageError('give --tag, --image-name or both');
    const qovery = client();
    const service = await serviceNamed(qovery, 'container', values);
    const updated = await qovery.containers.update(service.id, { tag, imageName });
    io.stderr(
      `Container ${service.name} (${service.id}) runs ${updated.image_name}:${updated.tag}; deploy it to run.\n`,
    );
    return EXIT.ok;
  },

  async 'environment clone'({ values, io, client }) {
    const name = values['new-environment-name'] as string | undefined;
    if (!name) throw new UsageError('--new-environment-name is required');
    const qovery = client();
    const source = await environmentOf(qovery, values);
    const { environment, created } = await qovery.environments.ensureClone(source.id, {
      name,
      ...(values.mode ? { mode: String(values.mode).toUpperCase() as 'PREVIEW' } : {}),
    });
    io.stdout(`${environment.id}\n`);
    io.stderr(
      created
        ? `Cloned ${source.name} into ${environment.name} (${environment.id}).\n`
        : `${environment.name} (${environment.id}) already exists: nothing to clone.\n`,
    );
    return EXIT.ok;
  },

  async 'environment delete'({ values, io, client }) {
    const qovery = client();
    const environment = await environmentOf(qovery, values);
    await qovery.environments.delete(environment.id);
    io.stderr(`Deleted environment ${environment.name} (${environment.id}) and its services.\n`);
    return EXIT.ok;
  },

  async 'environment links'({ values, io, client }) {
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

  ...Object.fromEntries(
    (['create', 'update', 'set', 'delete'] as const).map((verb) => [
      `env ${verb}`,
      (context: Context) => variable(verb, context),
    ]),
  ),

  async 'environment deploy'(context) {
    const { values, client } = context;
    const timeout = timeoutOf(values);
    const asked = askedServices(values);
    const qovery = client();
    const found = await environmentOf(qovery, values);
    const queued = asked
      ? await qovery.environments.deployServices(found.id, await servicesToDeploy(qovery, found, asked))
      : await qovery.environments.deploy(found.id);
    const what = asked ? `${asked.length} service${asked.length > 1 ? 's' : ''} of ` : '';
    context.io.stderr(`Deploying ${what}environment ${found.name} (${found.id}).\n`);
    if (!waits(values)) return EXIT.ok;
    await follow(
      context,
      found.name,
      { environmentId: found.id, deploymentRequestId: queued.deployment_request_id },
      timeout,
      false,
    );
    return EXIT.ok;
  },

  async status({ values, io, client }) {
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError('--format must be table or json');
    const qovery = client();
    const { services } = await qovery.status({
      organizationId: await organizationIdOf(qovery, values),
      project: values.project as string | undefined,
      environment: values.environment as string | undefined,
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
};
