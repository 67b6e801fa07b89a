// qovery/schemas: the SDK's own response checks, for integrations that check data themselves.
import { describe, expect, it } from 'vitest';
import { environment, list, project, serviceStatus, validate } from '../src/public-schemas.js';
import { createQoveryMock, DEPLOY_SCENE } from '../src/testing/index.js';

describe('qovery/schemas', () => {
  const mock = createQoveryMock({ ...DEPLOY_SCENE });

  it('accepts what the API sends, with fields and enum values it does not know yet', () => {
    const backend = mock.state.projects[0];
    expect(validate(project, backend)).toEqual([]);
    expect(validate(project, { ...backend, brand_new_field: 1 })).toEqual([]);
    expect(validate(environment, { ...mock.state.environments[0], mode: 'SOMETHING_NEW' })).toEqual([]);
    expect(validate(list(project), { results: mock.state.projects })).toEqual([]);
  });

  it('names what is missing or of the wrong type', () => {
    const { name: _, ...nameless } = mock.state.projects[0] as Record<string, unknown>;
    expect(validate(project, nameless)).toEqual([{ path: 'name', message: 'is required' }]);
    expect(validate(serviceStatus, { id: 'x', state: 3 }).map((i) => i.path)).toContain('state');
    expect(validate(list(project), { results: [{}] })[0]?.path).toBe('results.0.id');
  });
});
