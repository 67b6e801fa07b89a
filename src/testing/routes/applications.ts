import type { components } from '../../../generated/qovery-api.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { versionIn } from '../kinds.js';
import type { ResourceRead, Route } from '../router.js';
import { serviceEdit, serviceReads, serviceRoutes } from './services-common.js';

type Schemas = components['schemas'];

/**
 * What editApplication sets of the git repository: its url, branch, root path, provider and token
 * (the deployed commit stays: deploy to build the branch). A new url names its owner and name.
 */
function editApplication(application: Schemas['Application'], fields: Record<string, unknown>): void {
  const asked = fields.git_repository as Schemas['ApplicationGitRepositoryRequest'] | undefined;
  const repository = application.git_repository;
  if (!asked || !repository) return;
  const [, owner, name] = /([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(asked.url) ?? [];
  Object.assign(repository, {
    url: asked.url,
    provider: asked.provider,
    ...(owner && name ? { owner, name } : {}),
    ...(asked.branch === undefined ? {} : { branch: asked.branch }),
    ...(asked.root_path === undefined ? {} : { root_path: asked.root_path }),
    ...(asked.git_token_id === undefined ? {} : { git_token_id: asked.git_token_id }),
  });
}

/** The GETs under /application/{applicationId}: its deployment histories are read through it too. */
export const applicationReads = (ctx: MockContext): ResourceRead<Schemas['Application']> =>
  serviceReads(ctx, 'application');

/** Applications are built from git: a deploy takes the commit (`{ git_commit_id }`, required). */
export const applicationRoutes = (ctx: MockContext): Route[] => [
  ...serviceRoutes(ctx, 'application', (body) => versionIn('application', checkBody(body, 'deployApplication'))),
  serviceEdit(ctx, 'application', 'editApplication', editApplication),
];
