// Writes openapi.yaml from the facts of a Qovery OpenAPI spec plus our corrections (spec-overlay.yaml).
//
//   npm run sync-spec [-- <spec.yaml>]          default spec: ../shared/reference/qovery-openapi.yaml
//   npm run sync-spec -- <spec.yaml> --check    exit 1 when openapi.yaml is not what the spec makes
//   npm run sync-spec -- <spec.yaml> --out F    write somewhere else (tests use this)
//
// Facts are kept (paths, methods, operationIds, tags, parameters, bodies, responses and status codes,
// schema types, formats, enums, required, nullable, bounds, defaults, security); prose is dropped
// (description, summary, title, example(s), externalDocs, x-*). The same input always gives the same
// bytes. Before writing, it prints what changed in the API against the openapi.yaml it replaces.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** Schema keywords that carry prose only. */
const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs']);
const REASON_PHRASES: Readonly<Record<string, string>> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No Content',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'Not Found',
  '409': 'Conflict',
  '412': 'Precondition Failed',
  '422': 'Unprocessable Entity',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  default: 'Any other answer',
};

export interface Overlay {
  info: Obj;
  /** operationIds to take from the spec, or 'all'. */
  operations: string[] | 'all';
  /** The operations the SDK's namespaces wrap: each must be among those taken. */
  wrapped?: string[];
  /** Headers sent with every response, as names of `components.headers` entries. */
  rateLimitHeaders: string[];
  /** Added to every operation's responses. */
  everyOperation: { responses: Obj };
  /** Responses added to one operation, by operationId (each group's reason is in the overlay). */
  operationResponses?: Record<string, Obj>;
  /** Our components, added to (and winning over) the spec's. */
  components: Obj;
  /**
   * Each replaces the value at a JSON pointer in the output, for the reason given; with `add`, it
   * adds a key the spec lacks instead, and fails once the spec has it.
   */
  patches: Array<{ at: string; value: unknown; reason: string; add?: boolean }>;
}

export interface SyncResult {
  yaml: string;
  /** Lines saying what changed between `previous` and the new contract, for a maintainer. */
  changes: string[];
}

function pointerGet(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}: only local refs are followed`);
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) && !Array.isArray(node)) throw new Error(`dangling $ref ${ref}`);
    node = (node as Obj)[key];
    if (node === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return node;
}

const byKey = (o: Obj): Obj =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );

/** Builds the contract. Pure: same inputs, same output. */
export function syncSpec(spec: Obj, overlay: Overlay, previous?: Obj): SyncResult {
  const wanted = overlay.operations;
  const used = { schemas: new Set<string>(), parameters: new Set<string>() };
  const pending: Array<[keyof typeof used, string]> = [];
  const ours = (overlay.components ?? {}) as Record<string, Obj | undefined>;

  // A `$ref` into components is kept (and its target taken along); one into paths is inlined,
  // because openapi-typescript turns it into an index on an optional member that does not compile.
  const ref = (value: string): unknown => {
    const match = /^#\/components\/(schemas|parameters)\/([^/]+)$/.exec(value);
    if (match) {
      const kind = match[1] as keyof typeof used;
      const name = match[2] as string;
      if (!used[kind].has(name)) {
        used[kind].add(name);
        pending.push([kind, name]);
      }
      return { $ref: value };
    }
    if (value.startsWith('#/paths/')) return undefined; // caller inlines
    throw new Error(`unexpected $ref ${value}`);
  };

  const schema = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(schema);
    if (!isObj(node)) return node;
    if (typeof node.$ref === 'string') {
      const target = ref(node.$ref) ?? schema(pointerGet(spec, node.$ref));
      const { $ref: _, ...siblings } = node;
      const facts = schema(siblings) as Obj;
      // OpenAPI 3.0 ignores whatever sits beside a $ref, so a fact written there (`nullable: true`
      // above all) is kept the way the spec itself writes it elsewhere: the $ref inside allOf.
      return Object.keys(facts).length === 0 ? target : { allOf: [target], ...facts };
    }
    const out: Obj = {};
    for (const [key, value] of Object.entries(node)) {
      if (PROSE.has(key) || key.startsWith('x-')) continue;
      if (key === 'properties' && isObj(value)) {
        out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, schema(s)]));
      } else if (key === 'discriminator' && isObj(value)) {
        const mapping = isObj(value.mapping) ? value.mapping : undefined;
        if (mapping) for (const target of Object.values(mapping)) if (typeof target === 'string') ref(target);
        out.discriminator = value;
      } else if (key === 'enum' && Array.isArray(value) && node.nullable === true && !value.includes(null)) {
        // The spec marks some enums nullable without listing null among their values, which
        // OpenAPI 3.0.3 reads as "null is not allowed" and some generators follow (zod's would
        // refuse the null the API sends). The value is written out, so every tool reads it alike.
        out[key] = [...value, null];
      } else if (key === 'enum' || key === 'required' || key === 'default') {
        out[key] = value;
      } else {
        out[key] = schema(value);
      }
    }
    return out;
  };

  const parameter = (node: unknown): unknown => {
    if (!isObj(node)) return node;
    if (typeof node.$ref === 'string') return ref(node.$ref) ?? parameter(pointerGet(spec, node.$ref));
    const out: Obj = {};
    for (const key of ['name', 'in', 'required', 'deprecated', 'style', 'explode', 'allowEmptyValue'] as const) {
      if (key in node) out[key] = node[key];
    }
    if ('schema' in node) out.schema = schema(node.schema);
    return out;
  };

  const content = (node: unknown): Obj | undefined => {
    if (!isObj(node)) return undefined;
    return Object.fromEntries(
      Object.entries(node).map(([type, media]) => [
        type,
        isObj(media) && 'schema' in media ? { schema: schema(media.schema) } : {},
      ]),
    );
  };

  // One object for the rate-limit headers: the YAML writer emits it once, as an anchor.
  const rateLimitHeaders = Object.fromEntries(
    overlay.rateLimitHeaders.map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );
  const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  const ourResponses = (ours.responses ?? {}) as Obj;

  const response = (status: string, node: unknown): unknown => {
    const isError = status === 'default' || /^[45]/.test(status);
    // Our 429 is the per-credential limit; a 429 an operation declares itself means something of
    // its own (syncServiceGitWebhook's is the git provider's limit), so it is kept as an error.
    if (isError && status in ourResponses && status !== '429') return { $ref: `#/components/responses/${status}` };
    const resolved = isObj(node) && typeof node.$ref === 'string' ? pointerGet(spec, node.$ref) : node;
    if (!isObj(resolved)) throw new Error(`response ${status} is not an object`);
    const out: Obj = { description: REASON_PHRASES[status] ?? `HTTP ${status}`, headers: rateLimitHeaders };
    if (isError) out.content = errorBody;
    else {
      const body = content(resolved.content);
      if (body && Object.keys(body).length > 0) out.content = body;
    }
    return out;
  };

  const operation = (node: Obj): Obj => {
    const out: Obj = { operationId: node.operationId };
    if (Array.isArray(node.tags)) out.tags = node.tags;
    if (node.deprecated === true) out.deprecated = true;
    if (Array.isArray(node.security)) out.security = node.security;
    if (Array.isArray(node.parameters)) out.parameters = node.parameters.map(parameter);
    if (isObj(node.requestBody)) {
      const body =
        isObj(node.requestBody) && typeof node.requestBody.$ref === 'string'
          ? pointerGet(spec, node.requestBody.$ref)
          : node.requestBody;
      if (!isObj(body)) throw new Error(`${String(node.operationId)}: request body is not an object`);
      out.requestBody = { ...(body.required === true ? { required: true } : {}), content: content(body.content) };
    }
    const responses: Obj = {};
    for (const [status, value] of Object.entries(isObj(node.responses) ? node.responses : {})) {
      responses[status] = response(status, value);
    }
    const extra = { ...overlay.operationResponses?.[String(node.operationId)], ...overlay.everyOperation.responses };
    for (const [status, value] of Object.entries(extra)) responses[status] ??= value;
    out.responses = responses;
    return out;
  };

  const paths: Obj = {};
  const tags = new Set<string>();
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(isObj(spec.paths) ? spec.paths : {})) {
    if (!isObj(item)) continue;
    const methods: Obj = {};
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op) || typeof op.operationId !== 'string') continue;
      if (wanted !== 'all' && !wanted.includes(op.operationId)) continue;
      seen.add(op.operationId);
      for (const tag of Array.isArray(op.tags) ? op.tags : []) tags.add(String(tag));
      methods[method] = operation(op);
    }
    if (Object.keys(methods).length === 0) continue;
    paths[path] = {
      ...(Array.isArray(item.parameters) ? { parameters: item.parameters.map(parameter) } : {}),
      ...methods,
    };
  }
  const inSpec = new Set(
    Object.values(isObj(spec.paths) ? spec.paths : {}).flatMap((item) =>
      METHODS.map((method) => (isObj(item) && isObj(item[method]) ? item[method].operationId : undefined)),
    ),
  );
  const missing = [...(wanted === 'all' ? [] : wanted), ...(overlay.wrapped ?? [])].filter((id) => !inSpec.has(id));
  if (missing.length > 0) throw new Error(`operations not in the spec: ${[...new Set(missing)].join(', ')}`);
  const unselected = (overlay.wrapped ?? []).filter((id) => !seen.has(id));
  if (unselected.length > 0) throw new Error(`wrapped operations left out of \`operations\`: ${unselected.join(', ')}`);

  const components: Record<string, Obj> = { schemas: {}, parameters: {} };
  while (pending.length > 0) {
    const [kind, name] = pending.shift() as [keyof typeof used, string];
    const source = pointerGet(spec, `#/components/${kind}/${name}`);
    (components[kind] as Obj)[name] = kind === 'schemas' ? schema(source) : parameter(source);
  }
  const specSchemes =
    isObj(spec.components) && isObj(spec.components.securitySchemes) ? spec.components.securitySchemes : {};
  const securitySchemes = Object.fromEntries(
    Object.entries(specSchemes).map(([name, scheme]) => [name, schema(scheme)]),
  );
  const merged: Obj = { securitySchemes };
  for (const kind of ['parameters', 'headers', 'responses', 'schemas']) {
    const all = { ...(components[kind] ?? {}), ...((ours[kind] as Obj | undefined) ?? {}) };
    if (Object.keys(all).length > 0) merged[kind] = byKey(all);
  }

  const contract: Obj = {
    openapi: spec.openapi,
    info: { ...overlay.info, version: isObj(spec.info) ? spec.info.version : undefined },
    servers: Array.isArray(spec.servers) ? spec.servers.map((s) => (isObj(s) ? { url: s.url } : s)) : undefined,
    security: spec.security,
    tags: [...tags].sort().map((name) => ({ name })),
    components: merged,
    paths,
  };
  for (const patch of overlay.patches) {
    if (!patch.reason) throw new Error(`overlay patch at ${patch.at} has no reason`);
    setPointer(contract, patch.at, patch.value, patch.add === true);
  }

  const yaml = stringify(contract, { lineWidth: 0, aliasDuplicateObjects: false });
  return { yaml, changes: previous ? describeChanges(previous, contract) : [] };
}

function setPointer(doc: Obj, at: string, value: unknown, add: boolean): void {
  const keys = at
    .replace(/^#?\//, '')
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  const has = (node: unknown, key: string): node is Obj =>
    (isObj(node) && key in node) || (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(key) && Number(key) < node.length);
  let node: unknown = doc;
  for (const key of keys) {
    if (!has(node, key)) throw new Error(`overlay patch: ${at} does not exist in the output`);
    // Copy on the way down: an object the output shares (the rate-limit headers of every response) or
    // takes from the inputs is left alone, so a patch changes exactly the place it names.
    const child = node[key];
    node[key] = Array.isArray(child) ? [...child] : isObj(child) ? { ...child } : child;
    node = node[key];
  }
  if (last === undefined || !isObj(node) || (!add && !has(node, last))) {
    throw new Error(`overlay patch: ${at} does not exist`);
  }
  if (add && has(node, last)) throw new Error(`overlay patch: ${at} is there already: replace it, or drop the patch`);
  node[last] = value;
}

/** Operations by id, each with the facts a change report compares (refs resolved, recursively). */
function operationFacts(doc: Obj): Map<string, { label: string; parameters: string; body: string; responses: string }> {
  const out = new Map<string, { label: string; parameters: string; body: string; responses: string }>();
  // Refs are followed all the way down (a change deep in a shared schema is a change of every operation
  // reaching it); only a ref already being expanded, i.e. a recursive schema, is left as its name.
  const expand = (node: unknown, within: readonly string[] = [], names = false): unknown => {
    if (Array.isArray(node)) return node.map((n) => expand(n, within));
    if (!isObj(node)) return node;
    if (typeof node.$ref === 'string') {
      if (within.includes(node.$ref)) return node.$ref;
      let target: unknown;
      try {
        target = pointerGet(doc, node.$ref);
      } catch {
        return node.$ref;
      }
      return expand(target, [...within, node.$ref]);
    }
    // Under `properties` the keys are field names (a field may be called `description`), not prose.
    return Object.fromEntries(
      Object.keys(node)
        .filter((k) => names || (!PROSE.has(k) && !k.startsWith('x-')))
        .sort()
        .map((k) => [k, expand(node[k], within, !names && k === 'properties')]),
    );
  };
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op) || typeof op.operationId !== 'string') continue;
      out.set(op.operationId, {
        label: `${method.toUpperCase()} ${path}`,
        parameters: JSON.stringify(
          expand([
            ...(Array.isArray(item.parameters) ? item.parameters : []),
            ...(Array.isArray(op.parameters) ? op.parameters : []),
          ]),
        ),
        body: JSON.stringify(expand(op.requestBody)),
        responses: JSON.stringify(expand(op.responses)),
      });
    }
  }
  return out;
}

export function describeChanges(before: Obj, after: Obj): string[] {
  const a = operationFacts(before);
  const b = operationFacts(after);
  const lines: string[] = [];
  for (const [id, op] of b) if (!a.has(id)) lines.push(`+ ${id} (${op.label})`);
  for (const [id, op] of a) if (!b.has(id)) lines.push(`- ${id} (${op.label})`);
  for (const [id, op] of b) {
    const old = a.get(id);
    if (!old) continue;
    const what = (['parameters', 'body', 'responses'] as const).filter((k) => old[k] !== op[k]);
    if (old.label !== op.label) what.unshift('path' as never);
    if (what.length > 0) lines.push(`~ ${id} (${op.label}): ${what.join(', ')} changed`);
  }
  return lines;
}

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEFAULT_SPEC = resolve(ROOT, '../shared/reference/qovery-openapi.yaml');
export const OVERLAY = resolve(ROOT, 'spec-overlay.yaml');
export const CONTRACT = resolve(ROOT, 'openapi.yaml');
const HEADER = `# Generated by scripts/sync-spec.ts (npm run sync-spec) from the facts of Qovery's published OpenAPI
# spec, with the corrections in spec-overlay.yaml. Do not edit by hand: change the overlay or the script.
`;

export const loadYaml = (file: string): Obj => {
  const doc: unknown = parse(readFileSync(file, 'utf8'), { maxAliasCount: -1, merge: true });
  if (!isObj(doc)) throw new Error(`${file} is not a YAML mapping`);
  return doc;
};

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? resolve(argv[outIndex + 1] ?? '') : CONTRACT;
  const specArg = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--out');
  const specFile = resolve(specArg ?? DEFAULT_SPEC);
  if (!existsSync(specFile)) {
    console.error(
      `No spec at ${specFile}. Give the path of Qovery's OpenAPI spec: npm run sync-spec -- <spec.yaml> [--check]`,
    );
    return 2;
  }
  // An unreadable file (a merge conflict, say) is replaced, or reported by --check, not a crash.
  let previous: Obj | undefined;
  try {
    previous = existsSync(out) ? loadYaml(out) : undefined;
  } catch (error) {
    console.error(`${out} is not a readable contract (${(error as Error).message.split('\n')[0]}); no change report.`);
  }
  const { yaml, changes } = syncSpec(loadYaml(specFile), loadYaml(OVERLAY) as unknown as Overlay, previous);
  const text = HEADER + yaml;
  if (check) {
    if (!existsSync(out) || readFileSync(out, 'utf8') !== text) {
      console.error(`${out} is not what scripts/sync-spec.ts makes from ${specFile}: run \`npm run sync-spec\`.`);
      for (const line of changes) console.error(`  ${line}`);
      return 1;
    }
    console.log(`${out} is up to date with ${specFile}.`);
    return 0;
  }
  for (const line of changes) console.log(line);
  writeFileSync(out, text);
  console.log(`${out}: ${changes.length === 0 ? 'no operation changed' : `${changes.length} operation(s) changed`}.`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
