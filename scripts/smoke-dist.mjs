// Loads the built package the two ways users do (ESM import and CommonJS require, through the
// package's own exports map) and makes real calls over loopback with each. tsup's CJS output has
// crashed at run time on interop while type checks were green, so this runs the artifact itself.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const ORG = {
  id: '11111111-1111-4111-8111-111111111111',
  created_at: '2026-01-01T00:00:00Z',
  name: 'Acme',
  plan: 'TEAM',
};

const server = createServer((req, res) => {
  const auth = req.headers.authorization;
  if (auth !== 'Token qov_FAKE_SMOKE_TOKEN') {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 401, error: 'Unauthorized', message: 'Invalid or missing authentication token' }));
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-ratelimit-limit': '1000',
    'x-ratelimit-remaining': '999',
    'x-ratelimit-reset': '1893456000',
  });
  res.end(req.url === '/organization' ? JSON.stringify({ results: [ORG] }) : JSON.stringify(ORG));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

async function exercise(label, sdk) {
  const client = new sdk.Qovery({ apiToken: 'qov_FAKE_SMOKE_TOKEN', baseUrl });
  const organization = await client.organization.get();
  assert.equal(organization.name, 'Acme', `${label}: organization.get()`);
  assert.equal(client.rateLimit?.remaining, 999, `${label}: rateLimit`);
  const denied = await new sdk.Qovery({ apiToken: 'qov_FAKE_WRONG', baseUrl }).organization.list().catch((e) => e);
  assert.ok(denied instanceof sdk.AuthenticationError, `${label}: AuthenticationError instanceof`);
  assert.ok(denied instanceof sdk.QoveryError, `${label}: QoveryError instanceof`);
  console.log(`${label}: ok`);
}

try {
  await exercise('import', await import('qovery'));
  await exercise('require', createRequire(import.meta.url)('qovery'));
} finally {
  server.close();
}
