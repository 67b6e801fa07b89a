// The command line run in this process (fast), against the embedded API's HTTP server: every route
// it calls, deployment logs, stages and cancel included, is the embedded API's own.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GLOBAL_FLAGS, helpOf, optionsOf } from '../src/cli/command.js';
import { COMMANDS } from '../src/cli/commands/index.js';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import { EXIT } from '../src/cli/help.js';
import { run } from '../src/cli/main.js';
import { DEPLOY_SCENE, type QoveryMockServer, startQoveryMockServer } from '../src/testing/index.js';

let server: QoveryMockServer;

const HINT = 'Check that the Dockerfile path is right in the application settings, then deploy again.';
const LINK = 'https://hub.qovery.com/docs/using-qovery/troubleshoot/troubleshoot-deployment-and-build-errors/';
const MESSAGE =
  'Dockerfile not found at location ./Dockerfile: the build cannot start without it, ' +
  'and nothing was pushed to the registry for this commit, so the deployment stops here.';
const REASON = { message: MESSAGE, hint: HINT, link: LINK };

beforeAll(async () => {
  server = await startQoveryMockServer({
    ...DEPLOY_SCENE,
    clusters: [{ name: 'my-cluster', production: false }],
    lifecycle: { queuedMs: 100, buildingMs: 300, deployingMs: 200 },
  });
});
beforeEach(() => server.mock.reset());
afterAll(async () => {
  await server?.close();
});

/** --wait and --watch poll this often (ms), not every 2 s: the embedded API's deployments take 0.6 s here. */
const POLL_INTERVAL = 100;

/** The CLI run in this process; `extra.env` adds variables (QOVERY_WS_URL), `extra.signal` interrupts it. */
async function cli(
  args: string[],
  extra: { env?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let [stdout, stderr] = ['', ''];
  const code = await run(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { QOVERY_API_URL: server.url, QOVERY_CLI_ACCESS_TOKEN: server.mock.adminToken, ...extra.env },
    isTTY: false,
    pollInterval: POLL_INTERVAL,
    ...(extra.signal && { signal: extra.signal }),
  });
  return { code, stdout, stderr };
}

const environmentNamed = (name: string) => server.mock.state.environments.find((e) => e.name === name);

describe('every command’s help and parser come from one table', () => {
  it.each(COMMANDS.map((command) => [command.name, command] as const))('%s', async (_, command) => {
    const help = helpOf(command);
    const parsed = Object.keys(optionsOf([...GLOBAL_FLAGS, ...command.flags]));
    // Every flag the parser accepts is in the help, with its short form if it has one.
    for (const name of parsed) expect(help, name).toContain(`--${name}`);
    for (const f of [...GLOBAL_FLAGS, ...command.flags])
      if (f.short) expect(help).toContain(`-${f.short}, --${f.name}`);
    // Every flag the help names is one the parser accepts: given all at once, the command parses them.
    // The exit codes' paragraph, the same in every help, speaks of deploy --wait.
    const own = help.replace(EXIT_CODES, '');
    const named = [...new Set([...own.matchAll(/(?<![\w-])--([a-z][a-z0-9_-]*)/g)].map((m) => m[1] as string))];
    for (const name of named) expect(parsed, `--${name} in the help of ${command.name}`).toContain(name);
    const valued = new Set([...GLOBAL_FLAGS, ...command.flags].filter((f) => f.value).map((f) => f.name));
    // --version would print the version instead of the help.
    const args = named
      .filter((name) => name !== 'version')
      .flatMap((name) => (valued.has(name) ? [`--${name}`, 'x'] : [`--${name}`]));
    const { code, stdout } = await cli([...command.name.split(' '), ...args, '--help']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${help}\n`);
  });
});

describe('environment deployment list', () => {
  it('prints one line per deployment: id, start, status, duration; --json too', async () => {
    await cli(['environment', 'deploy', '--environment', 'staging', '--wait']);
    const { code, stdout, stderr } = await cli(['environment', 'deployment', 'list', '--environment', 'staging']);
    expect(code, stderr).toBe(0);
    const [header, ...lines] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+STARTED\s+STATUS\s+DURATION$/);
    const staging = environmentNamed('staging')?.id as string;
    const count = server.mock.state.deployments.filter((d) => d.environmentId === staging).length;
    expect(lines).toHaveLength(Math.min(count, 20));
    expect(lines[0]).toMatch(new RegExp(`^${staging}-${count}\\s+\\S+\\s+DEPLOYED\\s+\\d+s$`));
    const listed = JSON.parse(
      (await cli(['environment', 'deployment', 'list', '--environment', 'staging', '--json'])).stdout,
    );
    expect(listed[0]).toMatchObject({ id: `${staging}-${count}`, status: 'DEPLOYED' });
    expect(Object.keys(listed[0])).toEqual(['id', 'created_at', 'status', 'deployment_duration_in_seconds']);
  }, 20_000);
});

describe('a failed deployment', () => {
  it('--watch prints the stage as it starts and ends, then the reason, hint and link, and exits 3', async () => {
    const production = environmentNamed('production')?.id as string;
    server.mock.failNext({ environmentId: production, state: 'BUILD_ERROR', reason: REASON });
    const { code, stderr } = await cli(['environment', 'deploy', '--environment', 'production', '-w']);
    expect(code).toBe(3);
    // Every stage that ran, in order, even those that started and ended between two reads.
    const stages = stderr.split('\n').filter((l) => / stage /.test(l));
    expect(stages.map((l) => l.replace(/^\d+s /, ''))).toEqual([
      'stage Applications started',
      'stage Applications failed',
    ]);
    expect(stderr).toContain('DeploymentFailedError: Deployment ended in BUILD_ERROR\n');
    expect(stderr).toContain('  Reason: BUILD of ');
    expect(stderr).toContain(`  Hint:   Check that the Dockerfile path`);
    expect(stderr).toContain(`  Link:   ${LINK}`);
    for (const line of stderr.split('\n')) if (!line.includes(LINK)) expect(line.length, line).toBeLessThanOrEqual(80);
  }, 20_000);

  it('a service’s --wait prints the reason too', async () => {
    const api = server.mock.state.applications.find(
      (a) => a.name === 'api' && a.environment.id === environmentNamed('production')?.id,
    );
    server.mock.failNext({ applicationId: api?.id as string, state: 'BUILD_ERROR', reason: REASON });
    const { code, stderr } = await cli([
      'application',
      'deploy',
      '--application',
      'api',
      '--environment',
      'production',
      '--commit-id',
      'abc123',
      '--wait',
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('Deploying application api');
    expect(stderr).toContain('at abc123');
    expect(stderr).toContain('Reason: BUILD of application "api" failed: Dockerfile not found');
    expect(stderr).toContain(`Link:   ${LINK}`);
  }, 20_000);

  it('environment deployment explain prints the tree and every error, in 80 columns; --json the object', async () => {
    const production = environmentNamed('production')?.id as string;
    server.mock.failNext({ environmentId: production, state: 'BUILD_ERROR', reason: REASON });
    await cli(['environment', 'deploy', '--environment', 'production', '--wait']);
    const { code, stdout, stderr } = await cli(['environment', 'deployment', 'explain', '--environment', 'production']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Environment production: deployment \S+-\d+\s+BUILD_ERROR in \d+s$/m);
    expect(stdout).toMatch(/^├─ stage Databases: SKIPPED \(0s\)$/m);
    expect(stdout).toMatch(/^├─ stage Applications: ERROR \(\d+s\)$/m);
    expect(stdout).toMatch(/^│ {2}└─ application api: BUILD_ERROR \(\d+s\)$/m);
    expect(stdout).toMatch(/^│ {5}├─ GIT_CLONE: SUCCESS \(\d+s\)$/m);
    expect(stdout).toMatch(/^│ {5}└─ BUILD: ERROR \(\d+s\)$/m);
    expect(stdout).toMatch(/^└─ stage Helm charts: SKIPPED \(0s\)$/m);
    expect(stdout).toContain('Errors (1):');
    expect(stdout).toContain('Hint: Check that the Dockerfile');
    expect(stdout).toContain(`Link: ${LINK}`);
    for (const line of stdout.split('\n')) if (!line.includes(LINK)) expect(line.length, line).toBeLessThanOrEqual(80);
    const explained = JSON.parse(
      (await cli(['environment', 'deployment', 'explain', '--environment', 'production', '--json'])).stdout,
    );
    expect(explained).toMatchObject({ environmentId: production, state: 'BUILD_ERROR' });
    expect(explained.errors[0]).toMatchObject({ message: MESSAGE, hint: HINT, link: LINK, step: 'BUILD' });
  }, 20_000);

  it('explain --id picks an earlier deployment', async () => {
    const staging = environmentNamed('staging')?.id as string;
    const first = server.mock.state.deployments.find((d) => d.environmentId === staging)?.executionId as string;
    const { code, stdout } = await cli([
      'environment',
      'deployment',
      'explain',
      '--environment',
      'staging',
      '--id',
      first,
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).executionId).toBe(first);
  });
});

describe('environment cancel', () => {
  it('cancels, --force sends force_cancel, and --watch follows it to CANCELED', async () => {
    await cli(['environment', 'deploy', '--environment', 'staging']);
    const { code, stderr } = await cli(['environment', 'cancel', '--environment', 'staging', '--force', '--watch']);
    expect(code, stderr).toBe(0);
    const staging = environmentNamed('staging')?.id;
    const cancelled = server.mock.state.deployments.filter((d) => d.environmentId === staging).at(-1);
    expect(cancelled).toMatchObject({ outcome: 'CANCELED', forceCanceled: true });
    expect(stderr).toContain('Canceling the deployment of environment staging');
    expect(stderr).toMatch(/staging: CANCELED after \d+s\./);
  }, 20_000);
});

describe('the Qovery CLI’s spellings', () => {
  it('environment clone --cluster --environment-type --target-project: the clone where and as they say', async () => {
    server.mock.state.projects.push({
      ...(server.mock.state.projects[0] as (typeof server.mock.state.projects)[number]),
      id: '7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1d00',
      name: 'Previews',
    });
    const args = ['environment', 'clone', '--environment', 'staging', '--new-environment-name', 'pr-9'];
    const { code, stdout, stderr } = await cli([
      ...args,
      ...['--cluster', 'MY-CLUSTER', '--environment-type', 'preview', '--target-project', 'previews'],
    ]);
    expect(code, stderr).toBe(0);
    const clone = environmentNamed('pr-9');
    expect(stdout).toBe(`${clone?.id}\n`);
    expect(clone).toMatchObject({
      mode: 'PREVIEW',
      project: { id: '7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1d00' },
      cluster_id: server.mock.state.clusters.find((c) => c.name === 'my-cluster')?.id,
      cluster_name: 'my-cluster',
    });
    // Flags checked before any request; names found or refused as lookups are.
    const bad = await cli([...args, '--environment-type', 'SANDBOX']);
    expect([bad.code, bad.stderr]).toEqual([EXIT.usage, expect.stringContaining('--environment-type must be one of')]);
    const both = await cli([...args, '--environment-type', 'PREVIEW', '--mode', 'STAGING']);
    expect(both.code).toBe(EXIT.usage);
    const unknown = await cli([...args, '--cluster', 'nowhere']);
    expect(unknown.stderr).toContain('No cluster matches "nowhere"');
    expect(environmentNamed('pr-9')?.id).toBe(clone?.id);
  });

  it('cronjob deploy --cronjob and lifecycle deploy --lifecycles deploy jobs, with -c for a commit', async () => {
    for (const args of [
      ['cronjob', 'deploy', '--cronjob', 'migrate', '--tag', 'v2', '--wait'],
      ['lifecycle', 'deploy', '--lifecycles', 'migrate', '-c', 'abc123'],
    ]) {
      const { code, stderr } = await cli(args);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(
        `Deploying job migrate (${server.mock.state.jobs[0]?.id}) at ${args.at(-1) === 'abc123' ? 'abc123' : 'tag v2'}.`,
      );
    }
  });

  it('application redeploy|stop|restart, with --watch', async () => {
    for (const verb of ['redeploy', 'stop', 'restart']) {
      const { code, stderr } = await cli(['application', verb, '--application', 'web', '-w']);
      expect(code, `${verb}: ${stderr}`).toBe(0);
      expect(stderr).toMatch(/web: \w+ after \d+s\./);
    }
    expect(server.mock.state.deployments.slice(-3).map((d) => d.action)).toEqual(['DEPLOY', 'STOP', 'RESTART']);
  }, 30_000);

  it('environment delete --yes -w deletes and follows until it is gone', async () => {
    await cli(['environment', 'clone', '--environment', 'staging', '--new-environment-name', 'pr-7']);
    const { code, stderr } = await cli(['environment', 'delete', '--environment', 'pr-7', '--yes', '-w']);
    expect(code, stderr).toBe(0);
    expect(environmentNamed('pr-7')).toBeUndefined();
  }, 20_000);

  it('service list prints every service and its status; --markdown a pull-request comment', async () => {
    const table = await cli(['service', 'list', '--environment', 'production']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^SERVICE\s+KIND\s+STATUS\s+STATE\s+URL$/);
    for (const name of ['api', 'web', 'worker', 'migrate', 'db', 'redis'])
      expect(table.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    const markdown = await cli(['service', 'list', '--environment', 'production', '--markdown']);
    expect(markdown.stdout).toContain('| Service | Kind | Status | URL |');
    expect(markdown.stdout).toMatch(/^\| api \| application \| \w+ \| https?:\/\/\S+ \|$/m);
    const listed = JSON.parse((await cli(['service', 'list', '--environment', 'production', '--json'])).stdout);
    expect(listed.services).toHaveLength(6);
  });

  it('application domain list and container domain list print the public URLs', async () => {
    const app = await cli(['application', 'domain', 'list', '--application', 'web', '--json']);
    expect(app.code, app.stderr).toBe(0);
    expect(JSON.parse(app.stdout).links.length).toBeGreaterThan(0);
    const container = await cli(['container', 'domain', 'list', '--container', 'worker']);
    expect(container.code, container.stderr).toBe(0);
    expect(container.stdout.split('\n')[0]).toMatch(/^ID\s+\| TYPE\s+\| DOMAIN\s+\| PORT\s+\| DEFAULT$/);
    // What Qovery's e2e guide reads: the fifth word of the first BUILT_IN_DOMAIN line.
    const line = container.stdout.split('\n').find((l) => l.includes('BUILT_IN_DOMAIN')) ?? '';
    expect(line.split(/\s+/)[4]).toMatch(/^[a-z0-9.-]+\.[a-z]+$/);
  });
});

/**
 * Every `qovery …` command line of Qovery's CI pages (configuration/integrations/ci-cd/*, the e2e
 * testing guide), kept as data in test/fixtures/qovery-docs-commands.json, run with this CLI in
 * the pages' order. The pages' placeholders become a scene named as the pages name things.
 */
describe('the command lines of Qovery’s CI documentation', () => {
  const SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
  /** What a page's shell or CI would put in place of its variables. */
  const EXPANDED: [RegExp, string][] = [
    [/\$\{\{ vars\.QOVERY_ORGANIZATION_NAME \}\}/g, 'My Organization'],
    [/\$\{\{ vars\.QOVERY_PROJECT_NAME \}\}/g, 'My Project'],
    [/\$\{\{ vars\.QOVERY_BLUEPRINT_ENVIRONMENT_NAME \}\}/g, 'Production'],
    [/\$\{\{ vars\.QOVERY_APPLICATION_NAME \}\}/g, 'myapp-image'],
    // The pages name both a container and an application "myapp" in one environment, which Qovery
    // refuses (a name is unique in an environment): the container is called otherwise here.
    [/--container "myapp"/g, '--container "myapp-image"'],
    [/\$\{\{ github\.sha \}\}|\$CI_COMMIT_SHA|<commit-id(-\d)?>/g, SHA],
    [/\$new_environment_name/g, 'pr-e2e'],
  ];
  const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]) as string);

  it('runs each, and prints what the pages’ scripts read', async () => {
    const { state } = server.mock;
    const org = state.organizations[0] as { name: string };
    org.name = 'My Organization';
    (state.projects[0] as { name: string }).name = 'My Project';
    const production = environmentNamed('production')?.id;
    const web = state.applications.find((a) => a.name === 'web' && a.environment.id === production);
    const worker = state.containers.find((c) => c.name === 'worker');
    if (!web || !worker) throw new Error('DEPLOY_SCENE changed');
    ['myapp', 'app1', 'app2', 'app3'].forEach((name, i) => {
      state.applications.push({ ...web, id: `7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2${i}`, name });
    });
    state.containers.push({ ...worker, id: '7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c30', name: 'myapp-image' });

    const fixture = (await import('./fixtures/qovery-docs-commands.json')).default as {
      page: string;
      command: string;
      pipe?: string;
    }[];
    for (const { page, command, pipe } of fixture) {
      const line = EXPANDED.reduce((text, [from, to]) => text.replace(from, to), command);
      const args = words(line).slice(1);
      const { code, stdout, stderr } = await cli(args);
      expect(code, `${page}: ${command}\n${stderr}`).toBe(EXIT.ok);
      if (pipe?.includes('BUILT_IN_DOMAIN')) {
        // grep BUILT_IN_DOMAIN | head -1 | awk '{print $5}': a domain.
        const first = stdout.split('\n').find((l) => l.includes('BUILT_IN_DOMAIN')) ?? '';
        expect(first.trim().split(/\s+/)[4], stdout).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      }
      if (args.includes('--markdown')) expect(stdout).toMatch(/^\| Service \| Kind \| Status \| URL \|$/m);
      // The pages' clones land on the cluster they name.
      if (args.includes('--cluster'))
        expect(stderr).toMatch(/^Cloned production into preview-.r-123 \(\S+, on my-cluster\)\.$/m);
    }
    expect(environmentNamed('preview-pr-123')).toBeUndefined();
    expect(environmentNamed('pr-e2e')).toBeUndefined();
  }, 120_000);
});

describe('log, over the embedded gateway', () => {
  const withGateway = (args: string[], signal?: AbortSignal) =>
    cli(args, { env: { QOVERY_WS_URL: server.wsUrl }, ...(signal && { signal }) });

  it('prints "| time | pod | message" per line, as the Qovery CLI does; --raw the frames', async () => {
    const { code, stdout, stderr } = await withGateway([
      ...['log', '--environment', 'production', '--application', 'web', '--limit', '3'],
    ]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| app-\S+ \| .+$/);
    const raw = await withGateway([
      'log',
      '--environment',
      'production',
      '--application',
      'web',
      '--limit',
      '1',
      '--raw',
    ]);
    expect(JSON.parse(raw.stdout)).toMatchObject({ pod_name: expect.any(String), created_at: expect.any(Number) });
  });

  it('--follow prints new lines until interrupted, then exits 0', async () => {
    const interrupt = new AbortController();
    const following = withGateway(
      ['log', '--environment', 'production', '--container', 'worker', '--limit', '0', '-f'],
      interrupt.signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    interrupt.abort();
    const { code, stdout } = await following;
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').length).toBeGreaterThanOrEqual(1);
  }, 10_000);

  it('--watch prints the deployment’s log lines under its states as the gateway pushes them; --quiet does not', async () => {
    const loud = await withGateway(['container', 'deploy', '--container', 'worker', '--tag', '2.0.0', '--watch']);
    expect(loud.code, loud.stderr).toBe(0);
    const kept = server.mock.state.deployments.at(-1);
    expect(kept?.action).toBe('DEPLOY');
    // The container's own lines, indented under the states, and the final one still last.
    const logged = loud.stderr.split('\n').filter((line) => line.startsWith('    '));
    expect(logged.length).toBeGreaterThan(0);
    expect(loud.stderr.trimEnd().split('\n').at(-1)).toMatch(/^worker: DEPLOYED after \d+s\.$/);
    const quiet = await withGateway(['container', 'deploy', '--container', 'worker', '--tag', '2.0.1', '-w', '-q']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr.split('\n').filter((line) => line.startsWith('    '))).toEqual([]);
  }, 20_000);

  it('refuses no service flag, two, and a bad --since before any request', async () => {
    for (const args of [
      ['log', '--environment', 'production'],
      ['log', '--environment', 'production', '--application', 'web', '--container', 'worker'],
      ['log', '--environment', 'production', '--application', 'web', '--since', 'yesterday-ish'],
    ]) {
      const { code } = await cli(args);
      expect(code, args.join(' ')).toBe(EXIT.usage);
    }
  });
});
