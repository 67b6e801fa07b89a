import type { Qovery } from '../index.js';

/** Where the CLI reads and writes: the process in real life, buffers in tests. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal: progress then rewrites one line instead of printing many. */
  isTTY: boolean;
  /** Ends what runs until interrupted (`log --follow`): the bin aborts it on SIGINT. */
  signal?: AbortSignal;
  /**
   * How often, in milliseconds, --wait and --watch first ask for the state (`deployments.wait`'s
   * `interval`); the SDK's default when absent, as the bin leaves it. The tests set it short.
   */
  pollInterval?: number;
}

/** The parsed flags: a string for a flag with a value, true for a switch. */
export type Values = Record<string, string | boolean | undefined>;

/** What a command runs with. */
export interface Context {
  values: Values;
  positionals: string[];
  io: CliIO;
  /** The client, made on first use from the flags and variables (a usage error without credentials). */
  client: () => Qovery;
}

/** Wrong use of the command line: exit 2, with the command's help. */
export class UsageError extends Error {}

/** A flag's text value, when given. */
export const flag = (values: Values, name: string): string | undefined => values[name] as string | undefined;
