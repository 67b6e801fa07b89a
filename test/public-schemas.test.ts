// qovery/schemas: the generated zod schemas of the whole contract, for integrations that check data
// themselves (a webhook relay, a cached payload).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import * as schemas from '../src/public-schemas.js';
import { createQoveryMock, DEPLOY_SCENE } from '../src/testing/index.js';

const mock = createQoveryMock({ ...DEPLOY_SCENE });
const [application] = mock.state.applications;

describe('qovery/schemas', () => {
  it('has a schema for every component of the contract, named as the component', async () => {
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const contract = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
    const names = Object.keys(contract.components.schemas);
    expect(names.length).toBeGreaterThan(700);
    const exported = schemas as unknown as Record<string, { safeParse?: unknown }>;
    expect(names.filter((name) => typeof exported[name]?.safeParse !== 'function')).toEqual([]);
  });

  it('parses strictly as the contract states it: safeParse accepts an answer and refuses a broken one', () => {
    expect(schemas.Application.safeParse(application).success).toBe(true);
    expect(schemas.Application.safeParse({ ...application, name: 42 }).success).toBe(false);
    expect(schemas.ListProjectResponse.safeParse({ results: mock.state.projects }).success).toBe(true);
  });

  it('validate() checks leniently, as the SDK checks answers: new fields and enum values pass', () => {
    const backend = mock.state.projects[0];
    expect(schemas.validate(schemas.Project, { ...backend, brand_new_field: 1 })).toEqual([]);
    expect(schemas.validate(schemas.Environment, { ...mock.state.environments[0], mode: 'SOMETHING_NEW' })).toEqual([]);
    const { name: _, ...nameless } = backend as Record<string, unknown>;
    expect(schemas.validate(schemas.Project, nameless)).toEqual([{ path: 'name', message: 'is required' }]);
    expect(schemas.validate(schemas.ProjectResponseList, { results: [{}] })[0]?.path).toMatch(/^results\.0\./);
  });

  it('compose into a zod/mini schema and into a schema of the classic zod API a user has', () => {
    const webhookMini = zm.object({ event: zm.literal('deployed'), application: schemas.Application });
    const webhook = z.object({ event: z.literal('deployed'), application: schemas.Application });
    for (const schema of [webhookMini, webhook]) {
      expect(schema.safeParse({ event: 'deployed', application }).success).toBe(true);
      expect(schema.safeParse({ event: 'deployed', application: { ...application, id: 1 } }).success).toBe(false);
    }
    type Webhook = z.infer<typeof webhook>;
    expectTypeOf<Webhook['application']['name']>().toEqualTypeOf<string>();
  });
});
