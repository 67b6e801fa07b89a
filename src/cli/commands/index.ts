/** Every command, one file a noun, in the order `qovery-sdk --help` lists them. */
import type { Command } from '../command.js';
import { applicationCommands } from './application.js';
import { authCommands } from './auth.js';
import { containerCommands } from './container.js';
import { databaseCommands } from './database.js';
import { variableCommands } from './env/variable.js';
import { environmentCommands } from './environment.js';
import { helmCommands } from './helm.js';
import { jobCommands } from './job.js';
import { logCommands } from './log.js';
import { serviceCommands } from './service.js';
import { statusCommands } from './status.js';
import { tokenCommands } from './token.js';

export const COMMANDS: readonly Command[] = [
  ...tokenCommands,
  ...authCommands,
  ...applicationCommands,
  ...containerCommands,
  ...jobCommands,
  ...helmCommands,
  ...databaseCommands,
  ...environmentCommands,
  ...variableCommands,
  ...serviceCommands,
  ...logCommands,
  ...statusCommands,
];

/** Each command by its name and by each of its aliases. */
export const BY_NAME: ReadonlyMap<string, Command> = new Map(
  COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])].map((name) => [name, command] as const)),
);
