import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../src/index.js';
import { answer, answerRaw, client, ORG_ID, organization, PROJECT_ID, project } from './helpers.js';

describe('response checks', () => {
  it('keep unknown fields and accept unknown enum values: the API grows', async () => {
    const grown = { ...organization(), plan: 'GALAXY_2030', new_field: { nested: true } };
    answer('get', `/organization/${ORG_ID}`, 200, grown);
    expect(await client().organization.get()).toEqual(grown);
  });

  it('accept optional fields being absent', async () => {
    const minimal = {
      id: PROJECT_ID,
      created_at: '2026-01-01T00:00:00Z',
      name: 'web',
      associated_environments_count: 0,
      organization: { id: ORG_ID },
    };
    answer('get', `/project/${PROJECT_ID}`, 200, minimal);
    expect(await client().projects.get(PROJECT_ID)).toEqual(minimal);
  });

  it('a missing required field is a ResponseValidationError carrying the body', async () => {
    const broken = project();
    delete (broken as Record<string, unknown>).organization;
    answer('get', `/project/${PROJECT_ID}`, 200, broken);
    const error = (await client()
      .projects.get(PROJECT_ID)
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.body).toEqual(broken);
    expect(error.status).toBe(200);
    expect(error.issues.map((i) => i.path)).toEqual(['organization']);
    expect(error.message).toMatch(/^Unexpected response to getProject: organization: /);
  });

  it('a wrong type is a ResponseValidationError naming the field, inside lists too', async () => {
    answer('get', `/organization/${ORG_ID}/project`, 200, {
      results: [project(), project({ associated_environments_count: '2' })],
    });
    const error = (await client()
      .projects.list()
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues[0]?.path).toBe('results.1.associated_environments_count');
  });

  it('validateResponses: false hands the body over unchecked', async () => {
    const odd = { ...project(), associated_environments_count: 'many' };
    answer('get', `/project/${PROJECT_ID}`, 200, odd);
    const qovery = client({ validateResponses: false });
    expect(qovery.validateResponses).toBe(false);
    expect(await qovery.projects.get(PROJECT_ID)).toEqual(odd);
  });

  it('a 2xx body that is not JSON is a ResponseValidationError carrying the text', async () => {
    answerRaw('get', `/project/${PROJECT_ID}`, 200, '{"id": "trunc', { 'content-type': 'application/json' });
    const error = (await client()
      .projects.get(PROJECT_ID)
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.body).toBe('{"id": "trunc');
    expect(error.message).toBe('Unexpected response to getProject: the body is not JSON');
  });

  it('a 2xx with an empty body where data was expected is a ResponseValidationError', async () => {
    answerRaw('get', `/project/${PROJECT_ID}`, 200, '', {});
    await expect(client().projects.get(PROJECT_ID)).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
