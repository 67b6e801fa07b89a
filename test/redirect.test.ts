// No msw here: these requests go to real loopback servers on purpose.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Qovery } from '../src/index.js';

const FAKE_TOKEN = 'qov_FAKE_REDIRECT_TEST_TOKEN_0000000000000';

describe('redirects', () => {
  let servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    servers = [];
  });
  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<number>((resolve) => {
      const server = createServer(handler);
      servers.push(server);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });

  it('a redirect to another origin never carries the token', async () => {
    const seen: (string | undefined)[] = [];
    const target = await listen((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ results: [] }));
    });
    const origin = await listen((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(307, { location: `http://127.0.0.1:${target}${request.url}` });
      response.end();
    });
    const qovery = new Qovery({ apiToken: FAKE_TOKEN, baseUrl: `http://127.0.0.1:${origin}`, maxRetries: 0 });
    await qovery.organization.list();
    expect(seen).toEqual([`Token ${FAKE_TOKEN}`, undefined]);
  });
});
