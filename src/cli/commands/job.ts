import type { Command, Flag } from '../command.js';
import { flag, UsageError, type Values } from '../context.js';
import { actionCommand, COMMIT_FLAGS, commitOf, type DeployFrom, deployCommand } from '../service-actions.js';

const JOB_FROM: Flag[] = [
  { name: 'tag', value: 'TAG', about: 'the image tag to deploy (a job built from an image)' },
  ...COMMIT_FLAGS.map((f) => ({
    ...f,
    about: f.name === 'commit' ? 'the commit to deploy (a job built from git)' : f.about,
  })),
];

/** A job deploys from its source: an image tag, or a commit of its repository; with neither, as it is set. */
function jobFrom(values: Values): DeployFrom {
  const [tag, commit] = [flag(values, 'tag'), commitOf(values)];
  if (tag && commit) throw new UsageError('give --tag or --commit, not both: a job deploys from one source');
  const params = tag ? { imageTag: tag } : commit ? { gitCommitId: commit } : {};
  return {
    deploy: (q, id) => q.jobs.deploy(id, params),
    what: tag ? ` at tag ${tag}` : commit ? ` at ${commit.slice(0, 12)}` : '',
  };
}

const ABOUT = 'A job deploys from its source: an image tag, or a commit of its repository; with neither, as it is set.';

export const jobCommands: Command[] = [
  deployCommand('job', {
    summary: 'deploy jobs by name, at an image tag or a commit',
    about: ABOUT,
    fromFlags: JOB_FROM,
    from: jobFrom,
  }),
  // The Qovery CLI's names for the two kinds of job: either takes a job of either kind.
  deployCommand('job', {
    name: 'cronjob',
    summary: 'the same, with the Qovery CLI’s --cronjob(s)',
    about: `${ABOUT} The Qovery CLI's name for job deploy: it takes any job.`,
    fromFlags: JOB_FROM,
    from: jobFrom,
  }),
  deployCommand('job', {
    name: 'lifecycle',
    summary: 'the same, with the Qovery CLI’s --lifecycle(s)',
    about: `${ABOUT} The Qovery CLI's name for job deploy: it takes any job.`,
    fromFlags: JOB_FROM,
    from: jobFrom,
  }),
  actionCommand('job', 'redeploy'),
  actionCommand('job', 'stop'),
];
