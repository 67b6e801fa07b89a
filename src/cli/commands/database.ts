import type { Command } from '../command.js';
import { actionCommand, deployCommand } from '../service-actions.js';

export const databaseCommands: Command[] = [
  deployCommand('database', {
    summary: 'deploy databases by name',
    about: 'A database deploys as it is configured.',
    fromFlags: [],
    from: () => ({ deploy: (q, id) => q.databases.deploy(id), what: '' }),
  }),
  actionCommand('database', 'redeploy'),
  actionCommand('database', 'stop'),
  actionCommand('database', 'restart'),
];
