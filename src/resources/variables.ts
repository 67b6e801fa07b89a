import * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import { LookupError } from '../errors.js';
import { id, nonEmpty, parseInput } from '../schemas.js';

type Schemas = components['schemas'];
/**
 * An environment variable or secret (schema `VariableResponse`). A secret's `value` is always
 * `null`: the API never sends it back, and the SDK never shows the value it sent in an error or a log.
 */
export type Variable = AnswerComponents['schemas']['VariableResponse'];
/** Where a variable is defined, as the API names it: `PROJECT`, `ENVIRONMENT`, `APPLICATION`, … */
export type VariableScopeName = Schemas['APIVariableScopeEnum'];

/**
 * Where a variable lives: a project, an environment, or one service (databases have no variables of
 * their own). What is defined higher up is inherited below: a project's variables are seen by its
 * environments, an environment's by its services.
 */
export type VariableScope = OneOf<
  'projectId' | 'environmentId' | 'applicationId' | 'containerId' | 'jobId' | 'helmId' | 'terraformId'
>;

/** One of the keys, holding an id; the others absent (so `{ projectId, environmentId }` does not compile). */
type OneOf<Key extends string> = {
  [K in Key]: { [P in K]: string } & { [P in Exclude<Key, K>]?: never };
}[Key];

/** What `variables.create()` takes. */
export interface VariableCreateParams {
  /** The variable's name, for example `DATABASE_URL`. */
  key: string;
  /** Its value. A secret's is never sent back by the API, nor shown by the SDK. */
  value: string;
  /** Whether it is a secret. Default false. */
  secret?: boolean;
  /** What it is for. */
  description?: string;
}

/** What `variables.update()` takes: the key (it may be renamed) and the new value. */
export interface VariableUpdateParams {
  /** The variable's name. */
  key: string;
  /** Its new value. */
  value?: string;
  /** What it is for. */
  description?: string;
}

/** What `variables.set()` did: created it, changed it, overrode an inherited one, or nothing. */
export interface VariableSetResult {
  /** The variable as the API has it now (a secret's value `null`). */
  variable: Variable;
  /**
   * `created`, `updated`, `overridden` (it was inherited from a higher scope: an override now
   * holds the value here), or `unchanged` (it already had this value). A secret's value cannot be
   * read back, so a secret that exists is always `updated`, to the same value on a re-run.
   */
  outcome: 'created' | 'updated' | 'overridden' | 'unchanged';
}

const SCOPES = {
  projectId: 'PROJECT',
  environmentId: 'ENVIRONMENT',
  applicationId: 'APPLICATION',
  containerId: 'CONTAINER',
  jobId: 'JOB',
  helmId: 'HELM',
  terraformId: 'TERRAFORM',
} as const satisfies Record<string, VariableScopeName>;
type ScopeField = keyof typeof SCOPES;
const SCOPE_FIELDS = Object.keys(SCOPES) as ScopeField[];

const scopeInput = z.strictObject(Object.fromEntries(SCOPE_FIELDS.map((field) => [field, z.optional(id)]))).check(
  z.refine((scope: Record<string, unknown>) => SCOPE_FIELDS.filter((f) => scope[f] !== undefined).length === 1, {
    message: `give exactly one of ${SCOPE_FIELDS.join(', ')}`,
    path: [SCOPE_FIELDS[0] as string],
  }),
);
export const variableCreateInput = z.strictObject({
  key: nonEmpty,
  value: z.string(),
  secret: z.optional(z.boolean()),
  description: z.optional(z.string().check(z.maxLength(255, 'must be at most 255 characters'))),
});
export const variableUpdateInput = z.strictObject({
  key: nonEmpty,
  value: z.optional(z.string()),
  description: z.optional(z.string().check(z.maxLength(255, 'must be at most 255 characters'))),
});
const listOptionsInput = z.strictObject({ secret: z.optional(z.boolean()) });

/** The scope as the API takes it: `{ scope: 'ENVIRONMENT', parentId }`. */
function scopeOf(scope: unknown, operation: string): { name: VariableScopeName; parentId: string } {
  const checked = parseInput(scopeInput, scope, operation) as Partial<Record<ScopeField, string>>;
  const field = SCOPE_FIELDS.find((f) => checked[f] !== undefined) as ScopeField;
  return { name: SCOPES[field], parentId: checked[field] as string };
}

/**
 * The variable of `key` that applies at `scope`: the one defined there (a value or an override)
 * first, else the inherited one from the nearest scope above.
 */
function applying(variables: Variable[], key: string, scope: VariableScopeName): Variable | undefined {
  const named = variables.filter((v) => v.key === key);
  const inherited = named.filter((v) => v.scope !== scope).sort((a, b) => scopeDepth(b.scope) - scopeDepth(a.scope));
  return named.find((v) => v.scope === scope) ?? inherited[0];
}

/** How far down a scope is: built-in, then project, then environment, then a service (any other). */
function scopeDepth(scope: VariableScopeName): number {
  const depth = ['BUILT_IN', 'PROJECT', 'ENVIRONMENT'].indexOf(scope);
  return depth === -1 ? 3 : depth;
}

/**
 * `client.variables`: the environment variables and secrets of a project, an environment or a
 * service (the contract's `/variable` API and its scopes), with aliases and overrides, and
 * `set()`, an upsert by key that a workflow can re-run.
 */
export class Variables {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /**
   * Every variable seen at a scope: its own and those inherited from above (each says where it is
   * defined in `scope`), secrets with a `null` value (listVariables). `{ secret: true }` lists the
   * secrets only, `false` the rest.
   */
  list(scope: VariableScope, options: { secret?: boolean } = {}, request?: RequestOptions): APIPromise<Variable[]> {
    return this.#core.request(async () => {
      const { name, parentId } = scopeOf(scope, 'variables.list');
      const { secret } = parseInput(listOptionsInput, options, 'variables.list');
      return this.#core.operation(
        'listVariables',
        { query: { parent_id: parentId, scope: name, is_secret: secret } },
        'results',
      );
    }, request);
  }

  /** The variable of this key that applies at a scope (its own, else the inherited one), or a `LookupError`. */
  async get(scope: VariableScope, key: string, options?: RequestOptions): Promise<Variable> {
    const { name } = scopeOf(scope, 'variables.get');
    const wanted = parseInput(z.strictObject({ key: nonEmpty }), { key }, 'variables.get').key;
    const found = applying(await this.list(scope, {}, options), wanted, name);
    if (!found) throw new LookupError(`No variable ${wanted} at ${describeScope(scope)}`, 'variable', []);
    return found;
  }

  /** Creates a variable or secret at a scope (createVariable). A POST: never retried. */
  create(scope: VariableScope, params: VariableCreateParams, options?: RequestOptions): APIPromise<Variable> {
    return this.#core.request(async () => {
      const { name, parentId } = scopeOf(scope, 'variables.create');
      const { key, value, secret = false, description } = parseInput(variableCreateInput, params, 'variables.create');
      if (secret) this.#core.keepSecret(value);
      return this.#core.operation(
        'createVariable',
        {
          body: {
            key,
            value,
            is_secret: secret,
            variable_scope: name,
            variable_parent_id: parentId,
            ...(description === undefined ? {} : { description }),
          },
        },
        'body',
      );
    }, options);
  }

  /** Changes a variable's value (or key, or description) by its id (editVariable). */
  update(variableId: string, params: VariableUpdateParams, options?: RequestOptions): APIPromise<Variable> {
    return this.#core.onId('variableId', variableId, 'variables.update', options, (checkedId) => {
      const body = parseInput(variableUpdateInput, params, 'variables.update');
      // The SDK cannot tell a secret from its id alone: every value it sends is kept out of errors.
      if (body.value !== undefined) this.#core.keepSecret(body.value);
      return this.#core.operation('editVariable', { path: { variableId: checkedId }, body }, 'body');
    });
  }

  /** Deletes a variable by its id (deleteVariable). */
  delete(variableId: string, options?: RequestOptions): APIPromise<void> {
    return this.#core.onId('variableId', variableId, 'variables.delete', options, (checkedId) =>
      this.#core.operation('deleteVariable', { path: { variableId: checkedId } }, 'nothing'),
    );
  }

  /** Gives a variable another name at a scope below it, `key` (createVariableAlias). */
  alias(variableId: string, scope: VariableScope, key: string, options?: RequestOptions): APIPromise<Variable> {
    return this.#core.onId('variableId', variableId, 'variables.alias', options, (checkedId) => {
      const { name, parentId } = scopeOf(scope, 'variables.alias');
      const checkedKey = parseInput(z.strictObject({ key: nonEmpty }), { key }, 'variables.alias').key;
      return this.#core.operation(
        'createVariableAlias',
        { path: { variableId: checkedId }, body: { key: checkedKey, alias_scope: name, alias_parent_id: parentId } },
        'body',
      );
    });
  }

  /** Gives an inherited variable another value at a scope below it (createVariableOverride). */
  override(variableId: string, scope: VariableScope, value: string, options?: RequestOptions): APIPromise<Variable> {
    return this.#core.onId('variableId', variableId, 'variables.override', options, (checkedId) => {
      const { name, parentId } = scopeOf(scope, 'variables.override');
      const checkedValue = parseInput(z.strictObject({ value: z.string() }), { value }, 'variables.override').value;
      this.#core.keepSecret(checkedValue);
      return this.#core.operation(
        'createVariableOverride',
        {
          path: { variableId: checkedId },
          body: { value: checkedValue, override_scope: name, override_parent_id: parentId },
        },
        'body',
      );
    });
  }

  /**
   * Makes `key` hold `value` at a scope, whatever was there: creates it, updates the one defined
   * there, or overrides the one inherited from above; leaves it alone when it already holds that
   * value, its own or inherited. Safe to re-run: the same call twice writes nothing the second time
   * (a secret, whose value cannot be read back, is written again with the same value). One list,
   * then at most one write.
   */
  async set(
    scope: VariableScope,
    key: string,
    value: string,
    options: { secret?: boolean; description?: string } = {},
    request?: RequestOptions,
  ): Promise<VariableSetResult> {
    const { name } = scopeOf(scope, 'variables.set');
    const params = parseInput(variableCreateInput, { key, value, ...options }, 'variables.set');
    const secret = params.secret ?? false;
    if (secret) this.#core.keepSecret(value);
    const current = applying(await this.list(scope, {}, request), params.key, name);
    if (current && current.is_secret !== secret) {
      throw new LookupError(
        `${params.key} exists at ${describeScope(scope)} as a ${current.is_secret ? 'secret' : 'plain variable'}; delete it (id ${current.id}) to make it a ${secret ? 'secret' : 'plain variable'}`,
        'variable',
        [{ id: current.id, name: params.key }],
      );
    }
    if (!current) return { variable: await this.create(scope, params, request), outcome: 'created' };
    // Holding the value already, inherited or not, is enough: nothing to write.
    if (!secret && current.value === value) return { variable: current, outcome: 'unchanged' };
    if (current.scope !== name) {
      // An inherited override is itself overridden through the variable it overrides.
      const original =
        current.variable_type === 'OVERRIDE' ? (current.overridden_variable?.id ?? current.id) : current.id;
      return { variable: await this.override(original, scope, value, request), outcome: 'overridden' };
    }
    const variable = await this.update(current.id, { key: params.key, value }, request);
    return { variable, outcome: 'updated' };
  }
}

/** `environment 7f…` for messages: which scope, by its id. */
function describeScope(scope: VariableScope): string {
  const [field, value] = Object.entries(scope)[0] ?? ['scope', ''];
  return `${field.replace(/Id$/, '')} ${value}`;
}
