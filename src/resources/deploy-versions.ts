// What a deploy of each kind of service takes as its version, and the body the contract names it
// by: shared by each kind's own deploy and by environments.deployServices(), which deploys several
// kinds at once. No resource is imported here, so every resource may import it.
import * as z from 'zod/mini';
import { nonEmpty } from '../schemas.js';

/** `fields` without those left undefined: a deploy body names only what the caller gave. */
export const given = (fields: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));

type JobVersion = { imageTag?: string | undefined; gitCommitId?: string | undefined };
export const jobVersionFields = { imageTag: z.optional(nonEmpty), gitCommitId: z.optional(nonEmpty) };
export const oneJobSource = z.refine<JobVersion>((i) => i.imageTag === undefined || i.gitCommitId === undefined, {
  message: 'give imageTag or gitCommitId, not both: a job deploys from one source',
  path: ['imageTag'],
});
export const jobVersionBody = (version: JobVersion) =>
  given({ image_tag: version.imageTag, git_commit_id: version.gitCommitId });

export const helmVersionFields = {
  chartVersion: z.optional(nonEmpty),
  gitCommitId: z.optional(nonEmpty),
  valuesOverrideGitCommitId: z.optional(nonEmpty),
};
export const helmVersionBody = (version: {
  chartVersion?: string | undefined;
  gitCommitId?: string | undefined;
  valuesOverrideGitCommitId?: string | undefined;
}) =>
  given({
    chart_version: version.chartVersion,
    git_commit_id: version.gitCommitId,
    values_override_git_commit_id: version.valuesOverrideGitCommitId,
  });
