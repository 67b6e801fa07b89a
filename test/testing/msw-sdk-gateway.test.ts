/**
 * The SDK itself on msw: REST through `createMswHandlers`, the gateway through
 * `createMswGatewayHandlers`. msw intercepts the global `WebSocket` only, so the client is given it
 * (the `WebSocket` option); a standard WebSocket cannot send headers, so the credential is a JWT,
 * sent as Qovery's console sends it (subprotocols). Node 20 has no global WebSocket: the `ws`
 * package's class is installed before `listen()`, for msw to patch.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { type DeploymentProgress, Qovery, type WebSocketConstructor } from '../../src/index.js';
import { createQoveryMock, DEPLOY_SCENE } from '../../src/testing/index.js';
import { createMswGatewayHandlers, createMswHandlers } from '../../src/testing/msw.js';

const ORIGINAL = (globalThis as { WebSocket?: unknown }).WebSocket;
const NATIVE = typeof ORIGINAL === 'function';
if (!NATIVE) Object.defineProperty(globalThis, 'WebSocket', { value: WsWebSocket, configurable: true, writable: true });

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtc3ctdGVzdCJ9.bm90LWEtcmVhbC1zaWduYXR1cmU';
const mock = createQoveryMock({
  ...DEPLOY_SCENE,
  users: [{ jwt: JWT }],
  rateLimit: false,
  lifecycle: { queuedMs: 100, buildingMs: 300, deployingMs: 200 },
});
const msw = setupServer(...createMswHandlers(mock), ...createMswGatewayHandlers(mock, { pollMs: 20 }));
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  msw.close();
  if (!NATIVE) delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

it('deployments.wait() follows the deployment over msw’s gateway, with a JWT', async () => {
  const qovery = new Qovery({
    apiToken: JWT,
    WebSocket: (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket,
  });
  const production = mock.state.environments.find((e) => e.name === 'production')?.id as string;
  const queued = await qovery.environments.deploy(production);
  const seen: DeploymentProgress[] = [];
  const final = await qovery.deployments.wait(
    { environmentId: production, deploymentRequestId: queued.deployment_request_id },
    { onProgress: (p) => seen.push(p) },
  );
  expect(final).toMatchObject({ state: 'DEPLOYED', via: 'websocket' });
  expect(seen.some((p) => p.via === 'websocket' && p.state === 'BUILDING')).toBe(true);
});
