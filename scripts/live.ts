// `npm run test:live`: read-only calls of every namespace against the real Qovery API (or
// QOVERY_API_URL), with the QOVERY_API_TOKEN of whoever runs it, printing how each answer departs
// from openapi.yaml. Deviations are information: the exit code is 0 with them, 1 only when a call
// fails. Without a token it says so and exits 0.
//
// It sends nothing but GET (its fetch refuses anything else), and never prints the token, a header
// or a value from a body: only operation ids, statuses, path templates, deviation kinds and the JSON
// paths where they were found. Not part of `npm test`.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OPERATIONS } from '../generated/operations.js';
import { Qovery } from '../src/index.js';
import { type Deviation, type DeviationKind, specDeviations, successSchema } from './spec-deviations.js';

const EXAMPLES = 5;
const KINDS = ['applications', 'containers', 'jobs', 'databases', 'helms'] as const;
/** The reads of one service of each kind, after its list. */
const SERVICE_READS: Record<(typeof KINDS)[number], string[]> = {
  applications: ['get', 'status', 'links'],
  containers: ['get', 'status', 'links'],
  jobs: ['get', 'status'],
  databases: ['get', 'status'],
  helms: ['get', 'status', 'links'],
};
const ENVIRONMENT_CALLS = [
  'environments.get',
  'environments.status',
  'environments.statuses',
  'environments.links',
  ...KINDS.flatMap((kind) => [`${kind}.list`, ...SERVICE_READS[kind].map((read) => `${kind}.${read}`)]),
  'deployments.list (environment)',
  'deployments.history (environment)',
];
const APPLICATION_DEPLOYMENT_CALLS = ['deployments.list (application)', 'deployments.history (application)'];
const PAGE = 3;

const token = process.env.QOVERY_API_TOKEN?.trim();
if (!token) {
  console.log('test:live: no QOVERY_API_TOKEN is set, so nothing was checked against the real API.');
  process.exit(0);
}
const baseUrl = process.env.QOVERY_API_URL?.trim() || 'https://api.qovery.com';

/** Every line goes out through here: the token is cut out of anything, should it ever get in. */
function say(line = ''): void {
  console.log(token && token.length >= 8 ? line.split(token).join('[token]') : line);
}

const doc = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'), { maxAliasCount: -1 }) as Record<
  string,
  unknown
>;

// ---------------------------------------------------------------------------------------------
// Which operation an answer belongs to: the GET templates of the contract, the most literal first
// (`/environment/deploymentStatus` before `/environment/{environmentId}`).
// ---------------------------------------------------------------------------------------------

const GET_TEMPLATES = Object.entries(OPERATIONS as Record<string, readonly [string, string]>)
  .filter(([, [method]]) => method === 'get')
  .map(([operationId, [, template]]) => ({
    operationId,
    template,
    literal: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}/?$`),
  }))
  .sort((a, b) => b.literal - a.literal);

function operationOf(pathname: string): { operationId: string; template: string } | undefined {
  // The base URL may carry a path of its own (a proxy): the templates start after it.
  const basePath = new URL(client.baseUrl).pathname.replace(/\/+$/, '');
  const path = basePath && pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  return GET_TEMPLATES.find((t) => t.pattern.test(path));
}

// ---------------------------------------------------------------------------------------------
// The recording fetch.
// ---------------------------------------------------------------------------------------------

interface Answer {
  pathname: string;
  status: number;
  /** The parsed JSON body; `undefined` when empty or not JSON (see `text`). */
  body: unknown;
  /** What the body was: empty, JSON, or something else. */
  text: 'empty' | 'json' | 'not-json';
}

const answers: Answer[] = [];

async function recordingFetch(request: Request): Promise<Response> {
  if (request.method !== 'GET') throw new Error(`test:live sends only GET requests; refused a ${request.method}`);
  const response = await globalThis.fetch(request);
  const raw = await response.clone().text();
  let body: unknown;
  let text: Answer['text'] = raw.length === 0 ? 'empty' : 'json';
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw);
    } catch {
      text = 'not-json';
    }
  }
  answers.push({ pathname: new URL(request.url).pathname, status: response.status, body, text });
  return response;
}

/** A failure's class and message: the SDK's messages already leave the token out. */
const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `${typeof error}: ${String(error)}`;

const client = (() => {
  try {
    return new Qovery({
      apiToken: token,
      baseUrl,
      validateResponses: false,
      fetch: recordingFetch,
      logLevel: 'off',
    });
  } catch (error) {
    say(`test:live: could not create the client: ${describeError(error)}`);
    process.exit(1);
  }
})();

// ---------------------------------------------------------------------------------------------
// Checking and printing each answer.
// ---------------------------------------------------------------------------------------------

const totals = new Map<DeviationKind, number>();
const operationsSeen = new Set<string>();
let answersChecked = 0;
let failures = 0;
let skipped = 0;

const collapse = (path: string): string => path.replace(/\[\d+\]/g, '[]');

function report(call: string, answer: Answer): void {
  const operation = operationOf(answer.pathname);
  if (!operation) {
    say(`${call}: HTTP ${answer.status} from a GET the contract does not have: not checked`);
    return;
  }
  const head = `${operation.operationId} (${call}, GET ${operation.template}): HTTP ${answer.status}`;
  if (answer.status < 200 || answer.status > 299) {
    say(`${head}: not a success, not checked`);
    return;
  }
  const schema = successSchema(doc, operation.operationId, answer.status);
  if (schema === undefined) {
    say(`${head}: the contract declares no JSON body${answer.text === 'empty' ? '' : ', but one came'}`);
    return;
  }
  if (answer.text !== 'json') {
    say(`${head}: the body is ${answer.text === 'empty' ? 'empty' : 'not JSON'}, the contract declares JSON`);
    return;
  }
  operationsSeen.add(operation.operationId);
  answersChecked++;
  const found = specDeviations(doc, schema, answer.body);
  if (found.length === 0) {
    say(`${head}: no deviation`);
    return;
  }
  say(`${head}: ${found.length} deviation${found.length === 1 ? '' : 's'}`);
  const byKind = new Map<DeviationKind, Deviation[]>();
  for (const deviation of found) byKind.set(deviation.kind, [...(byKind.get(deviation.kind) ?? []), deviation]);
  for (const [kind, list] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    totals.set(kind, (totals.get(kind) ?? 0) + list.length);
    const paths = [...new Set(list.map((d) => collapse(d.path)))];
    const shown = paths.slice(0, EXAMPLES).join(', ');
    const more = paths.length > EXAMPLES ? `, … (${paths.length} paths)` : '';
    say(`  ${kind} ×${list.length}: ${shown}${more}`);
  }
}

/** Runs one SDK call and reports every answer it got; a failure is printed and counted, not thrown. */
async function step<T>(call: string, run: () => PromiseLike<T>): Promise<T | undefined> {
  const from = answers.length;
  try {
    const result = await run();
    for (const answer of answers.slice(from)) report(call, answer);
    return result;
  } catch (error) {
    for (const answer of answers.slice(from)) report(call, answer);
    failures++;
    say(`${call}: FAILED: ${describeError(error)}`);
    return undefined;
  }
}

function skip(calls: string[], why: string): void {
  skipped += calls.length;
  say(`${calls.join(', ')}: skipped, ${why}`);
}

/** Why there is nothing to call the next reads on: the list was empty, or it failed. */
const none = (listed: unknown[] | undefined, what: string, list: string): string => (listed ? what : `${list} failed`);

async function firstOf<T>(entries: AsyncIterable<T>): Promise<T[]> {
  const taken: T[] = [];
  for await (const entry of entries) taken.push(entry);
  return taken;
}

// ---------------------------------------------------------------------------------------------
// The calls: all reads, ids found by listing (the first of each).
// ---------------------------------------------------------------------------------------------

say(`test:live: read-only calls against ${client.baseUrl}, answers checked against openapi.yaml`);

const organizations = await step('organization.list', () => client.organization.list());
const organizationId = organizations?.[0]?.id;
let projectId: string | undefined;
let environmentId: string | undefined;
let applicationId: string | undefined;
let environments: { id: string }[] | undefined;

if (organizationId === undefined) {
  skip(
    [
      'organization.get',
      'organization.roles',
      'apiTokens.list',
      'projects.list',
      'projects.get',
      'environments.list',
      ...ENVIRONMENT_CALLS,
      'services.list',
      'variables.list',
      ...APPLICATION_DEPLOYMENT_CALLS,
    ],
    none(organizations, 'the token sees no organization', 'organization.list'),
  );
} else {
  await step('organization.get', () => client.organization.get(organizationId));
  await step('organization.roles', () => client.organization.roles({ organizationId }));
  await step('apiTokens.list', () => client.apiTokens.list({ organizationId }));

  const projects = await step('projects.list', () => client.projects.list({ organizationId }));
  projectId = projects?.[0]?.id;
  if (projectId === undefined) {
    skip(
      ['projects.get', 'environments.list', ...ENVIRONMENT_CALLS, 'variables.list', ...APPLICATION_DEPLOYMENT_CALLS],
      none(projects, 'the organization has no project', 'projects.list'),
    );
  } else {
    const id = projectId;
    await step('projects.get', () => client.projects.get(id));
    environments = await step('environments.list', () => client.environments.list({ projectId: id }));
    environmentId = environments?.[0]?.id;
  }

  if (environmentId !== undefined) {
    const envId = environmentId;
    await step('environments.get', () => client.environments.get(envId));
    await step('environments.status', () => client.environments.status(envId));
    await step('environments.statuses', () => client.environments.statuses(envId));
    await step('environments.links', () => client.environments.links(envId));

    interface KindResource {
      list(params: { environmentId: string }): PromiseLike<{ id: string }[]>;
      get(id: string): PromiseLike<unknown>;
      status(id: string): PromiseLike<unknown>;
      links?(id: string): PromiseLike<unknown>;
    }
    const kinds: [(typeof KINDS)[number], KindResource][] = [
      ['applications', client.applications],
      ['containers', client.containers],
      ['jobs', client.jobs],
      ['databases', client.databases],
      ['helms', client.helms],
    ];
    for (const [name, resource] of kinds) {
      const services = await step(`${name}.list`, () => resource.list({ environmentId: envId }));
      const serviceId = services?.[0]?.id;
      const reads = SERVICE_READS[name].map((read) => `${name}.${read}`);
      if (serviceId === undefined) {
        skip(reads, none(services, `the environment has no ${name}`, `${name}.list`));
        continue;
      }
      if (name === 'applications') applicationId = serviceId;
      await step(`${name}.get`, () => resource.get(serviceId));
      await step(`${name}.status`, () => resource.status(serviceId));
      const links = resource.links?.bind(resource);
      if (links) await step(`${name}.links`, () => links(serviceId));
    }
  } else if (projectId !== undefined) {
    skip(
      [...ENVIRONMENT_CALLS, ...APPLICATION_DEPLOYMENT_CALLS],
      none(environments, 'the project has no environment', 'environments.list'),
    );
  }

  await step('services.list', () =>
    client.services.list(environmentId ? { organizationId, environmentId } : { organizationId }),
  );
  if (environmentId !== undefined) {
    const envId = environmentId;
    await step('variables.list', () => client.variables.list({ environmentId: envId }));
    await step('deployments.list (environment)', () =>
      client.deployments.list({ environmentId: envId, pageSize: PAGE }),
    );
    await step('deployments.history (environment)', () =>
      firstOf(client.deployments.history({ environmentId: envId, limit: PAGE })),
    );
  } else if (projectId !== undefined) {
    const id = projectId;
    await step('variables.list', () => client.variables.list({ projectId: id }));
  }
  if (applicationId !== undefined) {
    const appId = applicationId;
    await step('deployments.list (application)', () =>
      client.deployments.list({ applicationId: appId, pageSize: PAGE }),
    );
    await step('deployments.history (application)', () =>
      firstOf(client.deployments.history({ applicationId: appId, limit: PAGE })),
    );
  } else if (environmentId !== undefined) {
    // applications.list said why already; counted once there.
    say(`${APPLICATION_DEPLOYMENT_CALLS.join(', ')}: skipped, no application to read`);
    skipped += APPLICATION_DEPLOYMENT_CALLS.length;
  }
}

const kindsLine = [...totals]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([kind, count]) => `${count} ${kind}`)
  .join(', ');
const deviationCount = [...totals.values()].reduce((a, b) => a + b, 0);
say();
say(
  `test:live summary: ${operationsSeen.size} operations checked (${answersChecked} answers), ` +
    `${deviationCount} deviations${kindsLine ? ` (${kindsLine})` : ''}, ${skipped} calls skipped, ${failures} failed`,
);
process.exit(failures > 0 ? 1 : 0);
