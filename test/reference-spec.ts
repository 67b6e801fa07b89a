/**
 * Qovery's published spec, for the tests that compare our contract against it. CI has it beside
 * the repo (../shared/reference/qovery-openapi.yaml); a lone clone does not. There those tests skip
 * with one line saying where the spec was looked for and how to provide it, unless
 * QOVERY_REQUIRE_REFERENCE=1 (set by .ci/run), which turns the skip into a failure so CI cannot
 * pass by skipping them.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';
import { DEFAULT_SPEC } from '../scripts/sync-spec.js';

/** Where the spec is read from: QOVERY_REFERENCE_SPEC when set, else beside the repo. */
export const REFERENCE_SPEC = process.env.QOVERY_REFERENCE_SPEC
  ? resolve(process.env.QOVERY_REFERENCE_SPEC)
  : DEFAULT_SPEC;
export const hasReference = existsSync(REFERENCE_SPEC);
export const referenceRequired = process.env.QOVERY_REQUIRE_REFERENCE === '1';

export const MISSING_REFERENCE =
  `Qovery's published spec is not at ${REFERENCE_SPEC}. ` +
  'Put a copy of qovery-openapi.yaml there, or set QOVERY_REFERENCE_SPEC=<file>, to run these tests.';

let warned = false;

/**
 * A `describe` whose tests need the reference spec: run as is when it is there; otherwise one
 * skipped test naming the reason (its body, which reads the spec, is never run), or a failing
 * one under QOVERY_REQUIRE_REFERENCE=1.
 */
export function describeWithReference(name: string, body: () => void): void {
  if (hasReference) {
    describe(name, body);
    return;
  }
  if (referenceRequired) {
    describe(name, () => {
      it('has the reference spec (QOVERY_REQUIRE_REFERENCE=1 forbids skipping)', () => {
        throw new Error(MISSING_REFERENCE);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`skipped: ${MISSING_REFERENCE}`);
  }
  describe(name, () => {
    it.skip(`needs Qovery's published spec (${REFERENCE_SPEC})`, () => {});
  });
}
