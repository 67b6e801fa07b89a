import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ResponseValidationError, ValidationError } from '../../src/index.js';
import {
  answer,
  client,
  expectSent,
  FAKE_TOKEN,
  ORG_ID,
  OTHER_ORG_ID,
  onlyRequest,
  PROJECT_ID,
  project,
  received,
} from '../helpers.js';

describe('projects', () => {
  it('list() GETs the organization projects and returns the results array', async () => {
    answer('get', `/organization/${ORG_ID}/project`, 200, { results: [project(), project({ name: 'api' })] });
    const projects = await client().projects.list();
    expect(projects.map((p) => p.name)).toEqual(['web', 'api']);
    const request = await onlyRequest();
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`/organization/${ORG_ID}/project`);
    expect(request.headers.get('authorization')).toBe(`Token ${FAKE_TOKEN}`);
    expect(request.body).toBeUndefined();
  });

  it('list() takes another organization per call', async () => {
    answer('get', `/organization/${OTHER_ORG_ID}/project`, 200, { results: [] });
    expect(await client().projects.list({ organizationId: OTHER_ORG_ID })).toEqual([]);
    expect((await onlyRequest()).path).toBe(`/organization/${OTHER_ORG_ID}/project`);
  });

  it('list() answered without results is a ResponseValidationError carrying the body, not an empty list', async () => {
    answer('get', `/organization/${ORG_ID}/project`, 200, {});
    for (const validateResponses of [true, false]) {
      const error = await client({ validateResponses })
        .projects.list()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).body).toEqual({});
    }
  });

  it('create() POSTs name and description and accepts the API answering 200', async () => {
    answer('post', `/organization/${ORG_ID}/project`, 200, project({ name: 'new', description: 'd' }));
    const created = await client().projects.create({ name: 'new', description: 'd' });
    expect(created).toMatchObject({ id: PROJECT_ID, name: 'new', description: 'd' });
    await expectSent('POST', `/organization/${ORG_ID}/project`, { name: 'new', description: 'd' });
  });

  it('create() surfaces a taken name as ConflictError', async () => {
    answer('post', `/organization/${ORG_ID}/project`, 409, {
      status: 409,
      error: 'Conflict',
      message: 'This organization already has a project with that name',
    });
    const error = await client()
      .projects.create({ name: 'web' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('409 This organization already has a project with that name');
  });

  it('get() GETs one project by id', async () => {
    answer('get', `/project/${PROJECT_ID}`, 200, project());
    expect(await client().projects.get(PROJECT_ID)).toEqual(project());
    await expectSent('GET', `/project/${PROJECT_ID}`);
  });

  it('get() of an unknown id is NotFoundError', async () => {
    answer('get', `/project/${PROJECT_ID}`, 404, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Project not found',
    });
    await expect(client().projects.get(PROJECT_ID)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('update() PUTs the new name and description', async () => {
    answer('put', `/project/${PROJECT_ID}`, 200, project({ name: 'renamed' }));
    expect((await client().projects.update(PROJECT_ID, { name: 'renamed', description: 'x' })).name).toBe('renamed');
    await expectSent('PUT', `/project/${PROJECT_ID}`, { name: 'renamed', description: 'x' });
  });

  it('delete() sends DELETE and resolves to undefined on 204', async () => {
    answer('delete', `/project/${PROJECT_ID}`, 204);
    await expect(client().projects.delete(PROJECT_ID)).resolves.toBeUndefined();
    await expectSent('DELETE', `/project/${PROJECT_ID}`);
  });

  describe('bad input is a ValidationError and sends nothing', () => {
    const cases: [string, (c: ReturnType<typeof client>) => Promise<unknown>, string][] = [
      ['get with a non-UUID id', (c) => c.projects.get('not-a-uuid'), 'projectId'],
      ['create without a name', (c) => c.projects.create({} as never), 'name'],
      ['create with a blank name', (c) => c.projects.create({ name: '  ' }), 'name'],
      ['create with an unknown field', (c) => c.projects.create({ name: 'x', colour: 'red' } as never), 'colour'],
      [
        'create with a bad organizationId',
        (c) => c.projects.create({ name: 'x', organizationId: 'acme' }),
        'organizationId',
      ],
      ['update without a name', (c) => c.projects.update(PROJECT_ID, { description: 'x' } as never), 'name'],
      [
        'update with a number as description',
        (c) => c.projects.update(PROJECT_ID, { name: 'x', description: 3 } as never),
        'description',
      ],
      ['delete with an empty id', (c) => c.projects.delete(''), 'projectId'],
      ['list with an unknown option', (c) => c.projects.list({ organisationId: ORG_ID } as never), 'organisationId'],
    ];
    it.each(cases)('%s', async (_name, call, field) => {
      const error = await call(client()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect(received).toHaveLength(0);
    });
  });
});
