import type { Command } from '../command.js';
import { flag, UsageError } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { serviceNamed, WHERE_FLAGS } from '../resolve.js';
import { actionCommand, COMMIT_FLAGS, commitOf, deployCommand, domainListCommand } from '../service-actions.js';

export const applicationCommands: Command[] = [
  deployCommand('application', {
    aliases: ['deploy'],
    summary: 'deploy applications by name, at a commit',
    about: `With --commit (default: GITHUB_SHA, CI_COMMIT_SHA), it builds that commit; without one, it
redeploys the current commit.`,
    fromFlags: COMMIT_FLAGS,
    from(values, env) {
      const commit = commitOf(values) ?? (env.GITHUB_SHA || env.CI_COMMIT_SHA || undefined);
      return commit
        ? { deploy: (q, id) => q.applications.deploy(id, { gitCommitId: commit }), what: ` at ${commit.slice(0, 12)}` }
        : { deploy: (q, id) => q.applications.redeploy(id), what: ' at its current commit' };
    },
  }),
  {
    name: 'application update',
    summary: 'point an application at a git branch',
    about: `Points the application at a git branch, keeping every other setting (the Qovery API takes the whole
service back: it is read, changed and written). Writes nothing when it is on that branch already.
Deploy it afterwards to build the branch.`,
    flags: [
      { name: 'application', value: 'NAME', required: true, about: 'the application' },
      { name: 'branch', value: 'BRANCH', required: true, about: 'the git branch to build from' },
      ...WHERE_FLAGS,
    ],
    async run({ values, io, client }) {
      const branch = flag(values, 'branch');
      if (!branch) throw new UsageError('--branch is required');
      const qovery = client();
      const service = await serviceNamed(qovery, 'application', values);
      await qovery.applications.update(service.id, { branch });
      io.stderr(`Application ${service.name} (${service.id}) builds from branch ${branch}; deploy it to build.\n`);
      return EXIT.ok;
    },
  },
  actionCommand('application', 'redeploy'),
  actionCommand('application', 'stop'),
  actionCommand('application', 'restart'),
  domainListCommand('application'),
];
