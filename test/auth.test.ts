import { describe, expect, it } from 'vitest';
import { isJwt, resolveCredential } from '../src/auth.js';
import { Qovery, ValidationError } from '../src/index.js';
import { answer, BASE, FAKE_JWT, FAKE_TOKEN, ORG_ID, onlyRequest, organization } from './helpers.js';

describe('auth scheme', () => {
  const table: [string, string, 'auto' | 'token' | 'bearer', string][] = [
    ['an API token', FAKE_TOKEN, 'auto', `Token ${FAKE_TOKEN}`],
    ['a JWT', FAKE_JWT, 'auto', `Bearer ${FAKE_JWT}`],
    ['an API token forced to bearer', FAKE_TOKEN, 'bearer', `Bearer ${FAKE_TOKEN}`],
    ['a JWT forced to token', FAKE_JWT, 'token', `Token ${FAKE_JWT}`],
    ['a token pasted with its scheme', `Token ${FAKE_TOKEN}`, 'auto', `Token ${FAKE_TOKEN}`],
    ['a JWT pasted with its scheme', `Bearer ${FAKE_JWT}`, 'auto', `Bearer ${FAKE_JWT}`],
    ['a scheme in lower case', `bearer ${FAKE_TOKEN}`, 'auto', `Bearer ${FAKE_TOKEN}`],
    ['a pasted scheme under a forced one', `Token ${FAKE_TOKEN}`, 'bearer', `Bearer ${FAKE_TOKEN}`],
    ['a token read from a file', `  ${FAKE_TOKEN}\r\n`, 'auto', `Token ${FAKE_TOKEN}`],
    ['a JWT read from a file', `${FAKE_JWT}\n`, 'auto', `Bearer ${FAKE_JWT}`],
    ['a dotted value whose first part is not a JSON header', 'qov_a.b.c', 'auto', 'Token qov_a.b.c'],
    ['a value whose first part decodes to a JSON array', `${btoa('[1]')}.e30.x`, 'auto', `Token ${btoa('[1]')}.e30.x`],
  ];

  it.each(table)('%s is sent as the right Authorization header', async (_name, apiToken, authScheme, expected) => {
    answer('get', `/organization/${ORG_ID}`, 200, organization());
    const client = new Qovery({ apiToken, authScheme, baseUrl: BASE, organizationId: ORG_ID });
    await client.organization.get();
    expect((await onlyRequest()).headers.get('authorization')).toBe(expected);
    expect(client.authScheme).toBe(expected.split(' ')[0]);
  });

  it('a per-call Authorization header cannot replace the credential', async () => {
    answer('get', `/organization/${ORG_ID}`, 200, organization());
    const client = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: BASE, organizationId: ORG_ID });
    await client.organization.get(undefined, { headers: { Authorization: 'Token other' } });
    expect((await onlyRequest()).headers.get('authorization')).toBe(`Token ${FAKE_TOKEN}`);
  });

  it('recognises JWTs by their header, not by their dots', () => {
    expect(isJwt(FAKE_JWT)).toBe(true);
    expect(isJwt('eyJhbGciOiJub25lIn0.e30.')).toBe(true); // unsigned JWT: empty third segment
    expect(isJwt('qov_abc')).toBe(false);
    expect(isJwt('a.b')).toBe(false);
    expect(isJwt('!!!.e30.x')).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['blank', '  \n'],
    ['only a scheme', 'Token   '],
    ['an inner space', 'qov_FAKE_SECRET_abc def'],
    ['a non-ASCII character', 'qov_FAKE_SECRET_abcé'],
    ['two tokens on two lines', `${FAKE_TOKEN}\n${FAKE_TOKEN}`],
  ])('rejects a token that is %s without echoing it', (_name, raw) => {
    let error: unknown;
    try {
      resolveCredential(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('apiToken');
    expect((error as Error).message).not.toMatch(/FAKE_SECRET|FAKE_TEST_TOKEN/);
  });

  it('rejects an unknown authScheme', () => {
    expect(() => resolveCredential(FAKE_TOKEN, 'basic' as never)).toThrow(ValidationError);
  });
});
