// Loads the built package the two ways users do (ESM import and CommonJS require, through the
// package's own exports map) and makes real calls over loopback with each, through the embedded
// API of `qovery/testing` loaded the same way. tsup's CJS output has crashed at run time on
// interop while type checks were green, so this runs the artifact itself.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

async function exercise(label, sdk, testing) {
  const server = await testing.startQoveryMockServer({ port: 0 });
  try {
    const client = new sdk.Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url });
    const organization = await client.organization.get();
    assert.equal(organization.name, 'Acme', `${label}: organization.get()`);
    assert.equal(client.rateLimit?.limit, 1000, `${label}: rateLimit`);
    const mock = testing.createQoveryMock();
    const viaFetch = new sdk.Qovery({ apiToken: mock.adminToken, fetch: mock.fetch });
    assert.equal((await viaFetch.projects.create({ name: 'web' })).name, 'web', `${label}: fetch handler`);
    const denied = await new sdk.Qovery({ apiToken: 'qov_FAKE_WRONG', baseUrl: server.url }).organization
      .list()
      .catch((e) => e);
    assert.ok(denied instanceof sdk.AuthenticationError, `${label}: AuthenticationError instanceof`);
    assert.ok(denied instanceof sdk.QoveryError, `${label}: QoveryError instanceof`);
    const invalid = await client.projects.get('nope').catch((e) => e);
    assert.ok(invalid instanceof sdk.ValidationError, `${label}: ValidationError instanceof`);
    console.log(`${label}: ok`);
  } finally {
    await server.close();
  }
}

await exercise('import', await import('qovery'), await import('qovery/testing'));
await exercise('require', require('qovery'), require('qovery/testing'));
assert.equal(typeof (await import('qovery/testing/msw')).createMswHandlers, 'function', 'import qovery/testing/msw');
assert.equal(typeof require('qovery/testing/msw').createMswHandlers, 'function', 'require qovery/testing/msw');
console.log('msw entry: ok');
