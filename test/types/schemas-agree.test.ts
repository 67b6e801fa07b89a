/**
 * The generated zod schemas (generated/zod.ts) and the openapi-typescript types of answers
 * (generated/qovery-api-answers.ts: optional fields may be null, in both) come from the same
 * contract by two generators; they must agree. For
 * every component a wrapped call answers with, and a seeded sample of 50 others, a file of type
 * assertions is compiled: what the schema infers (`z.infer`, and `z.input`) and the component's
 * type must each be assignable to the other, and neither may be `any`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const contract = parse(readFileSync(join(root, 'openapi.yaml'), 'utf8'));
const overlay = parse(readFileSync(join(root, 'spec-overlay.yaml'), 'utf8'));
const SEED = 20261206;
const SAMPLE = 50;

/** The components the wrapped operations answer with. */
function wrappedComponents(): string[] {
  const wrapped = new Set<string>(overlay.wrapped);
  const found = new Set<string>();
  type Response = { content?: Record<string, { schema?: { $ref?: string } }> };
  for (const item of Object.values<Record<string, { operationId?: string; responses?: Record<string, Response> }>>(
    contract.paths,
  )) {
    for (const operation of Object.values(item)) {
      if (!operation?.operationId || !wrapped.has(operation.operationId)) continue;
      for (const response of Object.values(operation.responses ?? {})) {
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (ref?.startsWith('#/components/schemas/')) found.add(ref.split('/').pop() as string);
      }
    }
  }
  return [...found].sort();
}

/** A deterministic pick of `count` names (mulberry32 on SEED), so a drift is caught the same way every run. */
function seededSample(names: string[], count: number): string[] {
  let state = SEED;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pool = [...names];
  const picked: string[] = [];
  while (picked.length < count && pool.length > 0) picked.push(...pool.splice(Math.floor(random() * pool.length), 1));
  return picked.sort();
}

/**
 * Where the two generators read the same contract differently, each with why. The test fails when
 * a new difference appears, and when one of these goes away (then drop it here).
 */
const KNOWN: Readonly<Record<string, string>> = {
  // @hey-api/openapi-ts narrows a discriminated property to the literal its mapping names
  // (service_type: 'APPLICATION'); openapi-typescript keeps the whole enum. And a field required
  // by one allOf part with a default in another is optional in zod's output.
  Application: 'discriminator narrowed; required field with a default',
  ApplicationResponseList: 'discriminator narrowed (Application)',
  // The same two readings in the other kinds of service a wrapped call answers with: service_type
  // narrowed to CONTAINER, DATABASE, HELM, JOB (and job_type to CRON); fields such as
  // min_running_instances or healthcheck ports required with a default.
  ContainerResponse: 'discriminator narrowed; required field with a default',
  ContainerResponseList: 'discriminator narrowed (ContainerResponse)',
  Database: 'discriminator narrowed; required field with a default',
  DatabaseResponseList: 'discriminator narrowed (Database)',
  HelmResponse: 'discriminator narrowed; required field with a default',
  HelmResponseList: 'discriminator narrowed (HelmResponse)',
  JobResponse: 'discriminator narrowed (job_type, service_type)',
  JobResponseList: 'discriminator narrowed (JobResponse)',
  // A cluster's fields with a default (min_running_nodes, max_running_nodes, disk_size) are always
  // set in zod's output.
  ClusterResponseList: 'field with a default (Cluster, z.infer)',
  // The same default and discriminator readings, in sampled components.
  AgenticWorkflowResources: 'required field with a default (z.input)',
  // Fields with a default, in sampled components: set in zod's output, optional in the type.
  BlueprintManifestUserProvidedBackend: 'field with a default ({}, z.infer)',
  MetricsConfigurationManagedByQovery: 'nested fields with a default (z.infer)',
  PlatformTemplateLayerResponse: 'nested discriminator or default',
  // openapi-typescript writes the discriminator's literal (type: 'SLACK') into a schema that a
  // mapping names; zod keeps the schema as written and narrows at the union.
  SlackAlertReceiverCreationRequest: 'discriminator narrowed (type), on the other side',
};

const wrapped = wrappedComponents();
const others = seededSample(
  Object.keys(contract.components.schemas).filter((name) => !wrapped.includes(name)),
  SAMPLE,
);

// Under node_modules, so the generated files resolve zod as the sources do; the cache folder may
// not exist yet on a fresh clone.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const work = mkdtempSync(join(root, 'node_modules/.cache/schemas-agree-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
};
/** A compiler host that parses each shared file once for every compile of this file. */
const host = ts.createCompilerHost(OPTIONS);
const parsed = new Map<string, ts.SourceFile | undefined>();
const readSource = host.getSourceFile;
host.getSourceFile = (fileName, ...rest) => {
  if (fileName.startsWith(work)) return readSource(fileName, ...rest);
  if (!parsed.has(fileName)) parsed.set(fileName, readSource(fileName, ...rest));
  return parsed.get(fileName);
};
/** Whether a compile has checked every file, the shared ones included. */
let checkedWhole = false;

/** The schemas whose inferred types and components do not agree. */
function compile(pairs: Array<[schema: string, component: string]>): string[] {
  const file = join(work, `agree-${pairs.length}.ts`);
  const lines = [
    "import type * as z from 'zod/mini';",
    `import type { components } from '${join(root, 'generated/qovery-api-answers.js')}';`,
    `import type * as schemas from '${join(root, 'generated/zod.js')}';`,
    'type IsAny<T> = 0 extends 1 & T ? true : false;',
    'type Agree<A, B> = IsAny<A> extends true ? false : IsAny<B> extends true ? false : [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
    'declare function agree<T extends true>(): void;',
    ...pairs.flatMap(([schema, component]) => [
      `agree<Agree<z.infer<typeof schemas.${schema}>, components['schemas']['${component}']>>(); // ${schema}`,
      `agree<Agree<z.input<typeof schemas.${schema}>, components['schemas']['${component}']>>(); // ${schema}`,
    ]),
  ];
  writeFileSync(file, lines.join('\n'));
  const program = ts.createProgram([file], OPTIONS, host);
  // The files every compile shares (the generated ones, zod's) were checked whole by an earlier
  // compile: a later one checks only its own file, which still fails on any diagnostic it gets.
  const source = program.getSourceFile(file) as ts.SourceFile;
  const diagnostics = checkedWhole
    ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    : ts.getPreEmitDiagnostics(program);
  checkedWhole = true;
  const failed = diagnostics.map((diagnostic) => {
    const line = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line ?? -1;
    const name = / \/\/ (\w+)$/.exec(lines[line] ?? '')?.[1];
    if (!name) throw new Error(`not an assertion: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
    return name;
  });
  return [...new Set(failed)].sort();
}

describe('zod schemas and openapi-typescript types agree', () => {
  it('picks the wrapped components and 50 others', () => {
    expect(wrapped).toEqual(expect.arrayContaining(['Application', 'Organization', 'Project', 'Status']));
    expect(others).toHaveLength(SAMPLE);
  });

  it(`except the known differences, for the ${wrapped.length} components wrapped calls answer with, and ${SAMPLE} others (seed ${SEED})`, () => {
    const disagree = compile([...wrapped, ...others].map((name) => [name, name]));
    expect(disagree).toEqual(Object.keys(KNOWN).sort());
  }, 120_000);

  it('and the check can fail: two different components do not agree', () => {
    expect(compile([['Project', 'Organization']])).toEqual(['Project']);
  }, 120_000);
});
