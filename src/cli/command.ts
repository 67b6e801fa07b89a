/**
 * A command as one table: its flags (name, value, short form, help text) and what it does. The
 * same table gives parseArgs its options and `--help` its text, so the help cannot name a flag the
 * parser refuses, nor leave out one it accepts.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Context } from './context.js';
import { EXIT_CODES } from './exit-codes.js';
import { wrap } from './output.js';

export interface Flag {
  /** Written `--name`. */
  name: string;
  /** What its value is called in the help (`NAME`); a flag without one is a switch. */
  value?: string;
  /** A one-letter form, `-w`. */
  short?: string;
  /** Shown in the synopsis without brackets. Checked by the command itself, not the parser. */
  required?: boolean;
  /** One line (or a few) of help. */
  about: string;
}

export interface Command {
  /** The words that name it: `environment deployment list`. */
  name: string;
  /** Other words that run it too (`deploy` for `application deploy`). */
  aliases?: string[];
  /** Its line in `qovery-sdk --help`. */
  summary: string;
  /** What it takes after the flags, when anything (`ID|NAME`): exactly one such argument. */
  argument?: string;
  /** The paragraph(s) of its `--help` between the synopsis and the flags. */
  about: string;
  flags: Flag[];
  run: (context: Context) => Promise<number>;
}

/** The flags every command takes. */
export const GLOBAL_FLAGS: Flag[] = [
  { name: 'api-url', value: 'URL', about: 'API base URL (default: QOVERY_API_URL, else https://api.qovery.com)' },
  {
    name: 'organization-id',
    value: 'ID',
    about: "the organization to work in; needed only when the credential sees several (a user's JWT may)",
  },
  {
    name: 'token',
    value: 'TOKEN',
    about:
      'credential to use; prefer QOVERY_CLI_ACCESS_TOKEN or QOVERY_API_TOKEN, since a flag lands in your shell history',
  },
  { name: 'debug', about: 'print stack traces of errors' },
  { name: 'help', short: 'h', about: 'help for the command' },
  { name: 'version', short: 'v', about: 'the version' },
];

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs' options for `flags`. */
export function optionsOf(flags: readonly Flag[]): Options {
  return Object.fromEntries(
    flags.map((f) => [f.name, { type: f.value ? 'string' : 'boolean', ...(f.short && { short: f.short }) }]),
  ) as Options;
}

const WIDTH = 100;
const COLUMN = 24;

/** The flags' lines of a help text: the flag on the left, its help wrapped on the right. */
export function flagLines(flags: readonly Flag[]): string {
  return flags
    .flatMap((f) => {
      const left = `  ${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`;
      const about = wrap(f.about, WIDTH, ' '.repeat(COLUMN));
      if (left.length < COLUMN) return [left.padEnd(COLUMN) + (about[0] ?? '').trimStart(), ...about.slice(1)];
      return [left, ...about];
    })
    .join('\n');
}

export const GLOBAL_HELP = `Global options:\n${flagLines(GLOBAL_FLAGS)}`;

/** `Usage: qovery-sdk <name> --required V [--optional V] …`, wrapped under the command. */
function synopsis(command: Command): string {
  const words = command.flags.map((f) => {
    const written = `--${f.name}${f.value ? ` ${f.value}` : ''}`;
    return f.required ? written : `[${written}]`;
  });
  const start = `Usage: qovery-sdk ${command.name}${command.argument ? ` ${command.argument}` : ''}`;
  const indent = ' '.repeat(Math.min(start.length + 1, 40));
  const lines: string[] = [];
  let line = start;
  for (const word of words) {
    if (line.length + 1 + word.length > WIDTH && line !== start && line.trim() !== '') {
      lines.push(line);
      line = indent.slice(0, -1);
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The command's `--help`. */
export function helpOf(command: Command): string {
  const also = (command.aliases ?? []).map((alias) => `Also written: qovery-sdk ${alias} ...\n`).join('');
  return [
    synopsis(command),
    `${command.about}${also ? `\n${also.trimEnd()}` : ''}`,
    ...(command.flags.length > 0 ? [`Options:\n${flagLines(command.flags)}`] : []),
    GLOBAL_HELP,
    EXIT_CODES,
  ].join('\n\n');
}

/** `qovery-sdk --help`: every command with its summary. */
export function mainHelp(commands: readonly Command[]): string {
  const list = commands
    .map((c) => {
      const name = `${c.name}${c.argument ? ` ${c.argument}` : ''}`;
      const summary = `${c.summary}${c.aliases ? ` (also: ${c.aliases.join(', ')})` : ''}`;
      return name.length < COLUMN - 2
        ? `  ${name.padEnd(COLUMN - 2)}${summary}`
        : `  ${name}\n${' '.repeat(COLUMN)}${summary}`;
    })
    .join('\n');
  return `Usage: qovery-sdk <command> [options]      (npx qovery <command> runs it too)

The Qovery API from your shell, on top of the qovery SDK. Credentials come from
QOVERY_CLI_ACCESS_TOKEN, then QOVERY_API_TOKEN.

Commands:
${list}

Run qovery-sdk <command> --help for a command's options.

${GLOBAL_HELP}

${EXIT_CODES}`;
}
