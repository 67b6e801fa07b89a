/**
 * The lenient contract check of a wrapped call's answer, with the schemas generated from
 * openapi.yaml (generated/zod.ts). Lenient, because the API grows: unknown fields pass (and are
 * kept: the caller gets the body as it came), as do enum values and formats the contract does not
 * list yet and bounds it does not state; a missing required field or a wrong type is an issue.
 *
 * Loaded when a client is built and awaited by the first answer that needs it, so importing the
 * SDK does not pay for building the schemas.
 */
import type * as z from 'zod/mini';
import { RESPONSE_SCHEMAS } from '../generated/response-schemas.js';
import type { FieldIssue } from './errors.js';
import { fieldIssues } from './schemas.js';

/** Issues that a newer API, not a broken answer, explains. */
const GROWTH = new Set(['invalid_value', 'invalid_format', 'too_big', 'too_small', 'not_multiple_of']);

function structural(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue): z.core.$ZodIssue[] => {
    if (GROWTH.has(issue.code)) return [];
    // A union passes when one of its shapes does, once growth is forgiven.
    if (issue.code === 'invalid_union')
      return issue.errors.some((branch) => structural(branch).length === 0) ? [] : [issue];
    if (issue.code === 'invalid_element' || issue.code === 'invalid_key') {
      const inner = structural(issue.issues);
      return inner.length === 0 ? [] : [{ ...issue, issues: inner }];
    }
    return [issue];
  });
}

/** What is wrong with `body` by `schema`, forgiving what a newer API explains; empty when nothing is. */
export function lenientIssues(schema: z.ZodMiniType, body: unknown): FieldIssue[] {
  const result = schema.safeParse(body);
  return result.success ? [] : fieldIssues(structural(result.error.issues), body);
}

/** What is wrong with the answer to `operation` (or by `schema`, in its place), or `undefined` when nothing is. */
export function checkAnswer(
  operation: string,
  body: unknown,
  schema: z.ZodMiniType | undefined = (RESPONSE_SCHEMAS as Partial<Record<string, z.ZodMiniType>>)[operation],
): FieldIssue[] | undefined {
  const issues = schema ? lenientIssues(schema, body) : [];
  return issues.length === 0 ? undefined : issues;
}
