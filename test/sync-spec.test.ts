/**
 * scripts/sync-spec.ts writes openapi.yaml from the facts of Qovery's published spec plus our
 * corrections (spec-overlay.yaml). These tests pin what that means: prose is dropped and facts are
 * kept; only the selected operations and exactly the schemas they reach are written; the overlay's
 * corrections land where they say; the same input always gives the same bytes (and the committed
 * openapi.yaml is what the committed inputs give); the change report names each operation whose
 * contract changed; and `--check` fails when the file on disk is stale.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONTRACT, describeChanges, loadYaml, OVERLAY, type Overlay, syncSpec } from '../scripts/sync-spec.js';
import { describeWithReference, hasReference, REFERENCE_SPEC } from './reference-spec.js';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const asObj = (value: unknown): Obj => {
  if (!isObj(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
};
const readYaml = (text: string): Obj => asObj(parse(text, { maxAliasCount: -1, merge: true }));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const PROSE = ['description', 'summary', 'title', 'example', 'examples', 'externalDocs'];
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Qovery's spec, when it is beside the repo; the blocks that read it are describeWithReference. */
const reference: Obj = hasReference ? loadYaml(REFERENCE_SPEC) : {};
/** The real overlay: every operation of the reference. */
const realOverlay = loadYaml(OVERLAY) as unknown as Overlay;
/** The real overlay's corrections over a selection (the wrapped operations), for tests about selecting. */
const overlay: Overlay = { ...realOverlay, operations: [...(realOverlay.wrapped ?? [])], wrapped: [] };
const copy = <T>(value: T): T => structuredClone(value);

function pointer(doc: Obj, ref: string): unknown {
  let node: unknown = doc;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) || !(key in node)) throw new Error(`dangling $ref ${ref}`);
    node = node[key];
  }
  return node;
}
const deref = (doc: Obj, node: unknown): Obj =>
  asObj(isObj(node) && typeof node.$ref === 'string' ? pointer(doc, node.$ref) : node);

/** JSON pointers of every prose or `x-` key in the document. Keys under `properties` are field names, not prose. */
function proseKeys(node: unknown, at = '', names = false): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => proseKeys(item, `${at}/${i}`));
  if (!isObj(node)) return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const own = !names && (PROSE.includes(key) || key.startsWith('x-')) ? [here] : [];
    return [...own, ...proseKeys(value, here, !names && key === 'properties')];
  });
}

/** Every operation of a contract: [operationId, path item, operation]. */
function operationsOf(doc: Obj): Array<[string, Obj]> {
  return Object.values(asObj(doc.paths)).flatMap((item) =>
    METHODS.filter((m) => isObj(asObj(item)[m])).map((m): [string, Obj] => {
      const op = asObj(asObj(item)[m]);
      return [String(op.operationId), op];
    }),
  );
}

/** Every `$ref` to a component schema, found anywhere in the node. */
function schemaRefs(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) schemaRefs(item, found);
  else if (isObj(node)) {
    const match = typeof node.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(node.$ref) : null;
    if (match?.[1]) found.add(match[1]);
    for (const value of Object.values(node)) schemaRefs(value, found);
  }
  return found;
}

/** The component schemas reached from the paths, following refs from schema to schema. */
function reachedSchemas(doc: Obj): string[] {
  const schemas = asObj(asObj(doc.components).schemas);
  const reached = new Set<string>();
  const todo = [...schemaRefs(doc.paths), ...schemaRefs(asObj(doc.components).responses)];
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    todo.push(...schemaRefs(schemas[name]));
  }
  return [...reached].sort();
}

// ---------------------------------------------------------------------------------------------
// A small hand-made spec: every piece of prose says "Lorem", so none of it may reach the output.
// ---------------------------------------------------------------------------------------------

function tinySpec(): Obj {
  return {
    openapi: '3.0.0',
    info: { title: 'Lorem API', description: 'Lorem ipsum', version: '9.9.9', 'x-logo': { url: 'lorem.png' } },
    externalDocs: { url: 'https://lorem.test', description: 'Lorem docs' },
    'x-lorem': true,
    servers: [{ url: 'https://api.example.test', description: 'Lorem production' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'Widgets', description: 'Lorem widgets' },
      { name: 'Gadgets', description: 'Lorem gadgets' },
    ],
    paths: {
      '/widget/{widgetId}': {
        summary: 'Lorem path summary',
        description: 'Lorem path description',
        'x-lorem-path': 1,
        parameters: [{ $ref: '#/components/parameters/widgetId' }],
        get: {
          operationId: 'getWidget',
          summary: 'Lorem get',
          description: 'Lorem get widget',
          tags: ['Widgets'],
          externalDocs: { url: 'https://lorem.test/get' },
          'x-stoplight': { id: 'lorem' },
          parameters: [
            {
              name: 'expand',
              in: 'query',
              required: false,
              description: 'Lorem expand',
              example: 'parts',
              schema: { type: 'string', enum: ['parts', 'owner'], default: 'parts', description: 'Lorem' },
            },
            // Percent-encoded, as in the real spec: the second parameter of the unselected getGadget.
            { $ref: '#/paths/~1gadget~1%7BgadgetId%7D/get/parameters/1' },
          ],
          responses: {
            '200': {
              description: 'Lorem the widget',
              headers: { 'X-Lorem': { description: 'Lorem', schema: { type: 'string' } } },
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Widget' },
                  example: { id: 'lorem' },
                  examples: { one: { summary: 'Lorem', value: {} } },
                },
              },
            },
            '404': { $ref: '#/components/responses/NotFound' },
            '422': {
              description: 'Lorem invalid',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationProblem' } } },
            },
            default: { description: 'Lorem anything else' },
          },
        },
        put: {
          operationId: 'editWidget',
          tags: ['Widgets', 'Admin'],
          requestBody: {
            required: true,
            description: 'Lorem body',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/WidgetEditRequest' } } },
          },
          responses: {
            '201': {
              description: 'Lorem edited',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Widget' } } },
            },
            '204': { description: 'Lorem nothing' },
            '400': { description: 'Lorem bad' },
            '429': {
              description: 'Lorem slow down',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/TooMany' } } },
            },
          },
        },
        delete: {
          operationId: 'deleteWidget',
          tags: ['Widgets'],
          responses: {
            '204': {
              description: 'Lorem deleted',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Tombstone' } } },
            },
          },
        },
      },
      '/gadget/{gadgetId}': {
        get: {
          operationId: 'getGadget',
          tags: ['Gadgets'],
          parameters: [
            { $ref: '#/components/parameters/gadgetId' },
            {
              name: 'pageSize',
              in: 'query',
              description: 'Lorem page size',
              schema: { $ref: '#/components/schemas/PageSize' },
            },
          ],
          responses: {
            '200': {
              description: 'Lorem gadget',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Gadget' } } },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Lorem auth' },
      },
      parameters: {
        widgetId: {
          name: 'widgetId',
          in: 'path',
          required: true,
          description: 'Lorem id',
          schema: { type: 'string', format: 'uuid' },
        },
        gadgetId: { name: 'gadgetId', in: 'path', required: true, schema: { type: 'string' } },
      },
      responses: {
        NotFound: { description: 'Lorem not found' },
      },
      schemas: {
        Widget: {
          title: 'Lorem Widget',
          description: 'Lorem a widget',
          'x-stoplight': { id: 'lorem' },
          type: 'object',
          required: ['id', 'description'],
          properties: {
            id: { type: 'string', format: 'uuid', example: 'lorem' },
            // A field named `description`: a fact about the payload, not prose.
            description: { type: 'string', nullable: true, description: 'Lorem the description field' },
            size: { type: 'integer', minimum: 0, default: 1, description: 'Lorem size' },
            parts: { type: 'array', items: { $ref: '#/components/schemas/Part' } },
          },
        },
        Part: {
          type: 'object',
          properties: { owner: { $ref: '#/components/schemas/Owner' } },
          example: { owner: {} },
        },
        Owner: { type: 'object', properties: { name: { type: 'string', title: 'Lorem' } } },
        WidgetEditRequest: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            kind: { $ref: '#/components/schemas/WidgetKind' },
          },
        },
        WidgetKind: { type: 'string', enum: ['small', 'large'], description: 'Lorem kind' },
        PageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        // Reached only from unselected operations, or from responses our overlay replaces, or from nothing.
        Gadget: { type: 'object', properties: { id: { type: 'string' } } },
        Tombstone: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
        ValidationProblem: { type: 'object', properties: { field: { type: 'string' } } },
        TooMany: { type: 'object', properties: { retry: { type: 'integer' } } },
        Orphan: { type: 'object', properties: { lonely: { type: 'boolean' } } },
      },
    },
  };
}

const ref = (to: string) => ({ $ref: to });
const RL = Object.fromEntries(RATE_LIMIT_HEADERS.map((h) => [h, ref(`#/components/headers/${h}`)]));
const ERROR_BODY = { 'application/json': { schema: ref('#/components/schemas/ErrorBody') } };
const json = (schema: string) => ({ 'application/json': { schema: ref(`#/components/schemas/${schema}`) } });

function tinyOverlay(changes: Partial<Overlay> = {}): Overlay {
  return {
    ...copy(overlay),
    operations: ['getWidget', 'editWidget'],
    wrapped: [],
    operationResponses: {
      getWidget: { '401': ref('#/components/responses/401'), '403': ref('#/components/responses/403') },
    },
    patches: [],
    ...changes,
  };
}

const tiny = (changes: Partial<Overlay> = {}) => readYaml(syncSpec(tinySpec(), tinyOverlay(changes)).yaml);

describe('sync-spec on a small spec: facts kept, prose dropped', () => {
  const out = tiny();

  it('drops every piece of prose from the spec', () => {
    const { yaml } = syncSpec(tinySpec(), tinyOverlay());
    expect(yaml).not.toMatch(/lorem/i);
    expect(yaml).not.toMatch(/\bx-(?!ratelimit)/i);
  });

  it('keeps no prose key but the descriptions the overlay supplies and the reason phrases on responses', () => {
    const fromOverlay = /^\/info\/title$|^\/components\/(headers|responses)\/|^\/components\/schemas\/ErrorBody\//;
    const reasonPhrase = /^\/paths\/[^/]+\/[a-z]+\/responses\/[^/]+\/description$/;
    const prose = proseKeys(out);
    expect(prose.filter((at) => !fromOverlay.test(at) && !reasonPhrase.test(at))).toEqual([]);
    // What the overlay supplies arrives as written, prose and all.
    const ours = asObj(overlay.components);
    expect(asObj(out.components).headers).toEqual(ours.headers);
    expect(asObj(out.components).responses).toEqual(ours.responses);
    expect(asObj(asObj(out.components).schemas).ErrorBody).toEqual(asObj(ours.schemas).ErrorBody);
  });

  it('keeps the top-level facts, with the title ours and the version the spec’s', () => {
    expect(out.openapi).toBe('3.0.0');
    expect(out.info).toEqual({ title: overlay.info.title, version: '9.9.9' });
    expect(out.servers).toEqual([{ url: 'https://api.example.test' }]);
    expect(out.security).toEqual([{ bearerAuth: [] }]);
    // Only the tags of the selected operations, sorted.
    expect(out.tags).toEqual([{ name: 'Admin' }, { name: 'Widgets' }]);
    expect(asObj(out.components).securitySchemes).toEqual({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
  });

  it('keeps only the selected operations, with their paths, methods, ids, tags, parameters, bodies and statuses', () => {
    expect(Object.keys(asObj(out.paths))).toEqual(['/widget/{widgetId}']);
    expect(asObj(out.paths)['/widget/{widgetId}']).toEqual({
      parameters: [ref('#/components/parameters/widgetId')],
      get: {
        operationId: 'getWidget',
        tags: ['Widgets'],
        parameters: [
          {
            name: 'expand',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['parts', 'owner'], default: 'parts' },
          },
          // The `$ref` into #/paths/... is inlined (and what it refers to is taken along).
          { name: 'pageSize', in: 'query', schema: ref('#/components/schemas/PageSize') },
        ],
        responses: {
          '200': { description: 'OK', headers: RL, content: json('Widget') },
          '401': ref('#/components/responses/401'),
          '403': ref('#/components/responses/403'),
          '404': ref('#/components/responses/404'),
          '422': { description: 'Unprocessable Entity', headers: RL, content: ERROR_BODY },
          '429': ref('#/components/responses/429'),
          default: { description: 'Any other answer', headers: RL, content: ERROR_BODY },
        },
      },
      put: {
        operationId: 'editWidget',
        tags: ['Widgets', 'Admin'],
        requestBody: { required: true, content: json('WidgetEditRequest') },
        responses: {
          '201': { description: 'Created', headers: RL, content: json('Widget') },
          '204': { description: 'No Content', headers: RL },
          '400': ref('#/components/responses/400'),
          // Its own 429 (another limit than the credential's) stays its own, as an error.
          '429': { description: 'Too Many Requests', headers: RL, content: ERROR_BODY },
        },
      },
    });
  });

  it('keeps schema facts: type, format, enum, required, nullable, default, bounds, and a field named description', () => {
    const schemas = asObj(asObj(out.components).schemas);
    expect(schemas.Widget).toEqual({
      type: 'object',
      required: ['id', 'description'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        description: { type: 'string', nullable: true },
        size: { type: 'integer', minimum: 0, default: 1 },
        parts: { type: 'array', items: ref('#/components/schemas/Part') },
      },
    });
    expect(schemas.WidgetEditRequest).toEqual({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 64 },
        kind: ref('#/components/schemas/WidgetKind'),
      },
    });
    expect(schemas.WidgetKind).toEqual({ type: 'string', enum: ['small', 'large'] });
    expect(schemas.PageSize).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(schemas.Owner).toEqual({ type: 'object', properties: { name: { type: 'string' } } });
    expect(asObj(asObj(out.components).parameters).widgetId).toEqual({
      name: 'widgetId',
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    });
  });

  it('keeps a fact written beside a $ref (nullable), the way the spec writes it elsewhere: through allOf', () => {
    const spec = tinySpec();
    const widget = asObj(asObj(asObj(spec.components).schemas).WidgetEditRequest);
    asObj(widget.properties).kind = { $ref: '#/components/schemas/WidgetKind', nullable: true, description: 'Lorem' };
    const schemas = asObj(asObj(readYaml(syncSpec(spec, tinyOverlay()).yaml).components).schemas);
    expect(asObj(asObj(schemas.WidgetEditRequest).properties).kind).toEqual({
      allOf: [ref('#/components/schemas/WidgetKind')],
      nullable: true,
    });
  });

  it('writes exactly the component schemas the selected operations reach, transitively, and no other', () => {
    const components = asObj(out.components);
    // Widget -> Part -> Owner; WidgetEditRequest -> WidgetKind; PageSize through the inlined parameter;
    // ErrorBody through our error responses. Not Gadget, Tombstone (unselected operations), nor
    // ValidationProblem, TooMany (responses our overlay replaces), nor Orphan.
    const expected = ['ErrorBody', 'Owner', 'PageSize', 'Part', 'Widget', 'WidgetEditRequest', 'WidgetKind'];
    expect(Object.keys(asObj(components.schemas))).toEqual(expected);
    expect(reachedSchemas(out)).toEqual(expected);
    expect(Object.keys(asObj(components.parameters))).toEqual(['widgetId']);
  });

  it('refuses a selected operationId the spec does not have', () => {
    expect(() => syncSpec(tinySpec(), tinyOverlay({ operations: ['getWidget', 'getSprocket'] }))).toThrow(
      /operations not in the spec: getSprocket/,
    );
  });

  it('does not change the spec or the overlay it is given', () => {
    const spec = tinySpec();
    const ours = tinyOverlay({
      patches: [{ at: '/components/schemas/Widget/required', value: ['id'], reason: 'test' }],
    });
    const before = JSON.stringify([spec, ours]);
    syncSpec(spec, ours);
    expect(JSON.stringify([spec, ours])).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// The overlay's corrections.
// ---------------------------------------------------------------------------------------------

/**
 * Checks every response of every operation: rate-limit headers always, ErrorBody on errors, 429
 * everywhere, ours unless the source spec gives the operation a 429 of its own.
 */
function overlayProblems(doc: Obj, source: Obj): string[] {
  const problems: string[] = [];
  const headers = asObj(asObj(doc.components).headers);
  const ownTooMany = new Set(
    operationsOf(source)
      .filter(([, op]) => '429' in asObj(op.responses))
      .map(([id]) => id),
  );
  for (const [id, op] of operationsOf(doc)) {
    const responses = asObj(op.responses);
    const ours = asObj(responses['429']).$ref === '#/components/responses/429';
    if (!('429' in responses)) problems.push(`${id}: no 429`);
    else if (ours === ownTooMany.has(id)) problems.push(`${id}: 429 is ${ours ? 'ours, not its own' : 'not ours'}`);
    for (const [status, value] of Object.entries(responses)) {
      const response = deref(doc, value);
      const declared = asObj(response.headers);
      for (const name of RATE_LIMIT_HEADERS) {
        const header = declared[name];
        if (!isObj(header) || header.$ref !== `#/components/headers/${name}` || !(name in headers)) {
          problems.push(`${id} ${status}: no ${name} header`);
        }
      }
      const isError = status === 'default' || /^[45]/.test(status);
      if (isError && JSON.stringify(response.content) !== JSON.stringify(ERROR_BODY)) {
        problems.push(`${id} ${status}: body is not ErrorBody`);
      }
    }
  }
  return problems;
}

describeWithReference('sync-spec applies the overlay', () => {
  const real = readYaml(syncSpec(reference, overlay).yaml);

  it('gives every operation our 429 and every response the rate-limit headers, errors the ErrorBody', () => {
    expect(operationsOf(tiny())).toHaveLength(2);
    expect(overlayProblems(tiny(), tinySpec())).toEqual([]);
    expect(
      operationsOf(real)
        .map(([id]) => id)
        .sort(),
    ).toEqual([...(overlay.operations as string[])].sort());
    expect(overlayProblems(real, reference)).toEqual([]);
    const tooMany = asObj(asObj(asObj(real.components).responses)['429']);
    expect(Object.keys(asObj(tooMany.headers))).toEqual([...RATE_LIMIT_HEADERS, 'Retry-After']);
  });

  it('adds operationResponses to their operation only', () => {
    const statuses = (doc: Obj, id: string) =>
      Object.keys(asObj((operationsOf(doc).find(([opId]) => opId === id) ?? [])[1]?.responses)).sort();
    expect(statuses(tiny(), 'getWidget')).toEqual(['200', '401', '403', '404', '422', '429', 'default']);
    expect(statuses(tiny({ operationResponses: {} }), 'getWidget')).toEqual(['200', '404', '422', '429', 'default']);
    expect(statuses(tiny(), 'editWidget')).toEqual(['201', '204', '400', '429']);
    // The real overlay's addition: the spec lists only the 200 of this operation.
    expect(statuses(real, 'getDeploymentStatusByDeploymentRequestId')).toEqual(['200', '401', '403', '404', '429']);
  });

  it('replaces the value at a patch pointer, and only there', () => {
    const out = tiny({
      patches: [
        { at: '/components/schemas/Widget/required', value: ['id'], reason: 'description may be absent' },
        { at: '/paths/~1widget~1{widgetId}/get/parameters/0/required', value: true, reason: 'test: into an array' },
        { at: '/paths/~1widget~1{widgetId}/get/responses/200/headers', value: {}, reason: 'test: a shared object' },
      ],
    });
    const widget = asObj(asObj(asObj(out.components).schemas).Widget);
    expect(widget.required).toEqual(['id']);
    expect(widget.properties).toEqual(asObj(asObj(asObj(tiny().components).schemas).Widget).properties);
    const item = asObj(asObj(out.paths)['/widget/{widgetId}']);
    const get = asObj(item.get);
    expect(get.parameters).toEqual([
      {
        name: 'expand',
        in: 'query',
        required: true,
        schema: { type: 'string', enum: ['parts', 'owner'], default: 'parts' },
      },
      { name: 'pageSize', in: 'query', schema: ref('#/components/schemas/PageSize') },
    ]);
    // The rate-limit headers are one object shared by every response: patching one response leaves the rest.
    expect(asObj(asObj(get.responses)['200']).headers).toEqual({});
    expect(asObj(asObj(get.responses)['422']).headers).toEqual(RL);
    expect(asObj(asObj(asObj(item.put).responses)['201']).headers).toEqual(RL);
    // The real overlay's one patch: the spec requires `plan` without declaring it.
    const edit = asObj(asObj(asObj(real.components).schemas).OrganizationEditRequest);
    expect(edit.required).toEqual(['name', 'plan']);
    expect(asObj(edit.properties).plan).toEqual(ref('#/components/schemas/PlanEnum'));
  });

  it('refuses a patch without a reason, or to a place that does not exist', () => {
    const patch = (at: string, reason: string) => () =>
      syncSpec(tinySpec(), tinyOverlay({ patches: [{ at, value: 1, reason }] }));
    expect(patch('/components/schemas/Widget/required', '')).toThrow(/has no reason/);
    expect(patch('/components/schemas/Sprocket/required', 'why')).toThrow(/does not exist/);
    expect(patch('/components/schemas/Widget/maxProperties', 'why')).toThrow(/does not exist/);
    expect(patch('/paths/~1widget~1{widgetId}/get/parameters/2', 'why')).toThrow(/does not exist/);
    // An added key must be new, in an object that exists.
    const add = (at: string) => () =>
      syncSpec(tinySpec(), tinyOverlay({ patches: [{ at, value: 1, reason: 'why', add: true }] }));
    expect(add('/components/schemas/Widget/properties/id')).toThrow(/is there already/);
    expect(add('/components/schemas/Sprocket/properties/id')).toThrow(/does not exist/);
    expect(add('/components/schemas/Widget/properties/weight')).not.toThrow();
    // A correction to a schema the selection no longer reaches is an error, not a silent no-op.
    expect(patch('/components/schemas/Gadget/type', 'why')).toThrow(/does not exist/);
  });
});

// ---------------------------------------------------------------------------------------------
// Determinism, and the committed file.
// ---------------------------------------------------------------------------------------------

const SCRIPT = resolve(ROOT, 'scripts/sync-spec.ts');
const scratch = mkdtempSync(join(tmpdir(), 'sync-spec-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The script in its own process: node with tsx's loader (npx and tsx's own CLI would each add a process). */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', SCRIPT, ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

describe('sync-spec is deterministic', () => {
  it('gives the same bytes for the same small input', () => {
    expect(syncSpec(tinySpec(), tinyOverlay()).yaml).toBe(syncSpec(tinySpec(), tinyOverlay()).yaml);
  });

  it('writes null among the values of an enum marked nullable, so every generator allows it', () => {
    const spec = tinySpec();
    const schemas = asObj(asObj(spec.components).schemas);
    schemas.Mood = { type: 'string', nullable: true, enum: ['HAPPY', 'SAD'] };
    asObj(asObj(schemas.Widget).properties).mood = ref('#/components/schemas/Mood');
    const out = readYaml(syncSpec(spec, tinyOverlay()).yaml);
    expect(asObj(asObj(asObj(out.components).schemas).Mood).enum).toEqual(['HAPPY', 'SAD', null]);
  });

  it('writes an object used in several places out each time, with no YAML anchor or alias', () => {
    // Every response of the tiny spec shares the overlay's one rate-limit headers object.
    const { yaml } = syncSpec(tinySpec(), tinyOverlay());
    expect(yaml).not.toMatch(/[&*]a\d+\b/);
    expect(() => parse(yaml)).not.toThrow();
    expect(yaml.split('X-RateLimit-Remaining:').length - 1).toBeGreaterThan(2);
  });
});

describeWithReference('sync-spec is deterministic on the reference', () => {
  it('gives the same bytes for the same input', () => {
    const first = syncSpec(reference, realOverlay).yaml;
    expect(syncSpec(loadYaml(REFERENCE_SPEC), loadYaml(OVERLAY) as unknown as Overlay).yaml).toBe(first);
  });

  it('makes exactly the committed openapi.yaml from the reference and spec-overlay.yaml', () => {
    const committed = readFileSync(CONTRACT, 'utf8');
    const lines = committed.split('\n');
    expect(lines[0]).toMatch(/^# Generated by scripts\/sync-spec\.ts/);
    expect(lines[1]).toMatch(/^# .*Do not edit by hand/);
    expect(lines.slice(2).join('\n')).toBe(syncSpec(reference, realOverlay).yaml);
  });

  it('--check passes on the committed openapi.yaml', async () => {
    const result = await cli(REFERENCE_SPEC, '--check');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/is up to date/);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// The change report.
// ---------------------------------------------------------------------------------------------

describeWithReference('sync-spec reports what changed in the API', () => {
  const baseline = readYaml(syncSpec(reference, overlay).yaml);
  const paths = (spec: Obj) => asObj(spec.paths);
  const op = (spec: Obj, path: string, method: string) => asObj(asObj(paths(spec)[path])[method]);
  const schemas = (spec: Obj) => asObj(asObj(spec.components).schemas);

  /** The reference with one operation removed, one given a required parameter, one a new field type, one added. */
  function modified(): Obj {
    const spec = copy(reference);
    delete asObj(paths(spec)['/project/{projectId}']).delete; // deleteProject
    const status = op(spec, '/environment/{environmentId}/status', 'get'); // getEnvironmentStatus
    status.parameters = [
      ...(status.parameters as unknown[]),
      { name: 'verbose', in: 'query', required: true, schema: { type: 'boolean' } },
    ];
    const role = asObj(asObj(schemas(spec).OrganizationAvailableRole).properties); // listOrganizationAvailableRoles
    role.name = { type: 'integer' };
    paths(spec)['/organization/{organizationId}/widget'] = {
      get: {
        operationId: 'listWidget',
        parameters: [{ $ref: '#/components/parameters/organizationId' }],
        responses: {
          '200': { description: 'Widgets', content: { 'application/json': { schema: { type: 'array' } } } },
        },
      },
    };
    return spec;
  }
  const without = (ours: Overlay, id: string): Overlay => ({
    ...ours,
    operations: (ours.operations as string[]).filter((x) => x !== id),
  });

  it('reports nothing when nothing changed', () => {
    expect(syncSpec(reference, overlay, baseline).changes).toEqual([]);
    expect(syncSpec(reference, realOverlay, loadYaml(CONTRACT)).changes).toEqual([]);
    expect(describeChanges(baseline, baseline)).toEqual([]);
  });

  it('lists removed, added and changed operations, each once, by id', () => {
    const spec = modified();
    // Removed from the spec but still selected is an error, not a silent drop.
    expect(() => syncSpec(spec, overlay, baseline)).toThrow(/operations not in the spec: deleteProject/);

    const selected = without(copy(overlay), 'deleteProject');
    // The new operation is not selected yet: it is not part of the contract, so not a change.
    expect(syncSpec(spec, selected, baseline).changes).toEqual([
      '- deleteProject (DELETE /project/{projectId})',
      '~ listOrganizationAvailableRoles (GET /organization/{organizationId}/availableRole): responses changed',
      '~ getEnvironmentStatus (GET /environment/{environmentId}/status): parameters changed',
    ]);

    selected.operations = [...(selected.operations as string[]), 'listWidget'];
    const { yaml, changes } = syncSpec(spec, selected, baseline);
    expect(changes).toEqual([
      '+ listWidget (GET /organization/{organizationId}/widget)',
      '- deleteProject (DELETE /project/{projectId})',
      '~ listOrganizationAvailableRoles (GET /organization/{organizationId}/availableRole): responses changed',
      '~ getEnvironmentStatus (GET /environment/{environmentId}/status): parameters changed',
    ]);
    // describeChanges says the same from the two contracts alone.
    expect(describeChanges(baseline, readYaml(yaml))).toEqual(changes);
  });

  it('reports a change deep inside a shared schema on every operation that reaches it', () => {
    const spec = copy(reference);
    // ServiceStorage is part of Application, which listApplication returns inside a list.
    const storage = asObj(asObj(asObj(schemas(spec).ServiceStorage).properties).storage);
    asObj(asObj(asObj(storage.items).properties).size).type = 'string';
    expect(syncSpec(spec, overlay, baseline).changes).toEqual([
      '~ listApplication (GET /environment/{environmentId}/application): responses changed',
      '~ listContainer (GET /environment/{environmentId}/container): responses changed',
      '~ getApplication (GET /application/{applicationId}): responses changed',
      '~ editApplication (PUT /application/{applicationId}): responses changed',
      '~ getContainer (GET /container/{containerId}): responses changed',
      '~ editContainer (PUT /container/{containerId}): responses changed',
    ]);
  });

  it('treats a field named description as a fact, and prose as nothing', () => {
    const spec = copy(reference);
    const fields = asObj(asObj(schemas(spec).OrganizationApiTokenCreateRequest).properties);
    fields.description = { type: 'integer' };
    expect(syncSpec(spec, overlay, baseline).changes).toEqual([
      '~ createOrganizationApiToken (POST /organization/{organizationId}/apiToken): body changed',
    ]);

    const worded = copy(baseline);
    const listProject = op(worded, '/organization/{organizationId}/project', 'get');
    listProject.summary = 'List projects';
    listProject['x-internal'] = false;
    asObj(schemas(worded).Project).description = 'A project';
    expect(describeChanges(worded, baseline)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The command line.
// ---------------------------------------------------------------------------------------------

describeWithReference('sync-spec on the command line, with the reference', () => {
  const spec = REFERENCE_SPEC;

  it('--check exits 1, naming npm run sync-spec and the changes, when the file is stale, and leaves it alone', async () => {
    const stale = join(scratch, 'stale.yaml');
    const shrunk = copy(reference);
    delete asObj(asObj(shrunk.paths)['/project/{projectId}']).delete;
    const older = syncSpec(shrunk, {
      ...overlay,
      operations: (overlay.operations as string[]).filter((id) => id !== 'deleteProject'),
    });
    const content = `# an older contract\n${older.yaml}`;
    writeFileSync(stale, content);

    const result = await cli(spec, '--check', '--out', stale);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/npm run sync-spec/);
    expect(result.stderr).toContain('+ deleteProject (DELETE /project/{projectId})');
    expect(readFileSync(stale, 'utf8')).toBe(content);
  }, 60_000);

  it('--check exits 1 on a file that is not even YAML (a merge conflict), instead of crashing', async () => {
    const conflicted = join(scratch, 'conflicted.yaml');
    const content = 'openapi: 3.0.0\n<<<<<<< HEAD\npaths: [\n';
    writeFileSync(conflicted, content);
    const result = await cli(spec, '--check', '--out', conflicted);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/npm run sync-spec/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(conflicted, 'utf8')).toBe(content);
  }, 60_000);

  it('writes the header and the contract to --out, which --check then accepts', async () => {
    const target = join(scratch, 'fresh.yaml');
    writeFileSync(target, 'openapi: 3.0.0\n<<<<<<< HEAD\n');
    const written = await cli(spec, '--out', target);
    expect(written.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(CONTRACT, 'utf8'));
    const checked = await cli(spec, '--check', '--out', target);
    expect(checked.code).toBe(0);
  }, 60_000);
});

describe('sync-spec on the command line', () => {
  it('takes the spec as an argument, and exits 2 naming the file and the usage when it is not there', async () => {
    const missing = join(scratch, 'no-such-spec.yaml');
    const result = await cli(missing, '--check');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`No spec at ${missing}`);
    expect(result.stderr).toContain('npm run sync-spec -- <spec.yaml>');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
