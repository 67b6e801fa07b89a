// What cloning and deleting an environment do to the state: a clone copies the environment, its
// services of every kind (never deployed) and their variables; a deletion takes them all away, with
// the environment's deployments.
import type { components } from '../../generated/qovery-api.js';
import { dropServicesIn, recordsOf, servicesIn } from './kinds.js';
import { copyRecord } from './records.js';
import type { MockState } from './state.js';
import { copyVariables, dropVariables } from './variables.js';

type Schemas = components['schemas'];

/** What a clone is made of, besides the environment it copies. */
export interface CloneSpec {
  name: string;
  project: Schemas['Project'];
  mode: Schemas['EnvironmentModeEnum'];
  cluster: { id: string; name: string };
}

/**
 * Copies `source` as a new environment: its services of every kind under new ids, with the same
 * settings, never deployed (READY and NEVER_DEPLOYED until a deploy succeeds), and the variables
 * of the environment and of those services, secrets still secret.
 */
export function cloneEnvironment(
  state: MockState,
  source: Schemas['Environment'],
  spec: CloneSpec,
  newId: () => string,
  at: string,
): Schemas['Environment'] {
  const { updated_at: _updated, ...settings } = structuredClone(source);
  const environment: Schemas['Environment'] = {
    ...settings,
    id: newId(),
    created_at: at,
    name: spec.name,
    project: { id: spec.project.id },
    mode: spec.mode,
    cluster_id: spec.cluster.id,
    cluster_name: spec.cluster.name,
  };
  state.environments.push(environment);
  spec.project.associated_environments_count = (spec.project.associated_environments_count ?? 0) + 1;
  const parents = new Map([[source.id, environment.id]]);
  for (const { kind, record } of servicesIn(state, source.id)) {
    const id = newId();
    recordsOf(state, kind).push(copyRecord(record, id, environment.id, at));
    state.neverDeployed.push(id);
    parents.set(record.id, id);
  }
  copyVariables(state, parents, spec.project.id, newId, at);
  return environment;
}

/**
 * Removes these environments with everything in them: their services of every kind, the variables
 * of both, and their deployments (a deployment still running never lands).
 */
export function dropEnvironments(state: MockState, ids: ReadonlySet<string>): void {
  const parents = new Set([
    ...ids,
    ...servicesIn(state).flatMap((s) => (ids.has(s.record.environment.id) ? [s.record.id] : [])),
  ]);
  for (const environment of state.environments.filter((e) => ids.has(e.id))) {
    const project = state.projects.find((p) => p.id === environment.project.id);
    if (project?.associated_environments_count) project.associated_environments_count--;
  }
  state.environments = state.environments.filter((e) => !ids.has(e.id));
  dropServicesIn(state, ids);
  dropVariables(state, (v) => parents.has(v.parentId));
  state.deployments = state.deployments.filter((d) => !ids.has(d.environmentId));
  state.neverDeployed = state.neverDeployed.filter((id) => !parents.has(id));
}
