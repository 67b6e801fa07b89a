/**
 * The SDK's own schema checker: a few combinators with zod's shape and inferred types, for the
 * checks the SDK runs (caller input, strictly; API answers, leniently).
 *
 * Why not zod: the SDK's budget for a bundled client making one call is 10 KB min+gzip, and
 * `zod/mini` alone costs 5.3 KB of it (measured with esbuild on a one-schema file; the SDK's
 * schemas made it 7.1 KB), beside openapi-fetch's 2.3 KB. This file is about 1 KB, runs a
 * lenient list check in about 1 µs, and adds nothing to a cold import.
 */
import type { FieldIssue } from './errors.js';

type Path = (string | number)[];

export interface Schema<T> {
  /** Appends what is wrong with `value` (at `path`) to `issues`. */
  readonly check: (value: unknown, path: Path, issues: FieldIssue[]) => void;
  /** Only for type inference. */
  readonly _type?: T;
  /** Set on `optional(...)`, so objects know the key may be missing. */
  readonly optional?: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const issue = (issues: FieldIssue[], path: Path, message: string, key?: string | number) => {
  issues.push({ path: (key === undefined ? path : [...path, key]).join('.'), message });
};

export const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function primitive<T>(expected: string, test: (value: unknown) => boolean): () => Schema<T> {
  const schema: Schema<T> = {
    check: (value, path, issues) => {
      if (!test(value)) issue(issues, path, `expected ${expected}, received ${typeOf(value)}`);
    },
  };
  return () => schema;
}

export const string = primitive<string>('string', (v) => typeof v === 'string');
export const number = primitive<number>('number', (v) => typeof v === 'number' && Number.isFinite(v));
export const int = primitive<number>('integer', (v) => Number.isInteger(v));
export const boolean = primitive<boolean>('boolean', (v) => typeof v === 'boolean');

/** A value passing `test`; `message` says what it must be. */
export function custom<T>(test: (value: unknown) => boolean, message: string): Schema<T> {
  return {
    check: (value, path, issues) => {
      if (!test(value)) issue(issues, path, message);
    },
  };
}

/** `schema`, then `test` on values that passed it; a failure is reported at `path`, or at its `field`. */
export function refine<T, S extends Schema<T>>(
  schema: S & Schema<T>,
  test: (value: T) => boolean,
  message: string,
  field?: string,
): S {
  return {
    ...schema,
    check: (value, path, issues) => {
      const before = issues.length;
      schema.check(value, path, issues);
      if (issues.length === before && !test(value as T)) issue(issues, path, message, field);
    },
  };
}

export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  return custom((value) => values.includes(value as string), `must be one of ${values.join(', ')}`);
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> & { readonly optional: true } {
  return { optional: true, check: (value, path, issues) => value === undefined || schema.check(value, path, issues) };
}

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return { check: (value, path, issues) => value === null || schema.check(value, path, issues) };
}

export function array<T>(item: Schema<T>): Schema<T[]> {
  return {
    check: (value, path, issues) => {
      if (!Array.isArray(value)) return issue(issues, path, `expected array, received ${typeOf(value)}`);
      // One path array per check, grown and shrunk as the walk goes: nothing is allocated per
      // field on the usual, passing path (a check runs on every answer).
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        item.check(value[i], path, issues);
        path.pop();
      }
    },
  };
}

export function record<T>(item: Schema<T>): Schema<Record<string, T>> {
  return {
    check: (value, path, issues) => {
      if (typeOf(value) !== 'object') return issue(issues, path, `expected object, received ${typeOf(value)}`);
      for (const [key, entry] of Object.entries(value as object)) {
        path.push(key);
        item.check(entry, path, issues);
        path.pop();
      }
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type Fields<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};
type Flat<T> = { [K in keyof T]: T[K] };

function object<S extends Shape, T>(shape: S, strict: boolean): Schema<T> & { shape: S } {
  const keys = Object.keys(shape);
  return {
    shape,
    check: (value, path, issues) => {
      if (typeOf(value) !== 'object') return issue(issues, path, `expected object, received ${typeOf(value)}`);
      const fields = value as Record<string, unknown>;
      for (const key of keys) {
        const schema = shape[key] as Schema<unknown>;
        if (!Object.hasOwn(fields, key) && !schema.optional) issue(issues, path, 'is required', key);
        else {
          path.push(key);
          schema.check(fields[key], path, issues);
          path.pop();
        }
      }
      if (strict) {
        for (const key of Object.keys(fields))
          if (!Object.hasOwn(shape, key)) issue(issues, path, 'is not a known field', key);
      }
    },
  };
}

/** Only the fields of `shape`: any other key is an issue (a typo in caller input). */
export const strictObject = <S extends Shape>(shape: S) => object<S, Flat<Fields<S>>>(shape, true);
/** The fields of `shape`, and any other key passes (the API grows). */
export const looseObject = <S extends Shape>(shape: S) =>
  object<S, Flat<Fields<S>> & { [key: string]: unknown }>(shape, false);

/** Every issue with `value`, in order; empty when it passes. */
export function issuesOf(schema: Schema<unknown>, value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  schema.check(value, [], issues);
  return issues;
}
