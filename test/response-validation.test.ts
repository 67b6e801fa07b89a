import { describe, expect, it } from 'vitest';
import { type ResponseIssueReport, ResponseValidationError, ValidationError } from '../src/index.js';
import { contractCheck } from '../src/public-schemas.js';
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

  it('a missing required field the SDK does not read resolves with the body, and is reported', async () => {
    const broken = project();
    delete (broken as Record<string, unknown>).organization;
    answer('get', `/project/${PROJECT_ID}`, 200, broken);
    const reports: ResponseIssueReport[] = [];
    const debug: string[] = [];
    const logger = { error() {}, warn() {}, info() {}, debug: (line: string) => debug.push(line) };
    const qovery = client({
      contractCheck,
      onResponseIssue: (report) => reports.push(report),
      logLevel: 'debug',
      logger,
    });
    expect(await qovery.projects.get(PROJECT_ID)).toEqual(broken);
    expect(reports).toEqual([
      {
        operation: 'getProject',
        status: 200,
        issues: [{ path: 'organization', message: 'is required' }],
        body: broken,
      },
    ]);
    expect(debug).toContain('qovery: getProject: the answer departs from the contract: organization: is required');
  });

  it("with validateResponses: 'strict', a missing required field is a ResponseValidationError carrying the body", async () => {
    const broken = project();
    delete (broken as Record<string, unknown>).organization;
    answer('get', `/project/${PROJECT_ID}`, 200, broken);
    const qovery = client({ contractCheck, validateResponses: 'strict' });
    expect(qovery.validateResponses).toBe('strict');
    const error = (await qovery.projects.get(PROJECT_ID).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.body).toEqual(broken);
    expect(error.status).toBe(200);
    expect(error.issues.map((i) => i.path)).toEqual(['organization']);
    expect(error.message).toMatch(/^Unexpected response to getProject: organization: /);
  });

  it('a wrong type where the SDK does not read resolves, and is reported naming the field inside lists too', async () => {
    const body = { results: [project(), project({ associated_environments_count: '2' })] };
    answer('get', `/organization/${ORG_ID}/project`, 200, body);
    const reports: ResponseIssueReport[] = [];
    expect(await client({ contractCheck, onResponseIssue: (report) => reports.push(report) }).projects.list()).toEqual(
      body.results,
    );
    expect(reports.map((r) => r.issues)).toEqual([
      [{ path: 'results.1.associated_environments_count', message: 'expected number, received string' }],
    ]);
    answer('get', `/organization/${ORG_ID}/project`, 200, body);
    const error = (await client({ contractCheck, validateResponses: 'strict' })
      .projects.list()
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues[0]?.path).toBe('results.1.associated_environments_count');
  });

  it('what the SDK reads stays checked: a record without a usable id is a ResponseValidationError', async () => {
    for (const id of [undefined, null, 42, 'not-an-id']) {
      const body = { results: [project(), { ...project(), id }] };
      answer('get', `/organization/${ORG_ID}/project`, 200, body);
      const error = (await client()
        .projects.list()
        .catch((e: unknown) => e)) as ResponseValidationError;
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect(error.body).toEqual(body);
      expect(error.issues.map((i) => i.path)).toEqual(['results.1.id']);
    }
  });

  it("'strict' and onResponseIssue without contractCheck are a ValidationError at construction", () => {
    for (const options of [{ validateResponses: 'strict' as const }, { onResponseIssue: () => {} }]) {
      const error = (() => {
        try {
          client(options);
        } catch (e) {
          return e;
        }
      })() as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain('needs contractCheck, which the qovery/schemas entry exports: pass it too');
    }
  });

  it('without contractCheck, a departure is neither refused nor logged: only what the SDK reads is checked', async () => {
    const broken = project();
    delete (broken as Record<string, unknown>).organization;
    answer('get', `/project/${PROJECT_ID}`, 200, broken);
    const debug: string[] = [];
    const logger = { error() {}, warn() {}, info() {}, debug: (line: string) => debug.push(line) };
    expect(await client({ logLevel: 'debug', logger }).projects.get(PROJECT_ID)).toEqual(broken);
    expect(debug.filter((line) => line.includes('departs from the contract'))).toEqual([]);
  });

  it('an onResponseIssue that throws is logged and does not fail the call', async () => {
    const odd = { ...project(), associated_environments_count: 'many' };
    answer('get', `/project/${PROJECT_ID}`, 200, odd);
    const warnings: string[] = [];
    const logger = { error() {}, warn: (line: string) => warnings.push(line), info() {}, debug() {} };
    const qovery = client({
      logLevel: 'warn',
      logger,
      contractCheck,
      onResponseIssue: () => {
        throw new Error('listener broke');
      },
    });
    expect(await qovery.projects.get(PROJECT_ID)).toEqual(odd);
    expect(warnings).toEqual(['qovery: onResponseIssue threw on getProject; ignored: Error: listener broke']);
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
