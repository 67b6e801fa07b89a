import { describe, expect, it } from 'vitest';
import { PermissionDeniedError, ValidationError } from '../../src/index.js';
import { answer, client, expectSent, ORG_ID, OTHER_ORG_ID, organization, received, roles } from '../helpers.js';

describe('organization', () => {
  it('list() GETs /organization and returns the results array', async () => {
    answer('get', '/organization', 200, { results: [organization(), organization(OTHER_ORG_ID, 'Globex')] });
    const organizations = await client().organization.list();
    expect(organizations.map((o) => o.name)).toEqual(['Acme', 'Globex']);
    await expectSent('GET', '/organization');
  });

  it('get() GETs the client organization by default, or the one given', async () => {
    answer('get', `/organization/${ORG_ID}`, 200, organization());
    answer('get', `/organization/${OTHER_ORG_ID}`, 200, organization(OTHER_ORG_ID, 'Globex'));
    expect((await client().organization.get()).name).toBe('Acme');
    expect((await client().organization.get(OTHER_ORG_ID)).name).toBe('Globex');
    expect(received.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      `GET /organization/${ORG_ID}`,
      `GET /organization/${OTHER_ORG_ID}`,
    ]);
  });

  it('update() reads the organization and PUTs it back whole with the changes, plan included', async () => {
    answer('get', `/organization/${OTHER_ORG_ID}`, 200, {
      ...organization(OTHER_ORG_ID, 'Globex'),
      description: null,
      website_url: 'https://old.globex.test',
      logo_url: 'https://globex.test/logo.png',
    });
    answer('put', `/organization/${OTHER_ORG_ID}`, 200, {
      ...organization(OTHER_ORG_ID, 'Globex Inc'),
      website_url: 'https://globex.test',
    });
    const updated = await client().organization.update({
      organizationId: OTHER_ORG_ID,
      name: 'Globex Inc',
      website_url: 'https://globex.test',
      admin_emails: null,
    });
    expect(updated).toMatchObject({ name: 'Globex Inc', website_url: 'https://globex.test' });
    expect(received.map((r) => r.method)).toEqual(['GET', 'PUT']);
    // The contract requires `plan`; fields not given keep their values; a null description is left out.
    await expectSent(
      'PUT',
      `/organization/${OTHER_ORG_ID}`,
      {
        name: 'Globex Inc',
        plan: 'TEAM',
        website_url: 'https://globex.test',
        logo_url: 'https://globex.test/logo.png',
        admin_emails: null,
      },
      'last',
    );
  });

  it('update() without a name keeps the name, and a plan given is sent', async () => {
    answer('get', `/organization/${ORG_ID}`, 200, organization());
    answer('put', `/organization/${ORG_ID}`, 200, organization());
    await client().organization.update({ description: 'x', plan: 'ENTERPRISE' });
    await expectSent('PUT', `/organization/${ORG_ID}`, { name: 'Acme', plan: 'ENTERPRISE', description: 'x' }, 'last');
  });

  it('update() with a blank name or an unknown field is a ValidationError and sends nothing', async () => {
    for (const params of [{ name: ' ' }, { nmae: 'Acme' }]) {
      const error = await client()
        .organization.update(params as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(received).toHaveLength(0);
  });

  it('update() by a non-admin is PermissionDeniedError', async () => {
    answer('get', `/organization/${ORG_ID}`, 200, organization());
    answer('put', `/organization/${ORG_ID}`, 403, {
      status: 403,
      error: 'Forbidden',
      message: 'Insufficient permissions',
    });
    await expect(client().organization.update({ name: 'x' })).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('roles() GETs the available roles and returns them as an array', async () => {
    answer('get', `/organization/${ORG_ID}/availableRole`, 200, { results: roles });
    expect(await client().organization.roles()).toEqual(roles);
    await expectSent('GET', `/organization/${ORG_ID}/availableRole`);
  });

  it('get() with a bad id is a ValidationError and sends nothing', async () => {
    await expect(client().organization.get('acme')).rejects.toBeInstanceOf(ValidationError);
    expect(received).toHaveLength(0);
  });
});
