/**
 * Never invent data from a malformed answer. Every wrapped call runs against the embedded API, with
 * its own operation's answer tampered with on the way back: another 2xx than the contract's, a list
 * without `results`, an empty body. Each must be a ResponseValidationError carrying what came back,
 * with validation on and off, never an empty list or `undefined` that a caller would trust.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { WRAPPED_OPERATIONS } from '../generated/wrapped-operations.js';
import { Qovery, ResponseValidationError } from '../src/index.js';
import { OPERATIONS } from '../src/operations.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock } from '../src/testing/index.js';
import { type Operation, wrappedCalls } from './wrapped-calls.js';

const statusOf = (operation: Operation) => WRAPPED_OPERATIONS[operation].status;
type Tamper = (response: Response) => Promise<Response>;

let mock: QoveryMock;
beforeEach(() => {
  mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false });
});

const pathPattern = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);

/** A client on the embedded API whose answers to `operation` go through `tamper`. */
function client(operation: Operation, tamper: Tamper | undefined, validateResponses = true): Qovery {
  const [method, template] = OPERATIONS[operation];
  const pattern = pathPattern(template);
  return new Qovery({
    apiToken: mock.adminToken,
    baseUrl: 'https://api.qovery.test',
    maxRetries: 0,
    validateResponses,
    fetch: async (request) => {
      const response = await mock.fetch(request);
      const ours = request.method === method.toUpperCase() && pattern.test(new URL(request.url).pathname);
      return ours && tamper ? tamper(response) : response;
    },
  });
}

const CALLS = wrappedCalls(() => mock);

const withStatus =
  (status: number): Tamper =>
  async (response) =>
    new Response(await response.text(), { status, headers: response.headers });
const withBody =
  (body: string): Tamper =>
  async (response) =>
    new Response(body, { status: response.status, headers: response.headers });

async function failure(call: Promise<unknown>): Promise<ResponseValidationError> {
  const outcome = await call.then(
    (data) => ({ data }),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ResponseValidationError);
  return outcome as ResponseValidationError;
}

describe('a wrapped call never invents data from a malformed answer', () => {
  it('covers every wrapped operation', () => {
    expect(CALLS.map(([operation]) => operation).sort()).toEqual(Object.keys(WRAPPED_OPERATIONS).sort());
  });

  const returning = CALLS.filter(([operation]) => statusOf(operation) !== 204);
  const returningNothing = CALLS.filter(([operation]) => statusOf(operation) === 204);

  it.each(CALLS)('%s: resolves on the answer the contract describes', async (operation, call) => {
    await expect(call(client(operation, undefined))).resolves.not.toBeInstanceOf(Error);
  });

  describe.each(returning)('%s', (operation, call) => {
    const expected = statusOf(operation);
    const other = expected === 200 ? 201 : 200;

    it.each([true, false])(
      `refuses another 2xx (${other} for ${expected}), with what came back (validation %s)`,
      async (validate) => {
        const error = await failure(call(client(operation, withStatus(other), validate)));
        expect(error.status).toBe(other);
        expect(error.message).toContain(`expected status ${expected}, received ${other}`);
        expect(error.body).not.toBeUndefined();
      },
    );

    it.each([true, false])('refuses an empty body (validation %s)', async (validate) => {
      const error = await failure(call(client(operation, withBody(''), validate)));
      expect(error.status).toBe(expected);
      expect(error.message).toMatch(/the body is empty/);
    });
  });

  // DeploymentRequestStatus requires no field: {} is a valid (if empty) answer to it.
  it.each(returning.filter(([operation]) => operation !== 'getDeploymentStatusByDeploymentRequestId'))(
    '%s: refuses {} with validation on, carrying it',
    async (operation, call) => {
      const error = await failure(call(client(operation, withBody('{}'))));
      expect(error.body).toEqual({});
      expect(error.issues.length).toBeGreaterThan(0);
    },
  );

  // A call that returns nothing invents nothing: a 200 for a 204 still says it was done.
  it.each(returningNothing)('%s: accepts another 2xx, since it returns nothing', async (operation, call) => {
    await expect(call(client(operation, withStatus(200)))).resolves.toBeUndefined();
  });

  const lists = CALLS.filter(([operation]) =>
    [
      'listOrganization',
      'listOrganizationAvailableRoles',
      'listProject',
      'listOrganizationApiTokens',
      'listEnvironment',
      'listApplication',
      'listContainer',
      'listJobs',
      'listDatabase',
      'listHelms',
      'listServicesByOrganizationId',
      'listEnvironmentServicesLinks',
      'listApplicationLinks',
      'listContainerLinks',
      'listHelmLinks',
      'listVariables',
      'listEnvironmentDeploymentHistory',
      'listApplicationDeploymentHistory',
      'listEnvironmentDeploymentHistoryV2',
      'listApplicationDeploymentHistoryV2',
    ].includes(operation),
  );
  it.each(lists)('%s: a list without results is an error even with validation off, not []', async (operation, call) => {
    for (const body of ['{}', '{"results":null}', '{"results":{"0":1}}']) {
      const error = await failure(call(client(operation, withBody(body), false)));
      expect(error.body).toEqual(JSON.parse(body));
      expect(error.issues).toEqual([expect.objectContaining({ path: 'results' })]);
    }
  });
});
