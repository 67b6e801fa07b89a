// Variables and secrets: where each is defined (a project, an environment, a service), what a scope
// sees of them (its own and those inherited from above, overrides hiding what they replace), and
// how the API shows one. A secret's value stays in the state and is never shown to anyone.
import type { components } from '../../generated/qovery-api.js';
import type { Caller } from './auth.js';
import type { MockContext } from './context.js';
import { findService, KINDS } from './kinds.js';
import { Refusal } from './responses.js';
import type { MockServiceKind, MockState, MockVariable, MockVariableScope, Permission } from './state.js';

type Schemas = components['schemas'];

/** The kind of service of each service scope; TERRAFORM is a scope the mock has no service for. */
const SERVICE_SCOPES: Readonly<Partial<Record<MockVariableScope, MockServiceKind>>> = {
  APPLICATION: 'application',
  CONTAINER: 'container',
  JOB: 'job',
  HELM: 'helm',
};

const SCOPES: readonly string[] = ['PROJECT', 'ENVIRONMENT', 'APPLICATION', 'CONTAINER', 'JOB', 'HELM', 'TERRAFORM'];

export const isScope = (value: unknown): value is MockVariableScope => SCOPES.includes(value as string);

/** One level of the scopes a variable can be defined at. */
type Level = { scope: MockVariableScope; id: string };

/** A parent of variables: its organization, and the levels from its project down to it. */
export interface Parent {
  organizationId: string;
  /** The project first, then the environment, then the service: what it inherits from, and itself last. */
  levels: Level[];
}

/** What messages call a scope: `environment`, `helm chart`, … */
const scopeLabel = (scope: MockVariableScope): string => {
  const kind = SERVICE_SCOPES[scope];
  return kind ? KINDS[kind].label : scope.toLowerCase();
};

export const notFound = (scope: MockVariableScope, id: string): Refusal => {
  const name = scopeLabel(scope);
  return new Refusal(404, `${name[0]?.toUpperCase()}${name.slice(1)} ${id} not found`);
};

/** The parent of this scope and id as it is in the state; 404 when there is none. */
export function parentOf(state: MockState, scope: MockVariableScope, id: string): Parent {
  if (scope === 'PROJECT') {
    const project = state.projects.find((p) => p.id === id);
    if (!project) throw notFound(scope, id);
    return { organizationId: project.organization.id, levels: [{ scope, id }] };
  }
  let environmentId = id;
  const kind = SERVICE_SCOPES[scope];
  if (scope !== 'ENVIRONMENT') {
    const service = kind && findService(state, kind, id);
    if (!service) throw notFound(scope, id);
    environmentId = service.record.environment.id;
  }
  const environment = state.environments.find((e) => e.id === environmentId);
  if (!environment) throw notFound(scope, id);
  const levels: Level[] = [
    { scope: 'PROJECT', id: environment.project.id },
    { scope: 'ENVIRONMENT', id: environment.id },
  ];
  return { organizationId: environment.organization.id, levels: kind ? [...levels, { scope, id }] : levels };
}

/** The parent, for a caller with `permission` in its organization (404 first, then 403). */
export function reachParent(
  ctx: MockContext,
  caller: Caller,
  scope: MockVariableScope,
  id: string,
  permission: Permission,
): Parent {
  const parent = parentOf(ctx.state, scope, id);
  ctx.organizationFor(caller, parent.organizationId, permission);
  return parent;
}

/** A variable, for a caller with `permission` in its organization, with where it is defined. */
export function variableFor(
  ctx: MockContext,
  caller: Caller,
  id: string,
  permission: Permission,
): { variable: MockVariable; parent: Parent } {
  const variable = ctx.state.variables.find((v) => v.id === id);
  if (!variable) throw new Refusal(404, `Variable ${id} not found`);
  return { variable, parent: reachParent(ctx, caller, variable.scope, variable.parentId, permission) };
}

/** How deep a variable is defined in `levels` (0 for the project), or -1 when it is not there. */
const depthIn = (levels: Level[], variable: MockVariable): number =>
  levels.findIndex((l) => l.scope === variable.scope && l.id === variable.parentId);

/**
 * What a parent sees, from the project down to it: the variables defined at each of its levels,
 * less those an override further down replaces (an override hides what its key held above).
 */
export function visibleAt(state: MockState, parent: Parent): MockVariable[] {
  const placed = state.variables
    .map((variable) => ({ variable, depth: depthIn(parent.levels, variable) }))
    .filter((p) => p.depth >= 0);
  const hidden = (p: { variable: MockVariable; depth: number }) =>
    placed.some((o) => o.variable.type === 'OVERRIDE' && o.variable.key === p.variable.key && o.depth > p.depth);
  return placed
    .filter((p) => !hidden(p))
    .sort((a, b) => a.depth - b.depth)
    .map((p) => p.variable);
}

/** Whether `key` is taken at exactly this scope and parent (another variable than `except`). */
export const keyTaken = (state: MockState, level: Level, key: string, except?: string): boolean =>
  state.variables.some((v) => v.scope === level.scope && v.parentId === level.id && v.key === key && v.id !== except);

/** The value the API shows: never a secret's; an alias shows the value of the variable it names. */
function shownValue(state: MockState, variable: MockVariable): string | null {
  if (variable.isSecret) return null;
  if (variable.type !== 'ALIAS') return variable.value;
  return state.variables.find((v) => v.id === variable.target)?.value ?? null;
}

const LINKED_TYPES: Readonly<Partial<Record<MockVariableScope, Schemas['LinkedServiceTypeEnum']>>> = {
  APPLICATION: 'APPLICATION',
  CONTAINER: 'CONTAINER',
  JOB: 'JOB',
  HELM: 'HELM',
};

/** A variable as the API shows it (schema `VariableResponse`): a secret's value `null`, to everyone. */
export function variableResponse(state: MockState, variable: MockVariable): Schemas['VariableResponse'] {
  const kind = SERVICE_SCOPES[variable.scope];
  const service = kind && findService(state, kind, variable.parentId);
  const serviceType = LINKED_TYPES[variable.scope];
  const target = state.variables.find((v) => v.id === variable.target);
  const linked = target && {
    id: target.id,
    key: target.key,
    value: shownValue(state, target),
    // The contract requires a string here, where VariableResponse's own mount_path is nullable.
    mount_path: '',
    scope: target.scope,
    variable_type: target.type,
  };
  return {
    id: variable.id,
    created_at: variable.created_at,
    ...(variable.updated_at === undefined ? {} : { updated_at: variable.updated_at }),
    key: variable.key,
    value: shownValue(state, variable),
    mount_path: null,
    ...(linked && variable.type === 'OVERRIDE' ? { overridden_variable: linked } : {}),
    ...(linked && variable.type === 'ALIAS' ? { aliased_variable: linked } : {}),
    scope: variable.scope,
    variable_type: variable.type,
    ...(service && serviceType
      ? { service_id: service.record.id, service_name: service.record.name, service_type: serviceType }
      : {}),
    is_secret: variable.isSecret,
    ...(variable.description === undefined ? {} : { description: variable.description }),
  };
}

/**
 * Removes the variables `gone` picks, with every alias and override of them (wherever they are):
 * what deleting a variable, or the project, environment or service it is on, does.
 */
export function dropVariables(state: MockState, gone: (variable: MockVariable) => boolean): void {
  const dropped = new Set(state.variables.filter(gone).map((v) => v.id));
  state.variables = state.variables.filter((v) => !dropped.has(v.id) && !(v.target && dropped.has(v.target)));
}

/**
 * Copies the variables defined on the parents `parents` maps (an environment and its services) to
 * the parents they map to, under new ids: what a clone does. An alias or override of a copied
 * variable names the copy; of a project's variable, the same one while the copy stays in that
 * project (`projectId`), else it becomes a variable of its own with the value it showed there.
 */
export function copyVariables(
  state: MockState,
  parents: ReadonlyMap<string, string>,
  projectId: string,
  newId: () => string,
  at: string,
): void {
  const sources = state.variables.filter((v) => parents.has(v.parentId));
  const ids = new Map(sources.map((v) => [v.id, newId()]));
  for (const source of sources) {
    const {
      updated_at: _updated,
      target,
      ...copy
    } = {
      ...source,
      id: ids.get(source.id) ?? source.id,
      parentId: parents.get(source.parentId) ?? source.parentId,
      created_at: at,
    };
    const original = state.variables.find((v) => v.id === target);
    if (target === undefined || !original) state.variables.push(copy);
    else if (ids.has(target)) state.variables.push({ ...copy, target: ids.get(target) });
    else if (original.scope === 'PROJECT' && original.parentId === projectId) state.variables.push({ ...copy, target });
    else {
      const value = source.type === 'ALIAS' ? original.value : source.value;
      state.variables.push({ ...copy, type: 'VALUE', value });
    }
  }
}
