import { LookupError } from './errors.js';

/** Something found by name, with where it was found ("Backend/production/api"). */
export interface Match<T> {
  item: T;
  path: string;
  /** The kind of service, where matches may be of several kinds. */
  kind?: string;
}

/** Qovery compares names case-insensitively (a project "API" and one "api" cannot both exist). */
export const sameName = (a: string | null | undefined, b: string | undefined): boolean =>
  b === undefined || (typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase());

/** The one match, or a `LookupError` naming what was found instead: nothing, or several. */
export function onlyMatch<T extends { id: string }>(matches: Match<T>[], kind: string, wanted: string): T {
  const [first, second] = matches;
  if (first && !second) return first.item;
  const found = matches.map((m) => ({
    id: m.item.id,
    name: m.path,
    ...(m.kind === undefined ? {} : { kind: m.kind }),
  }));
  const described = (m: (typeof found)[number]) => `${m.name} (${'kind' in m ? `${m.kind} ` : ''}${m.id})`;
  throw new LookupError(
    first
      ? `${matches.length} ${kind}s match ${wanted}: ${found.map(described).join(', ')}; name the ${/^(project|environment)$/.test(kind) ? 'project' : 'environment or project'} too, or pass an id`
      : `No ${kind} matches ${wanted}`,
    kind,
    found,
  );
}

/** The one record of `records` named `name` (case-insensitively), or a `LookupError`. */
export function onlyNamed<T extends { id: string; name?: string | null }>(
  records: readonly T[],
  kind: string,
  name: string,
): T {
  const matches = records.filter((r) => sameName(r.name, name)).map((item) => ({ item, path: item.name ?? '' }));
  return onlyMatch(matches, kind, `"${name}"`);
}

/** `fn` over `items`, at most `limit` at a time, results in order: a large organization must not fire hundreds of calls at once. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
