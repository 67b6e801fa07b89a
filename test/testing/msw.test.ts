import { HttpResponse, http } from 'msw';
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

  it("leaves an operation it does not serve to the suite's own handlers, even ones added before it", async () => {
    const mock = createQoveryMock();
    const containerId = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff';
    msw.use(
      http.post('https://api.qovery.test/container/:containerId/deploy', () =>
        HttpResponse.json({ mine: true }, { status: 202 }),
      ),
    );
    msw.use(...createMswHandlers(mock, { baseUrl: 'https://api.qovery.test' }));
    const qovery = new Qovery({ apiToken: mock.adminToken, baseUrl: 'https://api.qovery.test', maxRetries: 0 });
    const answer = await qovery.request('post', '/container/{containerId}/deploy', {
      params: { path: { containerId } },
      body: { image_tag: 'v1' },
    });
    expect(answer).toEqual({ mine: true });
    // What it serves, it still serves.
    await expect(qovery.projects.list()).resolves.toEqual([]);
  });
});
