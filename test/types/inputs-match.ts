/**
 * Type-level test, checked by `npm run typecheck`: the zod input shapes written next to each
 * resource accept exactly the public parameter types, and what they let through is the contract's
 * request body, field for field. (Answers are checked with schemas generated from the contract:
 * test/types/schemas-agree.test.ts holds those to the generated types.)
 */
import type * as z from 'zod/mini';
import type { components } from '../../generated/qovery-api.js';
import type {
  ApiTokenCreateParams,
  ApiTokenListParams,
  OrganizationUpdateParams,
  ProjectCreateParams,
} from '../../src/index.js';
import type { apiTokenCreateInput, apiTokenListInput } from '../../src/resources/api-tokens.js';
import type { deployInput } from '../../src/resources/applications.js';
import type { organizationUpdateInput } from '../../src/resources/organization.js';
import type { projectCreateInput, projectUpdateInput } from '../../src/resources/projects.js';
import type { DEPLOYMENT_STATES } from '../../src/schemas.js';

type Schemas = components['schemas'];
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assert<_T extends true>(): void {}

// Request bodies: what an input schema lets through, minus the SDK's own routing fields.
type Body<S extends z.ZodMiniType> = Omit<z.output<S>, 'organizationId'>;
assert<Equal<Body<typeof projectCreateInput>, Schemas['ProjectRequest']>>();
assert<Equal<z.output<typeof projectUpdateInput>, Schemas['ProjectRequest']>>();
assert<Equal<Body<typeof organizationUpdateInput>, Partial<Schemas['OrganizationEditRequest']>>>();

// Public parameter types and the schemas that check them accept the same shapes.
assert<Equal<z.input<typeof projectCreateInput>, ProjectCreateParams>>();
assert<Equal<z.input<typeof organizationUpdateInput>, OrganizationUpdateParams>>();
assert<Equal<z.input<typeof apiTokenListInput>, ApiTokenListParams>>();
assert<Equal<z.input<typeof apiTokenCreateInput>, ApiTokenCreateParams>>();
// The deploy body: what deployInput lets through becomes { git_commit_id }, which openapi-fetch
// type-checks against DeployRequest.
assert<Equal<z.output<typeof deployInput>, { gitCommitId: string }>>();
// `until` accepts exactly the contract's deployment states: none missing (a `satisfies` in
// schemas.ts already refuses one the contract lacks).
assert<Equal<(typeof DEPLOYMENT_STATES)[number], Schemas['StateEnum']>>();
