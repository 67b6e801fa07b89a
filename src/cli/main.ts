/** The command line: finds the command, parses its flags from its table, runs it, maps errors to exit codes. */
import { parseArgs } from 'node:util';
import { DeploymentFailedError, Qovery, QoveryError, ValidationError } from '../index.js';
import { VERSION } from '../version.js';
import { type Command, GLOBAL_FLAGS, optionsOf } from './command.js';
import { BY_NAME } from './commands/index.js';
import { type CliIO, type Context, UsageError, type Values } from './context.js';
import { givenCredentials, hideCredentials } from './credentials.js';
import { EXIT } from './exit-codes.js';
import { HELP } from './help.js';
import { errorText } from './watch.js';

export type { CliIO } from './context.js';
export { hideCredentials } from './credentials.js';
export { parseDuration } from './duration.js';
export { table } from './output.js';

/** Global options that take a value: written `--flag value`, they consume the next word. */
const VALUED_GLOBALS = new Set(GLOBAL_FLAGS.filter((f) => f.value).map((f) => `--${f.name}`));

/**
 * The command (its longest name the words start with: `environment deployment list`, `token`)
 * after any global options (`qovery-sdk --debug status`); the rest of `argv` is left for parseArgs.
 */
function commandOf(argv: string[]): { name: string | undefined; command: Command | undefined; rest: string[] } {
  let at = 0;
  while (argv[at]?.startsWith('-')) {
    // Global options that take a value consume the next word unless written --flag=value.
    at += VALUED_GLOBALS.has(argv[at] as string) ? 2 : 1;
  }
  const leading = argv.slice(0, at);
  const words = argv.slice(at);
  if (words[0] === undefined) return { name: undefined, command: undefined, rest: argv };
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const command = BY_NAME.get(words.slice(0, n).join(' '));
    if (command) return { name: command.name, command, rest: [...leading, ...words.slice(n)] };
  }
  return { name: words[0], command: undefined, rest: [...leading, ...words.slice(1)] };
}

/** Runs the command line; resolves with the exit code. */
export async function run(argv: string[], cliIO: CliIO): Promise<number> {
  // stderr never carries a credential, whatever a user typed where a name was expected.
  const secrets = givenCredentials(argv, cliIO.env);
  const io: CliIO = { ...cliIO, stderr: (text) => cliIO.stderr(hideCredentials(text, secrets)) };
  const { name, command, rest } = commandOf(argv);
  const help = HELP[command?.name ?? 'main'] ?? HELP.main ?? '';
  let values: Values;
  let positionals: string[];
  try {
    if (name !== undefined && !command) throw new UsageError(`unknown command "${name}"`);
    ({ values, positionals } = parseArgs({
      args: rest,
      options: optionsOf([...GLOBAL_FLAGS, ...(command?.flags ?? [])]),
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
    if (!command) throw new UsageError('no command given');
    for (const [flag, value] of Object.entries(values)) {
      if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${flag} must not be empty`);
    }
    const wanted = command.argument ? 1 : 0;
    if (positionals.length !== wanted) {
      throw new UsageError(
        positionals.length > wanted ? `unexpected argument "${positionals.at(-1)}"` : 'missing argument',
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
      const env = (variable: string) => io.env[variable]?.trim() || undefined;
      const apiToken =
        (values.token as string | undefined) ?? env('QOVERY_CLI_ACCESS_TOKEN') ?? env('QOVERY_API_TOKEN');
      if (!apiToken) throw new UsageError('no credentials: set QOVERY_CLI_ACCESS_TOKEN or QOVERY_API_TOKEN');
      try {
        qovery ??= new Qovery({
          apiToken,
          baseUrl: (values['api-url'] as string | undefined) ?? env('QOVERY_API_URL'),
          websocketUrl: env('QOVERY_WS_URL'),
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
    return await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`qovery-sdk: ${error.message}\n\n${help}\n`);
      return EXIT.usage;
    }
    if (values.debug && error instanceof Error) {
      io.stderr(`${error.stack}\n`);
    } else if (error instanceof QoveryError) {
      io.stderr(errorText(error));
    } else {
      io.stderr(`Error: ${(error as Error)?.message ?? error}\n`);
    }
    // The SDK names the option; on the command line it is a flag.
    if (
      !values.debug &&
      error instanceof ValidationError &&
      error.field === 'organizationId' &&
      /sees \d+ organizations/.test(error.message) &&
      !values['organization-id']
    ) {
      io.stderr('Pick one with --organization-id ID.\n');
    }
    return error instanceof DeploymentFailedError ? EXIT.deploymentFailed : EXIT.error;
  }
}
