/** Finding what the flags name: an organization, an environment, services of a kind. */
import type { Qovery } from '../index.js';
import { onlyMatch, onlyNamed } from '../lookup.js';
import { describeNames } from '../resources/environments.js';
import { type ServiceKind, type ServiceSummary, servicesNamed } from '../resources/service-kinds.js';
import type { Flag } from './command.js';
import { flag, UsageError, type Values } from './context.js';

export type Kind = ServiceKind;

/** --organization, --project, --environment: where to look, by name. */
export const WHERE_FLAGS: Flag[] = [
  {
    name: 'organization',
    value: 'NAME',
    about: "the organization (default: the credential's only one, or --organization-id)",
  },
  { name: 'project', value: 'NAME', about: 'narrows the search down when a name is in several projects' },
  { name: 'environment', value: 'NAME', about: 'narrows the search down when a name is in several environments' },
];

/** The same, where the environment must be named. */
export const ENVIRONMENT_FLAGS: Flag[] = [
  { name: 'environment', value: 'NAME', required: true, about: 'the environment, by name' },
  { name: 'project', value: 'NAME', about: 'its project, when the name is in several' },
  {
    name: 'organization',
    value: 'NAME',
    about: "the organization (default: the credential's only one, or --organization-id)",
  },
];

/** `--organization NAME` as an id (one request), or undefined: the client's own, or the token's only one. */
export async function organizationIdOf(qovery: Qovery, values: Values): Promise<string | undefined> {
  const name = flag(values, 'organization');
  if (name === undefined) return undefined;
  const organizations = await qovery.organization.list();
  return onlyNamed(organizations, 'organization', name).id;
}

/** The environment named by --environment (and --project, --organization). */
export async function environmentOf(qovery: Qovery, values: Values) {
  const environment = flag(values, 'environment');
  if (!environment) throw new UsageError('--environment is required');
  return qovery.environments.find({
    project: flag(values, 'project'),
    environment,
    organizationId: await organizationIdOf(qovery, values),
  });
}

/** `table` or `json`, from --format. */
export function formatOf(values: Values): 'table' | 'json' {
  const format = flag(values, 'format') ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError('--format must be table or json');
  return format;
}

/** `--container api` or `--containers "api,worker"` (or the flags given): the names, at least one. */
export function namesOf(values: Values, one: string, several = `${one}s`): string[] {
  const names = [values[one], ...String(values[several] ?? '').split(',')]
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`--${one} (or --${several} "a,b") is required`);
  return [...new Set(names)];
}

/**
 * Each service of `kind` named, found in one request (the organization's list of services); the
 * environment and project narrow it down when a name is in several places.
 */
export async function servicesOf(
  qovery: Qovery,
  kind: Kind,
  names: readonly string[],
  values: Values,
): Promise<ServiceSummary[]> {
  const summaries = await qovery.services.list({ organizationId: await organizationIdOf(qovery, values) });
  const where = { project: flag(values, 'project'), environment: flag(values, 'environment') };
  return names.map((name) =>
    onlyMatch(
      servicesNamed(summaries, { name, ...where, serviceType: kind.toUpperCase() }),
      kind,
      describeNames({ ...where, [kind]: name }),
    ),
  );
}

/** The one service of `kind` named by its flag, with --organization, --project, --environment (one request). */
export async function serviceNamed(qovery: Qovery, kind: Kind, values: Values): Promise<ServiceSummary> {
  const name = flag(values, kind);
  if (!name) throw new UsageError(`--${kind} is required`);
  const [service] = await servicesOf(qovery, kind, [name], values);
  return service as ServiceSummary;
}
