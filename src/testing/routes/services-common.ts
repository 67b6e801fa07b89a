// The routes every kind of service shares (list, get, status, links, deploy, redeploy, stop,
// restart, edit), built once: each kind's file says what its deploy and its edit take. Their
// operationIds are the contract's at each method and path, and a kind has a restart and links where
// the contract has them.
import type { REQUEST_BODY_SCHEMAS } from '../../../generated/request-schemas.js';
import { refuseWhileRunning, startDeployment } from '../actions.js';
import { checkBody, requestFields } from '../check-body.js';
import type { MockContext } from '../context.js';
import { serviceStatusOf } from '../deployments.js';
import { linksOf, recordsOf, refOf, servicesIn, sourceOf, VERSION_FIELDS, versionFieldOf } from '../kinds.js';
import { randomUuid } from '../random.js';
import { Refusal } from '../responses.js';
import { operationAt, type ResourceRead, type Route, resourceReads, route } from '../router.js';
import {
  type DeploymentAction,
  type MockServiceKind,
  type MockServiceRecords,
  type MockServiceVersion,
  sameName,
} from '../state.js';
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
export function askedVersion(
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
 * The fields of a PUT's body that are not set in the record as they come: the kind's own `edit`
 * reads those it models (git_repository, registry_id); ids are given to ports and storage volumes;
 * a null auto_deploy keeps the record's; groups and autoscaling are not modelled.
 */
const NOT_AS_GIVEN = new Set([
  'git_repository',
  'registry_id',
  'ports',
  'storage',
  'auto_deploy',
  'annotations_groups',
  'labels_groups',
  'autoscaling',
]);

/** What a kind's edit sets in the record besides the settings every kind shares. */
export type EditBody<K extends MockServiceKind> = (
  service: MockServiceRecords[K],
  fields: Record<string, unknown>,
) => void;

/**
 * PUT /<kind>/{id}: the body checked with the contract's schema (400), a name another service of
 * the environment has, of any kind, refused (409); then what the body gives is set: `edit` reads
 * the fields the kind models (it may still refuse the body), the other fields of the request
 * schema are set as they come, ports and storage volumes given without an id get one, and
 * `updated_at` moves to the clock. Annotation and label groups and autoscaling are accepted and not
 * modelled. Takes `deploy`.
 */
export function serviceEdit<K extends MockServiceKind>(
  ctx: MockContext,
  kind: K,
  operation: keyof typeof REQUEST_BODY_SCHEMAS,
  edit: EditBody<K>,
): Route {
  const settings = requestFields(operation).filter((field) => !NOT_AS_GIVEN.has(field));
  return route('PUT', pathOf(kind), operation, async ({ caller, params, body }) => {
    const { service, environment } = ctx.serviceFor(caller, kind, params[idParam(kind)] ?? '', 'deploy');
    const fields = checkBody(await body(), operation);
    const name = fields.name;
    const others = servicesIn(ctx.state, environment.id).filter((s) => s.record.id !== service.id);
    if (typeof name === 'string' && others.some((s) => sameName(s.record.name, name))) {
      throw new Refusal(409, 'This environment already has a service with that name');
    }
    // The kind's own first: it may refuse the body (400) before anything is set.
    edit(service, fields);
    const given = settings.filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]]);
    Object.assign(service, Object.fromEntries(given));
    // auto_deploy may come as null: the record keeps its own.
    if (typeof fields.auto_deploy === 'boolean') Object.assign(service, { auto_deploy: fields.auto_deploy });
    for (const list of ['ports', 'storage']) {
      const items = fields[list];
      if (!Array.isArray(items)) continue;
      // A port's protocol is optional in a container's request, and HTTP by default.
      const withIds = items.map((item: Record<string, unknown>) => ({
        ...(item.id === undefined ? { id: randomUuid(ctx.random) } : {}),
        ...(list === 'ports' ? { protocol: 'HTTP' } : {}),
        ...item,
      }));
      Object.assign(service, { [list]: withIds });
    }
    Object.assign(service, { updated_at: ctx.iso() });
    return { status: 200, body: service };
  });
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
    ...(operationAt('GET', `${pathOf(kind)}/link`) === undefined
      ? []
      : [read('/link', readOperation('/link'), (service) => ({ results: linksOf(refOf(kind, service)) }))]),
    serviceAction(ctx, kind, 'deploy', 'DEPLOY', deployBody),
    serviceAction(ctx, kind, 'redeploy', 'DEPLOY'),
    ...(hasRestart ? [serviceAction(ctx, kind, 'restart-service', 'RESTART')] : []),
    serviceAction(ctx, kind, 'stop', 'STOP'),
  ];
}
