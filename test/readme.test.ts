import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { BASE_URL_ENV_VAR, DEFAULT_BASE_URL, DEFAULTS, LOG_ENV_VAR, TOKEN_ENV_VARS } from '../src/client.js';
import { type ClientOptions, Qovery } from '../src/index.js';
import { FAKE_JWT, FAKE_TOKEN } from './helpers.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The rows of the first table under a `## heading`, as arrays of trimmed cells. */
function tableUnder(heading: string): string[][] {
  const section = readme.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  if (!section) throw new Error(`README has no "## ${heading}" section`);
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim()),
  );
}

const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

// The compiler makes this list complete: a new option without a README row fails the type check.
const everyOption: Record<keyof ClientOptions, true> = {
  apiToken: true,
  baseUrl: true,
  organizationId: true,
  authScheme: true,
  validateResponses: true,
  onResponseIssue: true,
  contractCheck: true,
  fetch: true,
  headers: true,
  maxRetries: true,
  timeout: true,
  maxRetryDelay: true,
  throttle: true,
  websocket: true,
  websocketUrl: true,
  websocketTimeout: true,
  WebSocket: true,
  logLevel: true,
  logger: true,
};

describe('README configuration table', () => {
  const rows = new Map(
    tableUnder('Configuration').map(([option = '', env = '', fallback = '']) => [code(option)[0], { env, fallback }]),
  );

  function clean(): void {
    for (const name of [...TOKEN_ENV_VARS, BASE_URL_ENV_VAR]) vi.stubEnv(name, '');
  }

  it('documents every client option and nothing else', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(everyOption).sort());
  });

  it('names the token variables in the order the client reads them', () => {
    expect(code(rows.get('apiToken')?.env ?? '')).toEqual([...TOKEN_ENV_VARS]);
    clean();
    expect(() => new Qovery()).toThrow(TOKEN_ENV_VARS.join(' or '));
  });

  it('gives the real base URL default and variable', () => {
    const row = rows.get('baseUrl');
    expect(code(row?.env ?? '')).toEqual([BASE_URL_ENV_VAR]);
    expect(code(row?.fallback ?? '')).toEqual([DEFAULT_BASE_URL]);
    clean();
    expect(new Qovery(FAKE_TOKEN).baseUrl).toBe(code(row?.fallback ?? '')[0]);
  });

  it('gives the real authScheme default', () => {
    expect(code(rows.get('authScheme')?.fallback ?? '')).toEqual(['auto']);
    expect(new Qovery(FAKE_TOKEN).authScheme).toBe('Token');
    expect(new Qovery(FAKE_JWT).authScheme).toBe('Bearer');
  });

  it('gives the real validateResponses default', () => {
    expect(code(rows.get('validateResponses')?.fallback ?? '')).toEqual([
      String(new Qovery(FAKE_TOKEN).validateResponses),
    ]);
  });

  it.each(Object.entries(DEFAULTS))('gives the real %s default', (option, value) => {
    expect(code(rows.get(option)?.fallback ?? '')).toEqual([String(value)]);
  });

  it('gives the timeout a call really waits for by default', async () => {
    const documented = Number(code(rows.get('timeout')?.fallback ?? '')[0]);
    vi.useFakeTimers();
    try {
      const hanging = new Qovery({
        apiToken: FAKE_TOKEN,
        maxRetries: 0,
        fetch: (request) =>
          new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
      });
      const call = hanging.organization.list().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(documented - 1);
      let settled = false;
      void call.then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(((await call) as Error).message).toContain(`timed out after ${documented} ms`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives the logger a client really logs to by default', async () => {
    expect(code(rows.get('logger')?.fallback ?? '')).toEqual(['console']);
    const lines = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failing = new Qovery({
        apiToken: FAKE_TOKEN,
        maxRetries: 0,
        logLevel: 'error',
        fetch: async () => new Response(null, { status: 500 }),
      });
      await failing.organization.list().catch(() => {});
      expect(lines).toHaveBeenCalled();
    } finally {
      lines.mockRestore();
    }
  });

  it('names the log variable', () => {
    expect(code(rows.get('logLevel')?.env ?? '')).toEqual([LOG_ENV_VAR]);
  });

  it('says organizationId is looked up when not given', () => {
    expect(rows.get('organizationId')?.fallback).toMatch(/one organization the token sees/);
    expect(new Qovery(FAKE_TOKEN).organizationId).toBeUndefined();
  });
});

describe('README commands', () => {
  it('shows the set-up and test command CI runs', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm test$/m);
  });

  it('every `npm run` it mentions exists', () => {
    const mentioned = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1] ?? '');
    expect(mentioned.length).toBeGreaterThan(0);
    for (const script of mentioned) expect(Object.keys(packageJson.scripts)).toContain(script);
  });

  it('gives the bundle ceiling CI enforces, which is the budget the bench measures against', async () => {
    const { QOVERY_GZIP_CEILING } = await import('../bench/bundle-size.js');
    const sizeRow = tableUnder('Development').find((row) => row[0] === '`npm run size`')?.[1] ?? '';
    const kb = (bytes: number) => `${Number((bytes / 1024).toFixed(1))} KB`;
    expect(sizeRow).toContain(`${kb(QOVERY_GZIP_CEILING)} min+gzip ceiling, which is also its budget`);
  });
});

describe('README support table', () => {
  const rows = tableUnder('Install');
  const ci = readFileSync(new URL('../.github/workflows/ci.yml', import.meta.url), 'utf8');
  const runtimes = readFileSync(new URL('../scripts/test-runtimes.mjs', import.meta.url), 'utf8');
  const { engines, dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string };
    dependencies: Record<string, string>;
  };
  /** The Node majors a versions cell names, before any parenthesis: `22, 24, 26` or `20 (past …)`. */
  const majors = (cell: string) => [...(cell.split('(')[0] ?? '').matchAll(/\d+/g)].map((m) => Number(m[0]));
  const nodeRows = rows.filter(([runtime]) => runtime === 'Node.js');

  it('lists the Node versions CI runs on, the oldest being the engines floor, marked past its end of life', () => {
    const matrix = (ci.match(/^\s+node: \[([\d, ]+)\]$/m)?.[1] ?? '').split(',').map((n) => Number(n.trim()));
    const listed = nodeRows.flatMap(([, versions = '']) => majors(versions));
    expect(listed.sort()).toEqual([...matrix].sort());
    expect(engines.node).toBe(`>=${Math.min(...matrix)}`);
    if (matrix.includes(20))
      expect(nodeRows.find(([, versions]) => versions?.startsWith('20'))?.[1]).toMatch(/end of life/);
  });

  it('gives the Bun and Deno versions npm run test:runtimes installs', () => {
    for (const name of ['Bun', 'Deno']) {
      const pinned = runtimes.match(
        new RegExp(`dependency: \\['${name.toLowerCase()}', '(\\d+\\.\\d+)\\.\\d+'\\]`),
      )?.[1];
      expect(pinned, name).toBeDefined();
      expect(rows.find(([runtime]) => runtime === name)?.[1]).toBe(pinned);
    }
  });

  it('names every runtime dependency', () => {
    const section = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Quick start'));
    for (const name of Object.keys(dependencies)) expect(section).toContain(`\`${name}\``);
  });
});

describe('README performance figures', () => {
  const results = readFileSync(new URL('../bench/RESULTS.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Performance'), readme.indexOf('## Install')).replace(/\s+/g, ' ');
  /** The text of the bullet that starts with `**label**`. */
  const bullet = (label: string) => section.split(' - ').find((item) => item.startsWith(`**${label}**`)) ?? '';
  /** The latest bench's rows as [metric, subject, value, ratio]. */
  const rows = results
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| metric'))
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim())
        .slice(1, 5),
    );
  const value = (metric: string, subject: string) =>
    Number.parseFloat(rows.find(([m, s]) => m === metric && s === subject)?.[2] ?? 'NaN');
  const ratios = (subject: string) =>
    rows
      .filter(
        ([metric, s]) => (metric === 'per call, sequential' || metric === 'per call, 32 in flight') && s === subject,
      )
      .map(([, , , ratio]) => Number.parseFloat(ratio ?? 'NaN'));
  /** The `a–b×` range the per-call bullet gives right after `label`. */
  const range = (label: string) => {
    const match = bullet('Per call, on loopback:').match(new RegExp(`${label}[^0-9]*([0-9.]+)–([0-9.]+)×`));
    return [Number(match?.[1]), Number(match?.[2])] as const;
  };
  const kb = (bytes: number) => `about ${Number((bytes / 1024).toFixed(1))} KB`;

  it('the per-call ranges hold the latest run', () => {
    const cases: [string, readonly [number, number]][] = [
      ['qovery (validation on)', range('loopback:\\*\\*')],
      ['qovery (validation off)', range('loopback:\\*\\*')],
      ['qovery-typescript-axios', range('the peer:')],
      ['raw fetch + abortable timeout', range('as each attempt of the SDK has, is already')],
      ['openapi-fetch + abortable timeout', range('a bare openapi-fetch client with it')],
    ];
    for (const [subject, [low, high]] of cases) {
      const measured = ratios(subject);
      expect(measured, subject).toHaveLength(2);
      for (const ratio of measured) {
        expect(ratio, subject).toBeGreaterThanOrEqual(low);
        expect(ratio, subject).toBeLessThanOrEqual(high);
      }
    }
  });

  it('the bundle and cold-import figures are the latest run', () => {
    expect(bullet('Bundle:')).toContain(`${kb(value('bundle, min+gzip', 'qovery'))} min+gzip`);
    expect(bullet('Bundle:')).toContain(`axios: ${kb(value('bundle, min+gzip', 'qovery-typescript-axios'))}`);
    const [, under, over] = bullet('Cold import:').match(/under (\d+) ms \(the peer: over (\d+) ms\)/) ?? [];
    expect(value('cold import (median of 15)', 'qovery')).toBeLessThan(Number(under));
    expect(value('cold import (median of 15)', 'qovery-typescript-axios')).toBeGreaterThan(Number(over));
  });

  it('the requests-per-workflow table is what the workflows spend, counted now', async () => {
    const { requestsPerWorkflow } = await import('../bench/requests.js');
    const measured = await requestsPerWorkflow();
    /** The bench row whose subject starts with `prefix`: [requests, least]. */
    const counted = (prefix: string) => {
      const row = measured.find((r) => r.subject.startsWith(prefix));
      return [row?.value, Number(row?.subject.match(/least the contract allows: (\d+)/)?.[1])];
    };
    const table = Object.fromEntries(
      readme
        .slice(readme.indexOf('**Requests per workflow**'), readme.indexOf('- `status()` costs'))
        .split('\n')
        .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| workflow'))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map(([, name, requests, least]) => [name, [Number(requests), Number(least)]]),
    );
    expect(table).toEqual({
      'status report, 2 environments': counted('status report, DEPLOY_SCENE (P=1, E=2, S=8) (least'),
      'status report, 10 environments': counted('status report, P=2, E=10'),
      'find a service by name, any kind (`services.find`)': counted('find a service by name'),
      'deploy by name and wait, 1-minute deployment': counted('deploy an application by name and wait, 1 min'),
      'deploy by name and wait, 5-minute deployment': counted('deploy an application by name and wait, 5 min'),
      'deploy by name and wait, 15-minute deployment': counted('deploy an application by name and wait, 15 min'),
      // Over the gateway: the latest run's figures (bench/gateway.ts needs real sockets; test/bench-gateway.test.ts runs it).
      ...Object.fromEntries(
        [1, 5, 15].map((minutes) => {
          const subject = `deploy an application by name and wait, ${minutes} min deployment, over the gateway (least the contract allows: 3)`;
          return [
            `deploy by name and wait, ${minutes}-minute deployment, over the gateway`,
            [value('requests per workflow', subject), 3],
          ];
        }),
      ),
      'deploy by name, fail at the build after 1 minute, explain': counted('deploy an application by name, fail'),
      'preview environment, first run (`examples/preview-environment.ts`)': counted('preview environment, first run'),
      'preview environment, re-run': counted('preview environment, re-run'),
      'token rotation': counted('token rotation'),
    });
    // 1,000 requests an hour over a report of 10 environments.
    const [tenEnvironments = 1] = counted('status report, P=2, E=10');
    const perHour = Math.floor(1000 / tenEnvironments);
    expect(section).toContain(`can run it ${perHour} times an hour`);
    expect(section).toContain(`about every ${Math.ceil(3600 / perHour)} s`);
  });

  it('the gateway figures are the latest run', () => {
    const seen = (prefix: string) =>
      Number.parseFloat(
        rows.find(([m, s]) => m === 'end of a deployment seen after it settled' && s?.startsWith(prefix))?.[2] ?? 'NaN',
      );
    const overGateway = seen('deployments.wait() over the gateway');
    expect(overGateway).toBeLessThanOrEqual(1000);
    expect(bullet('Over the gateway:')).toContain(`at most ${overGateway} ms after the embedded API settled it`);
    expect(bullet('Over the gateway:')).toContain(
      `polling sees it ${seen('deployments.wait() polling') / 1000} s late`,
    );
    const follow = rows.filter(([, s]) => s?.startsWith('deployments.follow(), 10,000 entries at 64 a frame'));
    const of = (metric: string) => follow.filter(([m]) => m === metric).map(([, , v]) => Number.parseFloat(v ?? 'NaN'));
    expect(of('log entries received')).toEqual([10000, 10000, 10000]);
    expect(of('log entries lost or repeated')).toEqual([0, 0, 0]);
    expect(bullet('Following logs:')).toContain('all 10,000, none lost or repeated');
    const [, heap] = bullet('Following logs:').match(/within ([0-9.]+) MiB of before/) ?? [];
    expect(Math.abs(of('heap used after following, less before (after gc)')[0] ?? Number.NaN)).toBeLessThanOrEqual(
      Number(heap),
    );
  });

  it('the cold-start and type-checking figures are the latest run', () => {
    const cold = 'cold start to first result: spawn to result on stdout (median of 15)';
    const ms = (subject: string) => Math.round(value(cold, subject));
    expect(bullet('Cold start to first result:')).toContain(`${ms('qovery')} ms from spawning`);
    expect(bullet('Cold start to first result:')).toContain(
      `raw \`fetch\`: ${ms('raw fetch')} ms; the peer: ${ms('qovery-typescript-axios')} ms`,
    );
    const tsc = value('tsc: qovery 3-call consumer over openapi-fetch with a tiny paths', 'qovery');
    expect(bullet('Type-checking:')).toContain(`takes ${tsc}× as long`);
  });

  it('the per-call difference in µs holds the latest run', () => {
    const [, low, high] = bullet('Per call, on loopback:').match(/the (\d+)–(\d+) µs difference/) ?? [];
    for (const metric of ['per call, sequential', 'per call, 32 in flight']) {
      for (const subject of ['qovery (validation on)', 'qovery (validation off)']) {
        const difference = value(metric, subject) - value(metric, 'raw fetch + JSON.parse');
        expect(difference, `${metric}, ${subject}`).toBeGreaterThanOrEqual(Number(low));
        expect(difference, `${metric}, ${subject}`).toBeLessThanOrEqual(Number(high));
      }
    }
  });
});
