// The routes every kind of service shares (list, get, status, deploy, redeploy, stop, restart),
// built once: each kind's file says what its deploy takes. Their operationIds are the contract's at
// each method and path, and a kind has a restart where the contract has one.
import { refuseWhileRunning, startDeployment } from '../actions.js';
import type { MockContext } from '../context.js';
import { serviceStatusOf } from '../deployments.js';
import { recordsOf, refOf, sourceOf, VERSION_FIELDS, versionFieldOf } from '../kinds.js';
import { Refusal } from '../responses.js';
import { operationAt, type ResourceRead, type Route, resourceReads, route } from '../router.js';
import type { DeploymentAction, MockServiceKind, MockServiceRecords, MockServiceVersion } from '../state.js';
import { environmentReads } from './environments.js';

/**
 * What a kind's deploy takes from the request body: the version asked for, the body checked with
 * the contract's schema (a 400 otherwise). Nothing asked deploys the version running now.
 */
export type DeployBody = (body: unknown) => MockServiceVersion;

const idParam = (kind: MockServiceKind) => `${kind}Id`;
/** `/<kind>/{<kind>Id}`, as the contract writes a service's path. */
const pathOf = (kind: MockServiceKind) => `/${kind}/{${idParam(kind)}}`;

/** The contract's operationId at (method, path); the mock serves only operations of the contract. */
function contractOperationAt(method: string, path: string): string {
  const operation = operationAt(method, path);
  if (operation === undefined) throw new Error(`qovery mock: the contract has no ${method} ${path}`);
  return operation;
}

/** The GETs under `/<kind>/{<kind>Id}`, each on the service, readable with `project:read`. */
export const serviceReads = <K extends MockServiceKind>(
  ctx: MockContext,
  kind: K,
): ResourceRead<MockServiceRecords[K]> =>
  resourceReads(pathOf(kind), (caller, id) => ctx.serviceFor(caller, kind, id, 'project:read').service);

/**
 * The version a deploy asks for, of what the service deploys from: a commit, an image tag or a
 * chart version. Two of them at once are a 400, as the contract documents; one the service does not
 * deploy from (a commit for a job run from an image) is ignored. Undefined when none is left: the
 * deploy deploys what runs.
 */
function askedVersion(
  kind: MockServiceKind,
  service: MockServiceRecords[MockServiceKind],
  asked: MockServiceVersion,
): MockServiceVersion | undefined {
  const fields = (Object.keys(asked) as (keyof MockServiceVersion)[]).filter((f) => asked[f] !== undefined);
  if (fields.length > 1) {
    throw new Refusal(400, `${fields.map((f) => VERSION_FIELDS[f]).join(', ')}: give one of them, not both`);
  }
  const moves = versionFieldOf(sourceOf(refOf(kind, service)));
  return moves !== undefined && asked[moves] !== undefined ? { [moves]: asked[moves] } : undefined;
}

/** POST /<kind>/{id}/<verb>: 202 with the service's Status, the action just queued. */
function serviceAction(
  ctx: MockContext,
  kind: MockServiceKind,
  verb: string,
  action: DeploymentAction,
  deployBody?: DeployBody,
): Route {
  const path = `${pathOf(kind)}/${verb}`;
  return route(
    'POST',
    path,
    contractOperationAt('POST', path),
    async ({ caller, params, body }) => {
      const { service, environment } = ctx.serviceFor(caller, kind, params[idParam(kind)] ?? '', 'deploy');
      const version = deployBody && askedVersion(kind, service, deployBody(await body()));
      const ref = refOf(kind, service);
      refuseWhileRunning(ctx, environment.id, ref);
      startDeployment(ctx, caller, environment.id, [ref], action, version);
      return { status: 202, body: serviceStatusOf(ctx.state, ref, ctx.now()) };
    },
    // Only the operations with a body declare 400 (for a malformed id too).
    deployBody !== undefined,
  );
}

/**
 * Every route of one kind: its list in an environment, get, status, and the actions. `deployBody`
 * reads what the kind's deploy takes; left out, the deploy takes no body (databases).
 */
export function serviceRoutes(ctx: MockContext, kind: MockServiceKind, deployBody?: DeployBody): Route[] {
  const { state, now } = ctx;
  const read = serviceReads(ctx, kind);
  const readOperation = (suffix: string) => contractOperationAt('GET', `${pathOf(kind)}${suffix}`);
  const hasRestart = operationAt('POST', `${pathOf(kind)}/restart-service`) !== undefined;
  return [
    // toUpdate (only services with a newer version) is ignored: the mock knows no branch heads.
    environmentReads(ctx)(`/${kind}`, contractOperationAt('GET', `/environment/{environmentId}/${kind}`), (e) => ({
      results: recordsOf(state, kind).filter((s) => s.environment.id === e.id),
    })),
    read('', readOperation(''), (service) => service),
    read('/status', readOperation('/status'), (service) => serviceStatusOf(state, refOf(kind, service), now())),
    serviceAction(ctx, kind, 'deploy', 'DEPLOY', deployBody),
    serviceAction(ctx, kind, 'redeploy', 'DEPLOY'),
    ...(hasRestart ? [serviceAction(ctx, kind, 'restart-service', 'RESTART')] : []),
    serviceAction(ctx, kind, 'stop', 'STOP'),
  ];
}
