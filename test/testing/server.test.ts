import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
// No msw here: it would intercept the loopback requests these tests make on purpose.
import { APIConnectionError, AuthenticationError, Qovery } from '../../src/index.js';
import { createQoveryMock, startQoveryMockServer } from '../../src/testing/index.js';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('startQoveryMockServer', () => {
  it('serves the mock over HTTP on a free loopback port, and close() frees it', async () => {
    const served = await startQoveryMockServer({ port: 0 });
    expect(served.url).toBe(`http://127.0.0.1:${served.port}`);
    try {
      const qovery = new Qovery({ apiToken: served.mock.adminToken, baseUrl: served.url });
      const project = await qovery.projects.create({ name: 'web', description: 'over the wire' });
      expect(await qovery.projects.get(project.id)).toEqual(project);
      await qovery.projects.delete(project.id);
      expect(served.mock.state.projects).toHaveLength(0);
      const { rateLimit } = await qovery.organization.list().withResponse();
      expect(rateLimit?.limit).toBe(1000);
      await expect(
        new Qovery({ apiToken: 'qov_FAKE_UNKNOWN', baseUrl: served.url }).organization.list(),
      ).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await served.close();
    }
    expect(await portIsFree(served.port)).toBe(true);
  });

  it('a dropped connection fault closes the socket', async () => {
    const served = await startQoveryMockServer();
    try {
      served.mock.faults.inject({ kind: 'drop', times: 1 });
      const qovery = new Qovery({ apiToken: served.mock.adminToken, baseUrl: served.url, maxRetries: 0 });
      await expect(qovery.organization.list()).rejects.toBeInstanceOf(APIConnectionError);
      await expect(qovery.organization.list()).resolves.toHaveLength(1);
    } finally {
      await served.close();
    }
  });

  it('serves a mock it is given, sharing its state', async () => {
    const mock = createQoveryMock();
    const served = await startQoveryMockServer({ mock });
    try {
      await new Qovery({ apiToken: mock.adminToken, baseUrl: served.url }).projects.create({ name: 'shared' });
      expect(mock.state.projects.map((p) => p.name)).toEqual(['shared']);
    } finally {
      await served.close();
    }
  });
});
