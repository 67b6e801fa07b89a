import type { Command } from '../command.js';
import { flag } from '../context.js';
import { actionCommand, deployCommand } from '../service-actions.js';

export const helmCommands: Command[] = [
  deployCommand('helm', {
    summary: 'deploy helm charts by name, at a chart version or a commit',
    about:
      'A chart deploys at a chart version (from a helm repository) or a commit (from git); with neither, as it is set.',
    fromFlags: [
      { name: 'chart_version', value: 'V', about: 'the chart version' },
      { name: 'chart_git_commit_id', value: 'SHA', about: 'the commit of a chart from git' },
      { name: 'values_override_git_commit_id', value: 'SHA', about: 'the commit of the values override file' },
    ],
    from(values) {
      const chartVersion = flag(values, 'chart_version');
      const params = {
        chartVersion,
        gitCommitId: flag(values, 'chart_git_commit_id'),
        valuesOverrideGitCommitId: flag(values, 'values_override_git_commit_id'),
      };
      return {
        deploy: (q, id) => q.helms.deploy(id, params),
        what: chartVersion ? ` at chart version ${chartVersion}` : '',
      };
    },
  }),
  actionCommand('helm', 'redeploy'),
  actionCommand('helm', 'stop'),
];
