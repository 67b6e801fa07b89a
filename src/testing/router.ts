import { OPERATIONS } from '../../generated/operations.js';
import type { Caller } from './auth.js';

/** What one request to a route brings: who calls, the path's parameters, the query and the body. */
export interface RequestContext {
  caller: Caller;
  params: Record<string, string>;
  query: URLSearchParams;
  body: () => Promise<unknown>;
}

export type Reply = { status: number; body?: unknown };

type Pattern = RegExp & { names: string[] };

export interface Route {
  method: string;
  pattern: Pattern;
  operation: string;
  /** Whether the operation takes a body: the contract declares 400 (for a malformed id too) only then. */
  takesBody: boolean;
  run: (request: RequestContext) => Reply | Promise<Reply>;
}

/** A matcher for a path template of the contract (`/project/{projectId}`), with its parameters' names. */
export function templatePattern(template: string): Pattern {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return Object.assign(new RegExp(`^${source}/?$`), { names });
}

// Fewest parameters first: /project/stats is its own operation, not /project/{projectId}, and
// /environment/deploymentStatus is not /environment/{environmentId}. The sort is stable.
const fewestParametersFirst = <T extends { pattern: Pattern }>(matchers: T[]): T[] =>
  [...matchers].sort((a, b) => a.pattern.names.length - b.pattern.names.length);

export function route(
  method: string,
  path: string,
  operation: string,
  run: Route['run'],
  takesBody = method === 'POST' || method === 'PUT',
): Route {
  return { method, operation, pattern: templatePattern(path), takesBody, run };
}

/** A GET under one resource's path: 200 with what `read` makes of the resource. */
export type ResourceRead<T> = (
  suffix: string,
  operation: string,
  read: (resource: T, query: URLSearchParams) => unknown,
) => Route;

/**
 * The GETs under `base` (`/environment/{environmentId}`), each on the resource `find` returns for
 * the caller and the path's one parameter.
 */
export function resourceReads<T>(base: string, find: (caller: Caller, id: string) => T): ResourceRead<T> {
  const [name = ''] = templatePattern(base).names;
  return (suffix, operation, read) =>
    route('GET', `${base}${suffix}`, operation, ({ caller, params, query }) => ({
      status: 200,
      body: read(find(caller, params[name] ?? ''), query),
    }));
}

/** The route for a request and its decoded parameters; 'method' when only another method's route has the path. */
export type RouteMatch = { route: Route; params: Record<string, string> } | 'method' | undefined;

export function createRouter(routes: Route[]): (method: string, path: string) => RouteMatch {
  const ordered = fewestParametersFirst(routes);
  return (method, path) => {
    let pathMatched = false;
    for (const candidate of ordered) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (candidate.method !== method) continue;
      const { names } = candidate.pattern;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
      return { route: candidate, params };
    }
    return pathMatched ? 'method' : undefined;
  };
}

/** The contract's operationIds by `METHOD template`, built on first use. */
let operationIds: Map<string, string> | undefined;

/** The operationId of the contract's operation at (method, path template), if it has one. */
export function operationAt(method: string, template: string): string | undefined {
  operationIds ??= new Map(
    Object.entries(OPERATIONS).map(([operationId, [verb, path]]) => [`${verb.toUpperCase()} ${path}`, operationId]),
  );
  return operationIds.get(`${method.toUpperCase()} ${template}`);
}

/** The contract's operations as matchers, built on the first request the mock has no route for. */
let contractMatchers: { operationId: string; method: string; template: string; pattern: Pattern }[] | undefined;

/** The operation of the contract that (method, path) calls, if any. */
export function contractOperation(method: string, path: string): { operationId: string; template: string } | undefined {
  contractMatchers ??= fewestParametersFirst(
    Object.entries(OPERATIONS).map(([operationId, [verb, template]]) => ({
      operationId,
      method: verb.toUpperCase(),
      template,
      pattern: templatePattern(template),
    })),
  );
  return contractMatchers.find((m) => m.method === method && m.pattern.test(path));
}
