import { hostname } from 'node:os';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { PASTED_SCHEME } from '../auth.js';
import {
  type ApiToken,
  DeploymentFailedError,
  LookupError,
  Qovery,
  QoveryError,
  type ServiceReport,
  ValidationError,
} from '../index.js';
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
  deploy: {
    options: {
      application: { type: 'string' },
      environment: { type: 'string' },
      project: { type: 'string' },
      commit: { type: 'string' },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
    },
  },
  status: {
    options: { format: { type: 'string' }, project: { type: 'string' }, environment: { type: 'string' } },
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
  const words =
    first === 'token' && (second === 'list' || second === 'revoke')
      ? 2
      : first === 'application' && second === 'deploy'
        ? 2
        : 1;
  const command = words === 2 ? (first === 'token' ? `token ${second}` : 'deploy') : first;
  return { command, rest: [...leading, ...argv.slice(at + words)] };
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
  const values = [env.QOVERY_CLI_ACCESS_TOKEN, env.QOVERY_API_TOKEN, ...flags]
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

  async deploy({ values, io, client }) {
    const application = values.application as string | undefined;
    if (!application) throw new UsageError('--application is required');
    const timeout = values.timeout === undefined ? undefined : parseDuration(values.timeout as string);
    const qovery = client();
    const app = await qovery.applications.find({
      project: values.project as string | undefined,
      environment: values.environment as string | undefined,
      application,
    });
    const commit = (values.commit as string | undefined) ?? (io.env.GITHUB_SHA || io.env.CI_COMMIT_SHA || undefined);
    const queued = commit
      ? await qovery.applications.deploy(app.id, { gitCommitId: commit })
      : await qovery.applications.redeploy(app.id);
    io.stderr(
      `Deploying ${app.name} (${app.id})${commit ? ` at ${commit.slice(0, 12)}` : ' at its current commit'}.\n`,
    );
    if (!values.wait) return EXIT.ok;
    let line = '';
    const final = await qovery.deployments
      .wait(
        { applicationId: app.id, deploymentRequestId: queued.deployment_request_id },
        {
          timeout,
          onProgress: (p) => {
            line = `${Math.round(p.elapsedMs / 1000)}s ${p.state}`;
            io.stderr(io.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
          },
        },
      )
      .finally(() => {
        if (io.isTTY && line) io.stderr('\n');
      });
    io.stderr(`${app.name}: ${final.state} after ${Math.round(final.elapsedMs / 1000)}s.\n`);
    return EXIT.ok;
  },

  async status({ values, io, client }) {
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError('--format must be table or json');
    const qovery = client();
    const project = values.project as string | undefined;
    const environment = values.environment as string | undefined;
    let services: ServiceReport[];
    if (environment !== undefined) {
      const found = await qovery.environments.find({ project, environment });
      services = (await qovery.status({ environmentId: found.id })).services;
    } else if (project !== undefined) {
      const found = await qovery.projects.find({ name: project });
      services = (await qovery.status({ projectId: found.id })).services;
    } else {
      services = (await qovery.status()).services;
    }
    if (format === 'json') print(io, { services });
    else
      io.stdout(
        `${table(
          ['PROJECT', 'ENVIRONMENT', 'SERVICE', 'KIND', 'STATUS', 'STATE'],
          services.map((s) => [s.project, s.environment, s.name ?? s.id, s.kind, s.status, s.state]),
        )}\n`,
      );
    return services.some((s) => s.status === 'ERROR') ? EXIT.serviceInError : EXIT.ok;
  },
};
