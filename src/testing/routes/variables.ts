import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { randomUuid } from '../random.js';
import { Refusal } from '../responses.js';
import { type Route, route } from '../router.js';
import type { MockVariable, MockVariableScope } from '../state.js';
import {
  dropVariables,
  isScope,
  keyTaken,
  notFound,
  type Parent,
  parentOf,
  reachParent,
  variableFor,
  variableResponse,
  visibleAt,
} from '../variables.js';

/** A scope field of a request body: BUILT_IN and AGENTIC_WORKFLOW are no scope a variable can be put at here. */
function scopeField(fields: Record<string, unknown>, name: string): MockVariableScope {
  const scope = fields[name];
  if (!isScope(scope)) throw new Refusal(400, `${name}: no variable can be defined at ${String(scope)}`);
  return scope;
}

/** A key of a request body: not blank. */
function keyField(fields: Record<string, unknown>): string {
  const key = String(fields.key);
  if (key.trim() === '') throw new Refusal(400, 'key: must not be empty');
  return key;
}

/** The description a body gives, as a variable keeps it. */
const describedBy = (fields: Record<string, unknown>) =>
  typeof fields.description === 'string' ? { description: fields.description } : {};

/**
 * `/variable`: list what a project, environment or service sees, create, edit and delete, and give
 * a variable another name (alias) or value (override) further down. Reads take `project:read`,
 * writes `deploy`. A secret's value is kept in the state and answered to no one.
 */
export function variableRoutes(ctx: MockContext): Route[] {
  const { state } = ctx;

  /** A new variable at `parent`'s own level; a key already there (exactly there) is a 400. */
  function add(parent: Parent, variable: Omit<MockVariable, 'id' | 'scope' | 'parentId' | 'created_at'>) {
    const level = parent.levels.at(-1) ?? { scope: 'PROJECT', id: '' };
    if (keyTaken(state, level, variable.key)) {
      throw new Refusal(400, `key: ${variable.key} already exists on this ${level.scope.toLowerCase()}`);
    }
    const created: MockVariable = {
      id: randomUuid(ctx.random),
      ...variable,
      scope: level.scope,
      parentId: level.id,
      created_at: ctx.iso(),
    };
    state.variables.push(created);
    return { status: 201, body: variableResponse(state, created) };
  }

  /**
   * Where an alias or override of `variable` goes: a parent in its organization (404 otherwise) at
   * or below where it is defined, strictly below for an override (400 otherwise).
   */
  function below(variable: MockVariable, defined: Parent, fields: Record<string, unknown>, prefix: string): Parent {
    if (variable.type !== 'VALUE') {
      throw new Refusal(400, `variableId: ${variable.key} is an ${variable.type}; ${prefix} the variable it names`);
    }
    const scope = scopeField(fields, `${prefix}_scope`);
    const id = String(fields[`${prefix}_parent_id`]).toLowerCase();
    const parent = parentOf(state, scope, id);
    // Another organization's project, environment or service is none this variable has.
    if (parent.organizationId !== defined.organizationId) throw notFound(scope, id);
    const depth = parent.levels.findIndex((l) => l.scope === variable.scope && l.id === variable.parentId);
    if (depth < 0 || (prefix === 'override' && depth === parent.levels.length - 1)) {
      const where = prefix === 'override' ? 'below' : 'at or below';
      const scopeName = variable.scope.toLowerCase();
      throw new Refusal(400, `${prefix}_parent_id: must be ${where} the ${scopeName} where ${variable.key} is defined`);
    }
    return parent;
  }

  return [
    route('GET', '/variable', 'listVariables', ({ caller, query }) => {
      const scope = query.get('scope');
      const id = query.get('parent_id')?.toLowerCase() ?? '';
      if (!isScope(scope)) throw new Refusal(404, `No variables at scope ${scope ?? '(none)'}`);
      const secret = query.get('is_secret');
      const results = visibleAt(state, reachParent(ctx, caller, scope, id, 'project:read'))
        .filter((v) => secret === null || String(v.isSecret) === secret)
        .map((v) => variableResponse(state, v));
      return { status: 200, body: { results } };
    }),

    route('POST', '/variable', 'createVariable', async ({ caller, body }) => {
      const fields = checkBody(await body(), 'createVariable');
      const scope = scopeField(fields, 'variable_scope');
      const parent = reachParent(ctx, caller, scope, String(fields.variable_parent_id).toLowerCase(), 'deploy');
      return add(parent, {
        key: keyField(fields),
        value: String(fields.value),
        isSecret: fields.is_secret === true,
        type: 'VALUE',
        ...describedBy(fields),
      });
    }),

    route('PUT', '/variable/{variableId}', 'editVariable', async ({ caller, params, body }) => {
      const { variable } = variableFor(ctx, caller, params.variableId ?? '', 'deploy');
      const fields = checkBody(await body(), 'editVariable');
      const key = keyField(fields);
      if (key !== variable.key) {
        if (variable.type === 'OVERRIDE') throw new Refusal(400, 'key: an override keeps the key it overrides');
        const level = { scope: variable.scope, id: variable.parentId };
        if (keyTaken(state, level, key, variable.id)) throw new Refusal(400, `key: ${key} already exists there`);
      }
      if (typeof fields.value === 'string' && variable.type === 'ALIAS') {
        throw new Refusal(400, 'value: an alias has no value of its own; edit the variable it names');
      }
      variable.key = key;
      if (typeof fields.value === 'string') variable.value = fields.value;
      if (fields.description === null) delete variable.description;
      Object.assign(variable, describedBy(fields), { updated_at: ctx.iso() });
      return { status: 200, body: variableResponse(state, variable) };
    }),

    route('DELETE', '/variable/{variableId}', 'deleteVariable', ({ caller, params }) => {
      const { variable } = variableFor(ctx, caller, params.variableId ?? '', 'deploy');
      // Its aliases and overrides go with it.
      dropVariables(state, (v) => v.id === variable.id);
      return { status: 204 };
    }),

    route('POST', '/variable/{variableId}/alias', 'createVariableAlias', async ({ caller, params, body }) => {
      const { variable, parent } = variableFor(ctx, caller, params.variableId ?? '', 'deploy');
      const fields = checkBody(await body(), 'createVariableAlias');
      return add(below(variable, parent, fields, 'alias'), {
        key: keyField(fields),
        value: '',
        isSecret: variable.isSecret,
        type: 'ALIAS',
        target: variable.id,
        ...describedBy(fields),
      });
    }),

    route('POST', '/variable/{variableId}/override', 'createVariableOverride', async ({ caller, params, body }) => {
      const { variable, parent } = variableFor(ctx, caller, params.variableId ?? '', 'deploy');
      const fields = checkBody(await body(), 'createVariableOverride');
      return add(below(variable, parent, fields, 'override'), {
        key: variable.key,
        value: String(fields.value),
        isSecret: variable.isSecret,
        type: 'OVERRIDE',
        target: variable.id,
        ...describedBy(fields),
      });
    }),
  ];
}
