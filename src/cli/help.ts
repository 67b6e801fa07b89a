/** Every command's `--help`, made from the same tables that parse its flags. */
import { helpOf, mainHelp } from './command.js';
import { COMMANDS } from './commands/index.js';

export { EXIT } from './exit-codes.js';

export const HELP: Record<string, string> = {
  main: mainHelp(COMMANDS),
  ...Object.fromEntries(COMMANDS.map((command) => [command.name, helpOf(command)])),
};
