// What the HTTP-level tests of the embedded Qovery API share: a mock of a scene on an injected
// clock, and requests made through its fetch as any client would make them.
import { expect } from 'vitest';
import {
  createQoveryMock,
  DEPLOY_SCENE,
  type MockServiceKind,
  type QoveryMock,
  type QoveryMockOptions,
} from '../../src/testing/index.js';

export const BASE = 'https://api.qovery.com';
export const START = Date.parse('2030-01-01T00:00:00Z');
export const COMMIT = '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345';
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read as plain JSON
export type Json = any;

/** The list of `mock.state` that holds each kind's records. */
const LISTS = {
  application: 'applications',
  container: 'containers',
  job: 'jobs',
  database: 'databases',
  helm: 'helms',
} as const;
const KINDS = Object.keys(LISTS) as MockServiceKind[];

/** A scene (default `DEPLOY_SCENE`) served by a new mock at each `start()`, its clock at START. */
export function httpScene(base: QoveryMockOptions = DEPLOY_SCENE) {
  let clock = START;
  let mock: QoveryMock | undefined;
  const current = (): QoveryMock => {
    if (!mock) throw new Error('httpScene: call start() first');
    return mock;
  };

  async function call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: Json }> {
    const response = await current().fetch(`${BASE}${path}`, {
      method,
      headers: { authorization: `Token ${options.token ?? current().adminToken}`, 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A GET expected to succeed: its body. */
  const get = async (path: string, token?: string): Promise<Json> => {
    const { status, body } = await call('GET', path, { token });
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };

  /** Moves the clock to `ms` after the start. */
  const at = (ms: number): void => {
    clock = START + ms;
  };

  /** The environment of the scene with this name. */
  const environment = (name: string) => {
    const found = current().state.environments.find((e) => e.name === name);
    if (!found) throw new Error(`no environment ${name}`);
    return found;
  };

  /** The services of every kind in an environment, applications first. */
  const servicesIn = (environmentId: string): { kind: MockServiceKind; id: string; name: string }[] =>
    KINDS.flatMap((kind) =>
      (current().state[LISTS[kind]] as { id: string; name: string; environment: { id: string } }[])
        .filter((s) => s.environment.id === environmentId)
        .map(({ id, name }) => ({ kind, id, name })),
    );

  return {
    /** A new mock of the scene with these options on top, the clock back at the start. */
    start(options: QoveryMockOptions = {}): QoveryMock {
      clock = START;
      mock = createQoveryMock({ ...base, now: () => clock, rateLimit: false, ...options });
      return mock;
    },
    at,
    call,
    get,
    environment,
    servicesIn,
    /** The id of the service of `kind` named `name` in an environment of the scene. */
    serviceId(kind: MockServiceKind, name: string, environmentName = 'production'): string {
      const found = servicesIn(environment(environmentName).id).find((s) => s.kind === kind && s.name === name);
      if (!found) throw new Error(`no ${kind} ${name} in ${environmentName}`);
      return found.id;
    },
    /** The states `read` sees at each instant, in ms after the start. */
    async statesAt(instants: number[], read: () => Promise<string>): Promise<string[]> {
      const seen: string[] = [];
      for (const instant of instants) {
        at(instant);
        seen.push(await read());
      }
      return seen;
    },
  };
}
