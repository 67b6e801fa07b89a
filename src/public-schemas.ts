/**
 * zod 4 schemas for the whole contract, generated from `openapi.yaml` with the types: one per
 * component, named as the component (`Application`, `Organization`), and for each operation what
 * it takes (`ListApplicationData`: body, path and query) and what it answers
 * (`ListApplicationResponse`). They are zod/mini schemas: parse with them, compose them into your
 * own zod 4 schemas, infer types with `z.infer`.
 *
 * ```ts
 * import * as schemas from 'qovery/schemas';
 * const checked = schemas.Application.safeParse(payload); // strict, as the contract states it
 * const issues = schemas.validate(schemas.Application, payload); // lenient, as the SDK checks answers
 * ```
 *
 * Its own entry, so a client that does not use them does not carry them.
 * @module qovery/schemas
 */
import type * as z from 'zod/mini';
import type { FieldIssue } from './errors.js';
import { checkAnswer, lenientIssues } from './response-check.js';

export * from '../generated/zod.js';

/**
 * What is wrong with `value` by `schema`, checked as the SDK checks the API's answers: unknown
 * fields, enum values and formats the contract does not list yet pass; a missing required field or
 * a wrong type does not. Empty when nothing is.
 */
export function validate(schema: z.ZodMiniType, value: unknown): FieldIssue[] {
  return lenientIssues(schema, value);
}

/**
 * The contract check of the answers of the SDK's calls, for the client's `contractCheck` option:
 * with it, `validateResponses: 'strict'` refuses an answer that departs from the contract, and
 * `onResponseIssue` (and the logger at `debug`) is told of one. Without it a client carries none of
 * the contract's schemas, and checks only what it reads.
 *
 * ```ts
 * import { Qovery } from 'qovery';
 * import { contractCheck } from 'qovery/schemas';
 * const qovery = new Qovery({ contractCheck, onResponseIssue: (report) => console.warn(report) });
 * ```
 */
export const contractCheck: (operation: string, body: unknown) => FieldIssue[] | undefined = (operation, body) =>
  checkAnswer(operation, body);
