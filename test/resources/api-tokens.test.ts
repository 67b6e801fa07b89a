import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../src/index.js';
import {
  answer,
  apiToken,
  client,
  expectSent,
  ORG_ID,
  OTHER_ORG_ID,
  onlyRequest,
  ROLE_VIEWER_ID,
  received,
  roles,
  TOKEN_ID,
} from '../helpers.js';

const NEW_SECRET = 'qov_FAKE_NEW_SECRET_abcdefghijklmnop';

async function bodies() {
  return Promise.all(
    received.map(async (r) => ({ method: r.method, path: new URL(r.url).pathname, body: await r.clone().text() })),
  );
}

describe('apiTokens', () => {
  it('list() GETs the tokens, passes the filters as query, returns an array without secrets', async () => {
    answer('get', `/organization/${ORG_ID}/apiToken`, 200, { results: [apiToken()] });
    const tokens = await client().apiTokens.list({ name: 'CI', creatorName: 'Jane Doe' });
    expect(tokens).toEqual([apiToken()]);
    const request = await onlyRequest();
    expect([request.method, request.path]).toEqual(['GET', `/organization/${ORG_ID}/apiToken`]);
    expect(new URLSearchParams(request.search).get('name')).toBe('CI');
    expect(new URLSearchParams(request.search).get('creatorName')).toBe('Jane Doe');
  });

  it('list() sends no query when no filter is given', async () => {
    answer('get', `/organization/${ORG_ID}/apiToken`, 200, { results: [] });
    await client().apiTokens.list();
    expect((await onlyRequest()).search).toBe('');
  });

  it('create() with neither role nor roleId sends role_id: null, as the contract requires the field', async () => {
    answer('post', `/organization/${ORG_ID}/apiToken`, 201, { ...apiToken(), token: NEW_SECRET });
    const created = await client().apiTokens.create({ name: 'CI', description: 'pipeline' });
    expect(created.token).toBe(NEW_SECRET);
    await expectSent('POST', `/organization/${ORG_ID}/apiToken`, {
      name: 'CI',
      description: 'pipeline',
      role_id: null,
    });
  });

  it('create() with a roleId sends it as role_id', async () => {
    answer('post', `/organization/${ORG_ID}/apiToken`, 201, { ...apiToken(), token: NEW_SECRET });
    await client().apiTokens.create({ name: 'CI', roleId: ROLE_VIEWER_ID });
    await expectSent('POST', `/organization/${ORG_ID}/apiToken`, { name: 'CI', role_id: ROLE_VIEWER_ID });
  });

  it('create() resolves a role name case-insensitively through the available roles', async () => {
    answer('get', `/organization/${OTHER_ORG_ID}/availableRole`, 200, { results: roles });
    answer('post', `/organization/${OTHER_ORG_ID}/apiToken`, 201, {
      ...apiToken({ role_name: 'Viewer' }),
      token: NEW_SECRET,
    });
    await client().apiTokens.create({ name: 'CI', role: 'viewer', organizationId: OTHER_ORG_ID });
    expect(await bodies()).toEqual([
      { method: 'GET', path: `/organization/${OTHER_ORG_ID}/availableRole`, body: '' },
      {
        method: 'POST',
        path: `/organization/${OTHER_ORG_ID}/apiToken`,
        body: JSON.stringify({ name: 'CI', role_id: ROLE_VIEWER_ID }),
      },
    ]);
  });

  it('create() with an unknown role name lists the choices and creates nothing', async () => {
    answer('get', `/organization/${ORG_ID}/availableRole`, 200, { results: roles });
    const error = (await client()
      .apiTokens.create({ name: 'CI', role: 'Deployer' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('role');
    expect(error.message).toContain('Admin, Viewer');
    expect(received.map((r) => r.method)).toEqual(['GET']);
  });

  it('create() with both role and roleId is a ValidationError and sends nothing', async () => {
    await expect(
      client().apiTokens.create({ name: 'CI', role: 'Admin', roleId: ROLE_VIEWER_ID }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(received).toHaveLength(0);
  });

  it('create() of a taken name is ConflictError', async () => {
    answer('post', `/organization/${ORG_ID}/apiToken`, 409, {
      status: 409,
      error: 'Conflict',
      message: 'This organization already has an API token with that name',
    });
    await expect(client().apiTokens.create({ name: 'CI' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('delete() sends DELETE with both ids and resolves on 204', async () => {
    answer('delete', `/organization/${ORG_ID}/apiToken/${TOKEN_ID}`, 204);
    await expect(client().apiTokens.delete(TOKEN_ID)).resolves.toBeUndefined();
    await expectSent('DELETE', `/organization/${ORG_ID}/apiToken/${TOKEN_ID}`);
  });

  it.each([
    ['create without a name', (c: ReturnType<typeof client>) => c.apiTokens.create({} as never), 'name'],
    [
      'create with a bad roleId',
      (c: ReturnType<typeof client>) => c.apiTokens.create({ name: 'x', roleId: 'admin' }),
      'roleId',
    ],
    [
      'create with scope (deprecated, not offered)',
      (c: ReturnType<typeof client>) => c.apiTokens.create({ name: 'x', scope: 'ADMIN' } as never),
      'scope',
    ],
    ['delete with a bad id', (c: ReturnType<typeof client>) => c.apiTokens.delete('token-1'), 'apiTokenId'],
    ['list with a number as name', (c: ReturnType<typeof client>) => c.apiTokens.list({ name: 1 } as never), 'name'],
  ])('%s is a ValidationError naming the field and sends nothing', async (_name, call, field) => {
    const error = (await call(client()).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(received).toHaveLength(0);
  });
});
