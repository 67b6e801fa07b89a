import { REQUEST_BODY_SCHEMAS } from '../../generated/request-schemas.js';
import { describeIssues, issuesOf } from '../schemas.js';
import { Refusal } from './responses.js';

/** The request's body as JSON, undefined when empty; read only by the operations that take one. */
export async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    throw new Refusal(400, 'body: is not valid JSON');
  }
}

/**
 * A request body checked with the contract's own schema for the operation (generated from
 * openapi.yaml, as the SDK's checks are), strictly as the API would: a missing or mistyped field,
 * an enum value or a format it does not know is a 400 naming the field. A `name` that is empty or
 * only blanks is refused too (400 `name: must not be empty`), as the real API refuses it for a
 * project, an environment, a service or a token, though the contract sets no minimum length.
 */
export function checkBody(body: unknown, operation: keyof typeof REQUEST_BODY_SCHEMAS): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Refusal(400, 'body: must be a JSON object');
  const issues = issuesOf(REQUEST_BODY_SCHEMAS[operation], body);
  if (issues.length > 0) throw new Refusal(400, describeIssues(issues));
  const { name } = body as { name?: unknown };
  if (typeof name === 'string' && name.trim() === '') throw new Refusal(400, 'name: must not be empty');
  return body as Record<string, unknown>;
}

/** The fields the contract's request schema for the operation names, those of every allOf part. */
export function requestFields(operation: keyof typeof REQUEST_BODY_SCHEMAS): string[] {
  const def = REQUEST_BODY_SCHEMAS[operation]._zod.def as { shape?: Record<string, unknown> };
  return Object.keys(def.shape ?? {});
}
