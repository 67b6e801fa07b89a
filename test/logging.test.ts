import { describe, expect, it, vi } from 'vitest';
import { Qovery, ValidationError } from '../src/index.js';
import { createQoveryMock } from '../src/testing/index.js';
import { FAKE_TOKEN } from './helpers.js';

function capture() {
  const lines: { level: string; line: string }[] = [];
  const logger = {
    error: (line: string) => lines.push({ level: 'error', line }),
    warn: (line: string) => lines.push({ level: 'warn', line }),
    info: (line: string) => lines.push({ level: 'info', line }),
    debug: (line: string) => lines.push({ level: 'debug', line }),
  };
  return { lines, logger };
}

describe('logging', () => {
  it('debug shows method, path, status, attempt, duration and the rate-limit figures', async () => {
    const mock = createQoveryMock();
    const { lines, logger } = capture();
    const qovery = new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, logLevel: 'debug', logger });
    await qovery.projects.list();
    const debug = lines.filter((l) => l.level === 'debug').map((l) => l.line);
    expect(debug[0]).toMatch(
      /^qovery: GET \/organization → 200 \(attempt 1, \d+ ms, rate limit 999\/1000 until \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );
    expect(debug[1]).toMatch(
      new RegExp(`^qovery: GET /organization/${mock.organizationId}/project → 200 \\(attempt 1, `),
    );
  });

  it('retries are warnings naming the attempt, the final failure an error', async () => {
    const mock = createQoveryMock();
    mock.faults.inject({ kind: 'status', status: 503 });
    const { lines, logger } = capture();
    const qovery = new Qovery({
      apiToken: mock.adminToken,
      fetch: mock.fetch,
      logLevel: 'warn',
      logger,
      maxRetries: 1,
    });
    await expect(qovery.organization.list()).rejects.toMatchObject({ status: 503, attempt: 2 });
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
    expect(lines[0]?.line).toMatch(
      /^qovery: listOrganization attempt 1 failed \(503 Service Unavailable\); retrying in \d+ ms$/,
    );
    expect(lines[1]?.line).toBe('qovery: listOrganization failed after 2 attempt(s): 503 Service Unavailable');
  });

  it('is off by default, and QOVERY_LOG turns it on', async () => {
    const mock = createQoveryMock();
    const quiet = capture();
    await new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, logger: quiet.logger }).organization.list();
    expect(quiet.lines).toEqual([]);
    vi.stubEnv('QOVERY_LOG', 'debug');
    const loud = capture();
    await new Qovery({ apiToken: mock.adminToken, fetch: mock.fetch, logger: loud.logger }).organization.list();
    expect(loud.lines).toHaveLength(1);
    vi.stubEnv('QOVERY_LOG', 'chatty');
    expect(() => new Qovery({ apiToken: mock.adminToken })).toThrow(ValidationError);
  });

  it('takes console-like loggers and rejects others', () => {
    expect(() => new Qovery({ apiToken: FAKE_TOKEN, logger: console })).not.toThrow();
    expect(() => new Qovery({ apiToken: FAKE_TOKEN, logger: { info: () => {} } as never })).toThrow(ValidationError);
  });

  it('never logs the token, even when the API echoes it', async () => {
    const mock = createQoveryMock({ apiTokens: [{ secret: FAKE_TOKEN }] });
    const echoing: typeof mock.fetch = async () =>
      Response.json({ message: `bad token ${FAKE_TOKEN}` }, { status: 503, statusText: `no ${FAKE_TOKEN}` });
    const { lines, logger } = capture();
    const qovery = new Qovery({
      apiToken: FAKE_TOKEN,
      fetch: echoing,
      logLevel: 'debug',
      logger,
      maxRetries: 1,
      maxRetryDelay: 0,
    });
    await expect(qovery.organization.list()).rejects.toBeDefined();
    expect(lines.length).toBeGreaterThan(0);
    for (const { line } of lines) expect(line).not.toContain('FAKE_TEST_TOKEN');
  });
});
