import { describe, expect, it } from 'vitest';
import { APIConnectionError, Qovery } from '../../src/index.js';
import { createQoveryMock } from '../../src/testing/index.js';
import { createMswHandlers } from '../../src/testing/msw.js';
import { server as msw } from '../helpers.js';

describe('createMswHandlers', () => {
  it('serves the mock to code using the global fetch under msw', async () => {
    const mock = createQoveryMock();
    msw.use(...createMswHandlers(mock, { baseUrl: 'https://api.qovery.test' }));
    const qovery = new Qovery({ apiToken: mock.adminToken, baseUrl: 'https://api.qovery.test', maxRetries: 0 });
    await qovery.projects.create({ name: 'via msw' });
    expect((await qovery.projects.list()).map((p) => p.name)).toEqual(['via msw']);
    mock.faults.inject({ kind: 'drop', times: 1 });
    await expect(qovery.projects.list()).rejects.toBeInstanceOf(APIConnectionError);
  });
});
