// The command line, run in this process as the bin runs it (`run(argv, io)`, the io carrying the
// environment), against the embedded API's HTTP server: stdout, stderr and exit codes. A few tests
// spawn it as a process, for what only a process shows: its shebang and exit status, and the
// shell scripts and the workflow of examples/ that call it. That process runs dist/cli.js when the
// build is newer than every source file, else src/cli/bin.ts bundled as tsup bundles it (esbuild,
// the same banner) into a temporary folder. The bin of the packed tarball, installed into a fresh
// project, is checked by `npm run test:dist` (scripts/smoke-dist.mjs), after the build.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT, HELP } from '../src/cli/help.js';
import { run } from '../src/cli/main.js';
import { DEPLOY_SCENE, type QoveryMockServer, startQoveryMockServer } from '../src/testing/index.js';
import { VERSION } from '../src/version.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = /qov_[A-Za-z0-9_]{20,}/;
const SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

/** A folder for the files the tests write (the secret store of the rotation script). */
let consumer: string;
/** The CLI as an executable file, for the tests that spawn it. */
let bin: string;
/** The temporary folder of a bundle made for this run, removed at the end. */
let bundled: string | undefined;
let server: QoveryMockServer;
/** Everything any run wrote to stderr: no token value may ever appear there. */
const allStderr: string[] = [];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program in the consumer folder; its stderr joins the leak check. */
function spawnResult(file: string, args: string[], env: Record<string, string | undefined>): Promise<Result> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: consumer, env: env as NodeJS.ProcessEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      allStderr.push(stderr);
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The environment a run gets: the embedded API and its admin token, unless `env` says otherwise. */
const envOf = (env: Record<string, string | undefined>) => ({
  PATH: process.env.PATH,
  QOVERY_API_URL: server.url,
  QOVERY_CLI_ACCESS_TOKEN: server.mock.adminToken,
  ...env,
});

/** The command line run in this process, with only `envOf(env)` for environment; its stderr joins allStderr. */
async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: envOf(env),
    isTTY: false,
    // --wait and --watch poll this often (ms), not every 2 s: the embedded API's deployments take 1 s here.
    pollInterval: 100,
  });
  allStderr.push(stderr);
  return { code, stdout, stderr };
}

/** The command line as a process: the executable `bin`, with only `envOf(env)` for environment. */
function spawnCli(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  return spawnResult(bin, args, envOf(env));
}

/** The command line run in this process, for what it writes to stderr; its stderr joins allStderr too. */
async function runInProcess(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await run(args, {
    stdout: () => {},
    stderr: (text) => {
      stderr += text;
    },
    env,
    isTTY: false,
  });
  allStderr.push(stderr);
  return { code, stderr };
}

/** The newest modification time of what the build reads. */
function newestSource(): number {
  let newest = statSync(join(ROOT, 'package.json')).mtimeMs;
  for (const folder of ['src', 'generated']) {
    for (const entry of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      newest = Math.max(newest, statSync(join(ROOT, folder, entry)).mtimeMs);
    }
  }
  return newest;
}

/**
 * The CLI as an executable: dist/cli.js when built after the last change to the sources; else
 * src/cli/bin.ts bundled with tsup's options for it (esbuild: ESM, node18, dependencies left to
 * node_modules, the shebang banner) into a temporary folder beside a link to node_modules.
 */
async function cliExecutable(): Promise<string> {
  const built = join(ROOT, 'dist/cli.js');
  if (existsSync(built) && statSync(built).mtimeMs > newestSource()) return built;
  bundled = mkdtempSync(join(tmpdir(), 'qovery-cli-bin-'));
  symlinkSync(join(ROOT, 'node_modules'), join(bundled, 'node_modules'), 'dir');
  const outfile = join(bundled, 'cli.js');
  await build({
    entryPoints: [join(ROOT, 'src/cli/bin.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node18',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'error',
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

beforeAll(async () => {
  consumer = mkdtempSync(join(tmpdir(), 'qovery-cli-'));
  bin = await cliExecutable();
  server = await startQoveryMockServer({
    ...DEPLOY_SCENE,
    lifecycle: { queuedMs: 200, buildingMs: 500, deployingMs: 300 },
  });
}, 60_000);
beforeEach(() => server.mock.reset());
afterAll(async () => {
  await server?.close();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
  if (bundled) rmSync(bundled, { recursive: true, force: true });
  const secrets = [
    server.mock.adminToken,
    server.mock.viewerToken,
    ...server.mock.state.apiTokens.map((t) => t.secret),
  ];
  for (const text of allStderr) for (const secret of secrets) expect(text).not.toContain(secret);
  for (const text of allStderr) expect(text).not.toMatch(SECRET);
});

describe('the package', () => {
  it('has a single bin, not named qovery, so it never shadows Qovery’s own CLI; npx qovery runs it', () => {
    expect(Object.keys(packageJson.bin)).toEqual(['qovery-sdk']);
  });

  it('--version prints the package version, from a process started by the shebang', async () => {
    expect(VERSION).toBe(packageJson.version);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(await spawnCli(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });
});

describe('token', () => {
  it('prints the new token alone on stdout, ready to pipe, and the rest on stderr', async () => {
    const { code, stdout, stderr } = await cli(['token', '--name', 'CI/CD', '--role', 'DevOps']);
    expect(code).toBe(0);
    const created = server.mock.state.apiTokens.find((t) => t.name === 'CI/CD');
    expect(stdout).toBe(`${created?.secret}\n`);
    expect(stderr).toContain(`Created API token "CI/CD" (${created?.id}) with role DevOps.`);
    expect(stderr).toContain('shown once: store it now');
  });

  it('derives a name from the host and date when none is given; --json prints id, name, role, token', async () => {
    const { code, stdout } = await cli(['token', '--json']);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(printed).sort()).toEqual(['id', 'name', 'role', 'token']);
    expect(printed.name).toMatch(/^qovery-sdk .+ \d{4}-\d{2}-\d{2}$/);
    expect(server.mock.state.apiTokens.find((t) => t.id === printed.id)?.secret).toBe(printed.token);
  });

  it('token list shows names, ids and roles, never a value', async () => {
    await cli(['token', '--name', 'CI']);
    const { code, stdout } = await cli(['token', 'list']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^NAME\s+ID\s+ROLE\s+CREATED$/);
    expect(stdout).toMatch(/CI\s+[0-9a-f-]{36}\s+Admin/);
    for (const token of server.mock.state.apiTokens) expect(stdout).not.toContain(token.secret);
    expect(stdout).not.toMatch(SECRET);
  });

  it('token revoke by name deletes it; an ambiguous name is an error listing the candidates', async () => {
    const first = (await cli(['token', '--name', 'deploy-bot', '--json'])).stdout;
    const { id } = JSON.parse(first) as { id: string };
    server.mock.state.apiTokens.push({
      ...(server.mock.state.apiTokens.find((t) => t.id === id) as (typeof server.mock.state.apiTokens)[number]),
      id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a99',
      name: 'Deploy-Bot',
      secret: 'qov_mock_second_deploy_bot_000000000000000',
    });
    const ambiguous = await cli(['token', 'revoke', 'deploy-bot']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('LookupError: 2 tokens are named "deploy-bot"');
    expect(ambiguous.stderr).toContain(id);
    const revoked = await cli(['token', 'revoke', id]);
    expect(revoked).toMatchObject({ code: 0, stdout: '' });
    expect(server.mock.state.apiTokens.map((t) => t.id)).not.toContain(id);
    expect((await cli(['token', 'revoke', 'Deploy-Bot'])).code).toBe(0);
    expect(server.mock.state.apiTokens.some((t) => t.name.toLowerCase() === 'deploy-bot')).toBe(false);
  });
});

describe('auth', () => {
  it('prints the organization, the scheme and the rate limit left, and exits 0', async () => {
    const { code, stdout } = await cli(['auth']);
    expect(code).toBe(0);
    expect(stdout).toContain('Authorization: Token');
    expect(stdout).toContain(`Organization: Acme (${server.mock.organizationId})`);
    expect(stdout).toMatch(/Rate limit: \d+\/1000 requests left until /);
  });

  it('reads QOVERY_CLI_ACCESS_TOKEN before QOVERY_API_TOKEN, as Qovery’s CLI does', async () => {
    const viewer = await cli(['token', '--name', 'x'], {
      QOVERY_CLI_ACCESS_TOKEN: server.mock.viewerToken,
      QOVERY_API_TOKEN: server.mock.adminToken,
    });
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/^PermissionDeniedError: 403 /);
  });

  it('exits 1 with the typed error, and no stack trace, once the token is deleted', async () => {
    const { stdout } = await cli(['token', '--name', 'short-lived']);
    const token = stdout.trim();
    expect((await cli(['auth'], { QOVERY_CLI_ACCESS_TOKEN: token })).code).toBe(0);
    expect((await cli(['token', 'revoke', 'short-lived'])).code).toBe(0);
    const denied = await cli(['auth'], { QOVERY_CLI_ACCESS_TOKEN: token });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe('AuthenticationError: 401 Invalid or missing authentication token\n');
    const debug = await cli(['auth', '--debug'], { QOVERY_CLI_ACCESS_TOKEN: token });
    expect(debug.stderr).toMatch(/AuthenticationError: 401[^\n]*\n\s+at /);
  });
});

describe('deploy', () => {
  const api = () =>
    server.mock.state.applications.find(
      (a) =>
        a.name === 'api' &&
        server.mock.state.environments.find((e) => e.id === a.environment.id)?.name === 'production',
    );

  it('deploys by name at GITHUB_SHA and, with --wait, prints plain progress lines until DEPLOYED', async () => {
    const { code, stderr, stdout } = await cli(
      ['deploy', '--application', 'api', '--environment', 'production', '--wait'],
      {
        GITHUB_SHA: SHA,
      },
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Deploying application api (${api()?.id}) at ${SHA.slice(0, 12)}.`);
    expect(stderr).toMatch(/^\d+s (QUEUED|BUILDING|DEPLOYING)$/m);
    expect(stderr).not.toContain('\r');
    expect(stderr).toMatch(/api: DEPLOYED after \d+s\.\n$/);
    expect(api()?.git_repository?.deployed_commit_id).toBe(SHA);
  }, 30_000);

  it('accepts the documented form `application deploy`, and exits 3 when the deployment fails', async () => {
    server.mock.failNext({ applicationId: api()?.id as string, state: 'BUILD_ERROR' });
    const { code, stderr } = await cli([
      'application',
      'deploy',
      '--application',
      'api',
      '--project',
      'Backend',
      '--environment',
      'production',
      '--commit',
      SHA,
      '--wait',
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('DeploymentFailedError: Deployment ended in BUILD_ERROR');
  }, 30_000);

  it('redeploys the current commit when no commit is given, and does not wait without --wait', async () => {
    const { code, stderr } = await cli(['deploy', '--application', 'web']);
    expect(code).toBe(0);
    expect(stderr).toContain('at its current commit');
    const web = server.mock.state.applications.find((a) => a.name === 'web');
    const latest = server.mock.state.deployments.at(-1);
    expect(latest?.action).toBe('DEPLOY');
    expect(latest?.services).toEqual([
      { id: web?.id, kind: 'application', gitCommitId: web?.git_repository?.deployed_commit_id },
    ]);
  });

  it('exits 1 listing the matches when the name is in several environments', async () => {
    const { code, stderr } = await cli(['deploy', '--application', 'api']);
    expect(code).toBe(1);
    expect(stderr).toContain('Backend/production/api');
    expect(stderr).toContain('Backend/staging/api');
  });
});

describe('deploying every kind of service', () => {
  const named = <T extends { id: string; name: string; environment: { id: string } }>(
    list: T[],
    name: string,
    environment = 'production',
  ): T | undefined =>
    list.find(
      (s) =>
        s.name === name && server.mock.state.environments.find((e) => e.id === s.environment.id)?.name === environment,
    );

  it('container deploy --container NAME --tag TAG --watch deploys that tag and follows it to DEPLOYED', async () => {
    const worker = named(server.mock.state.containers, 'worker');
    const { code, stdout, stderr } = await cli([
      'container',
      'deploy',
      '--container',
      'worker',
      '--tag',
      '1.4.2',
      '--watch',
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Deploying container worker (${worker?.id}) at tag 1.4.2.`);
    expect(stderr).toMatch(/^\d+s (QUEUED|BUILDING|DEPLOYING)$/m);
    expect(stderr).toMatch(/worker: DEPLOYED after \d+s\.\n$/);
    expect(named(server.mock.state.containers, 'worker')?.tag).toBe('1.4.2');
  }, 30_000);

  it('--containers "a,b" deploys several, and --wait exits 3 when one of them fails', async () => {
    const worker = named(server.mock.state.containers, 'worker');
    if (!worker) throw new Error('DEPLOY_SCENE has no worker container');
    server.mock.state.containers.push({
      ...worker,
      id: '6f7e8d9c-0b1a-4c2d-8e3f-405162738495',
      name: 'cron',
    });
    server.mock.failNext({ serviceId: '6f7e8d9c-0b1a-4c2d-8e3f-405162738495', state: 'DEPLOYMENT_ERROR' });
    const { code, stderr } = await cli([
      'container',
      'deploy',
      '--containers',
      'worker, cron',
      '--tag',
      '2.0.0',
      '--wait',
    ]);
    expect(stderr).toContain('Deploying container worker');
    expect(stderr).toContain('Deploying container cron');
    expect(stderr).toMatch(/^worker: \d+s \w+$/m);
    expect(stderr).toContain('worker: DEPLOYED after');
    expect(stderr).toContain('DeploymentFailedError: Deployment ended in DEPLOYMENT_ERROR');
    expect(code).toBe(3);
  }, 30_000);

  it('job deploy takes --tag or --commit, and refuses both as bad usage before sending anything', async () => {
    const before = server.mock.state.deployments.length;
    expect((await cli(['job', 'deploy', '--job', 'migrate', '--tag', '3.0.0', '--commit', SHA])).code).toBe(2);
    expect(server.mock.state.deployments).toHaveLength(before);
    const { code, stderr } = await cli(['job', 'deploy', '--job', 'migrate', '--commit', SHA]);
    expect(code).toBe(0);
    expect(stderr).toContain(
      `Deploying job migrate (${named(server.mock.state.jobs as never, 'migrate')?.id}) at ${SHA.slice(0, 12)}.`,
    );
  });

  it('helm deploy --helm NAME --chart_version V and database deploy --database NAME, with the Qovery CLI flags', async () => {
    const helm = await cli(['helm', 'deploy', '--helm', 'redis', '--chart_version', '18.2.0', '--watch']);
    expect(helm.code).toBe(0);
    expect(helm.stderr).toContain('at chart version 18.2.0');
    expect(helm.stderr).toContain('redis: DEPLOYED after');
    const db = await cli([
      'database',
      'deploy',
      '--database',
      'db',
      '--environment',
      'production',
      '--wait',
      '--timeout',
      '2m',
    ]);
    expect(db.code).toBe(0);
    expect(db.stderr).toContain('db: DEPLOYED after');
  }, 30_000);

  it('exits 1 listing the matches of a name in several environments, and 2 when no name is given', async () => {
    const ambiguous = await cli(['database', 'deploy', '--database', 'db']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('Backend/production/db');
    expect(ambiguous.stderr).toContain('Backend/staging/db');
    const missing = await cli(['container', 'deploy', '--tag', '1.0.0']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--container (or --containers "a,b") is required');
  });

  it('environment deploy --environment NAME --wait deploys the whole environment', async () => {
    const { code, stderr } = await cli([
      'environment',
      'deploy',
      '--environment',
      'staging',
      '--project',
      'Backend',
      '--wait',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Deploying environment staging \([0-9a-f-]{36}\)\./);
    expect(stderr).toMatch(/staging: DEPLOYED after \d+s\./);
  }, 30_000);

  it('environment deploy --applications/--containers/--lifecycles/--helms/--databases deploys those, as one request', async () => {
    const before = server.mock.state.deployments.length;
    const { code, stderr } = await cli([
      'environment',
      'deploy',
      '--environment',
      'production',
      '--applications',
      `api:${SHA}`,
      '--containers',
      'worker',
      '--cronjobs',
      'migrate:2.0.0',
      '--helms',
      'redis:18.1.0',
      '--databases',
      'db',
      '--wait',
    ]);
    expect(stderr).toMatch(/Deploying 5 services of environment production \([0-9a-f-]{36}\)\./);
    expect(stderr).toMatch(/production: DEPLOYED after \d+s\./);
    expect(code).toBe(0);
    const { state } = server.mock;
    expect(state.deployments).toHaveLength(before + 1);
    const production = state.environments.find((e) => e.name === 'production');
    const inProduction = <T extends { name: string; environment: { id: string } }>(list: T[], name: string) =>
      list.find((s) => s.name === name && s.environment.id === production?.id);
    expect(
      state.deployments
        .at(-1)
        ?.services.map((s) => s.kind)
        .sort(),
    ).toEqual(['application', 'container', 'database', 'helm', 'job']);
    expect(inProduction(state.applications, 'api')?.git_repository?.deployed_commit_id).toBe(SHA);
    expect(inProduction(state.jobs, 'migrate')?.source).toMatchObject({ image: { tag: '2.0.0' } });
    expect(inProduction(state.helms, 'redis')?.source).toMatchObject({ repository: { chart_version: '18.1.0' } });
  }, 30_000);

  it('environment deploy refuses a database with a version, and a name the environment does not have', async () => {
    // Usage errors come before any request: against an address where nothing listens, still exit 2.
    const nowhere = { QOVERY_API_URL: 'http://127.0.0.1:9' };
    for (const [flags, message] of [
      [['--databases', 'db:16'], '--databases: a database deploys without a version ("db:16")'],
      [['--applications', ''], '--applications must not be empty'],
      [['--cronjobs', ' , '], '--cronjobs names no service'],
      [['--containers', 'worker:'], '--containers: "worker:" is not NAME or NAME:VERSION'],
      [['--helms', ':18.1.0'], '--helms: ":18.1.0" is not NAME or NAME:VERSION'],
    ] as const) {
      const refused = await cli(['environment', 'deploy', '--environment', 'production', ...flags], nowhere);
      expect(refused.code, flags.join(' ')).toBe(2);
      expect(refused.stderr, flags.join(' ')).toContain(message);
    }
    const unknown = await cli(['environment', 'deploy', '--environment', 'production', '--containers', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('container "nope"');
  });

  it('--organization NAME picks the organization by name', async () => {
    expect((await cli(['status', '--organization', 'acme'])).code).toBe(0);
    const unknown = await cli(['status', '--organization', 'Globex']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No organization matches "Globex"');
  });
});

describe('status', () => {
  it('prints the documented JSON shape and exits 0 when no service is in error', async () => {
    const { code, stdout } = await cli(['status', '--format', 'json']);
    expect(code).toBe(0);
    const { services } = JSON.parse(stdout) as { services: Record<string, unknown>[] };
    expect(Object.keys(JSON.parse(stdout))).toEqual(['services']);
    expect(services).toHaveLength(8);
    expect(services.map((s) => `${s.kind} ${s.name}`).sort()).toEqual([
      'application api',
      'application api',
      'application web',
      'container worker',
      'database db',
      'database db',
      'helm redis',
      'job migrate',
    ]);
    for (const service of services) {
      expect(Object.keys(service).sort()).toEqual(
        ['environment', 'environmentId', 'id', 'kind', 'name', 'project', 'projectId', 'state', 'status'].sort(),
      );
      expect(service).toMatchObject({ project: 'Backend', status: 'RUNNING', state: 'DEPLOYED' });
    }
  });

  it('exits 4 when a service is in error, so `status || alert` works without jq', async () => {
    const id = server.mock.state.applications.find((a) => a.name === 'web')?.id as string;
    server.mock.failNext({ applicationId: id, state: 'DEPLOYMENT_ERROR' });
    expect((await cli(['deploy', '--application', 'web', '--wait'])).code).toBe(3);
    const json = await cli(['status', '--format', 'json', '--environment', 'production']);
    expect(json.code).toBe(4);
    const { services } = JSON.parse(json.stdout) as { services: { name: string; status: string; state: string }[] };
    expect(services.find((s) => s.name === 'web')).toMatchObject({ status: 'ERROR', state: 'DEPLOYMENT_ERROR' });
    expect(services).toHaveLength(6);
    const table = await cli(['status', '--project', 'Backend']);
    expect(table.code).toBe(4);
    expect(table.stdout.split('\n')[0]).toMatch(/^PROJECT\s+ENVIRONMENT\s+SERVICE\s+KIND\s+STATUS\s+STATE$/);
    expect(table.stdout).toMatch(/Backend\s+production\s+web\s+application\s+ERROR\s+DEPLOYMENT_ERROR/);
  }, 30_000);
});

describe('usage', () => {
  it.each([
    [['deploy', '--aplication', 'api'], "Unknown option '--aplication'"],
    [['status', '--format', 'yaml'], '--format must be table or json'],
    [['deploy'], '--application (or --applications "a,b") is required'],
    [['deploy', '--application', 'api', '--timeout', 'soon'], '--timeout: "soon" is not a duration'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['token', 'revoke'], 'missing argument'],
    [[], 'no command given'],
  ])('%j exits 2 with the problem and the help', async (args, problem) => {
    const { code, stderr, stdout } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(problem);
    expect(stderr).toContain('Usage: qovery-sdk');
  });

  it('never echoes a credential typed where a name or argument was expected', async () => {
    const secret = server.mock.adminToken;
    for (const args of [['auth', secret], [secret], ['deploy', '--application', secret]]) {
      const { code, stderr } = await cli(args);
      expect(code, args.join(' ')).toBeGreaterThan(0);
      expect(stderr).not.toContain(secret);
      expect(stderr).toContain('qov_…(hidden)');
    }
    expect((await cli(['token', 'revoke', secret])).stderr).toContain("looks like a token's value");
  });

  it('hides a credential it was given whole, whatever its characters', async () => {
    // In process: what matters is the text written to stderr.
    const odd = 'qov_FAKE+ODD/TOKEN=00000000';
    const runs: [string[], Record<string, string>][] = [
      [['auth', odd], { QOVERY_API_TOKEN: odd }],
      [['auth', odd], { QOVERY_CLI_ACCESS_TOKEN: odd }],
      [['--token', odd, 'auth', odd], {}],
      [[`--token=${odd}`, 'auth', odd], {}],
      // As the SDK reads it: a pasted scheme is left out.
      [['--token', `Token ${odd}`, 'auth', odd], {}],
      [['auth', odd], { QOVERY_API_TOKEN: `Bearer ${odd}` }],
      // One credential inside another: the longer is hidden whole.
      [['--token', `${odd}MORE+ODD/00`, 'auth', `${odd}MORE+ODD/00`], { QOVERY_API_TOKEN: odd }],
    ];
    for (const [args, env] of runs) {
      const { code, stderr } = await runInProcess(args, env);
      expect(code, args.join(' ')).toBe(EXIT.usage);
      expect(stderr).toContain('unexpected argument "qov_…(hidden)"');
      expect(stderr).not.toMatch(/ODD|00000000/);
    }
  });

  it('keeps no part of a given credential that does not start with a public marker', async () => {
    const secret = 's3cr3t+passw0rd';
    const { code, stderr } = await runInProcess(['auth', secret], { QOVERY_CLI_ACCESS_TOKEN: secret });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('unexpected argument "…(hidden)"');
    expect(stderr).not.toContain('s3cr');
  });

  it('takes global options before the command', async () => {
    expect((await cli(['--api-url', server.url, 'auth'])).code).toBe(0);
    expect((await cli(['--debug', 'status', '--format', 'json'])).code).toBe(0);
  });

  it('refuses empty values and a timeout too long for a timer before sending anything', async () => {
    const before = server.mock.state.deployments.length;
    for (const args of [
      ['deploy', '--application', 'web', '--commit', ''],
      ['deploy', '--application', 'web', '--wait', '--timeout', '600h'],
      ['token', '--name', ' '],
    ]) {
      expect((await cli(args)).code, args.join(' ')).toBe(2);
    }
    expect(server.mock.state.deployments).toHaveLength(before);
    expect(server.mock.state.apiTokens.map((t) => t.name)).toEqual(['mock admin', 'mock viewer']);
  });

  it('--help documents the command’s options and the exit codes', async () => {
    const { code, stdout } = await cli(['deploy', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--application NAME');
    expect(stdout).toContain('3 deploy --wait ended in a failed state');
  });

  it('says where to put credentials when there are none', async () => {
    const { code, stderr } = await cli(['auth'], { QOVERY_CLI_ACCESS_TOKEN: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('no credentials: set QOVERY_CLI_ACCESS_TOKEN or QOVERY_API_TOKEN');
  });
});

describe('examples/rotate-token-cli.sh', () => {
  /** Runs the rotation script with the CLI of the tarball, as `token` (a credential) and `store` (the secret store). */
  const rotate = (token: string, store: string) =>
    spawnResult('bash', [join(ROOT, 'examples/rotate-token-cli.sh'), 'GitHub Actions'], {
      PATH: process.env.PATH,
      QOVERY_API_URL: server.url,
      QOVERY_CLI_ACCESS_TOKEN: token,
      QOVERY_SDK: bin,
      STORE_SECRET: `dd status=none of=${store}`,
    });

  it('creates the new token, pipes it to the secret store, and revokes the old one', async () => {
    await cli(['token', '--name', 'GitHub Actions']);
    const store = join(consumer, 'secret.txt');
    const result = await rotate(server.mock.adminToken, store);
    expect(result.code).toBe(0);
    const names = server.mock.state.apiTokens.map((t) => t.name);
    expect(names).not.toContain('GitHub Actions');
    const fresh = server.mock.state.apiTokens.find((t) => t.name.startsWith('GitHub Actions 2'));
    expect(readFileSync(store, 'utf8')).toBe(`${fresh?.secret}\n`);
    expect(result.stdout).toBe('');
  });

  it('revokes nothing when the new token cannot be created', async () => {
    await cli(['token', '--name', 'GitHub Actions']);
    expect((await rotate(server.mock.viewerToken, '/dev/null')).code).toBe(1);
    expect(server.mock.state.apiTokens.map((t) => t.name)).toContain('GitHub Actions');
  });
});

describe('preview environments from the command line', () => {
  const where = ['--project', 'Backend'];
  const SECRET_VALUE = 'cli-secret-value-not-real-42';

  it('environment clone prints the new id, and a re-run reuses it', async () => {
    const clonePr7 = ['environment', 'clone', ...where, '--environment', 'staging', '--new-environment-name', 'pr-7'];
    const first = await cli(clonePr7);
    expect(first.code).toBe(0);
    const clone = server.mock.state.environments.find((e) => e.name === 'pr-7');
    expect(first.stdout).toBe(`${clone?.id}\n`);
    expect(first.stderr).toContain(`Cloned staging into pr-7 (${clone?.id}).`);
    const again = await cli(clonePr7);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toContain('already exists: nothing to clone');
    expect(server.mock.state.environments.filter((e) => e.name === 'pr-7')).toHaveLength(1);
  });

  it('env set sets a variable and a secret, changes nothing when re-run, and never prints a value', async () => {
    await cli(['environment', 'clone', ...where, '--environment', 'staging', '--new-environment-name', 'pr-8']);
    const plain = ['env', 'set', ...where, '--environment', 'pr-8', '--key', 'PR_NUMBER', '--value', '8'];
    expect((await cli(plain)).stderr).toContain('Variable PR_NUMBER on environment pr-8: created.');
    expect((await cli(plain)).stderr).toContain('Variable PR_NUMBER on environment pr-8: unchanged.');
    const secret = await cli([
      'env',
      'set',
      ...where,
      '--environment',
      'pr-8',
      '--application',
      'api',
      '--key',
      'API_KEY',
      '--value',
      SECRET_VALUE,
      '--secret',
    ]);
    expect(secret.code).toBe(0);
    expect(secret.stderr).toContain('Secret API_KEY on application api: created.');
    expect(secret.stdout + secret.stderr).not.toContain(SECRET_VALUE);
    const removed = await cli(['env', 'delete', ...where, '--environment', 'pr-8', '--key', 'PR_NUMBER']);
    expect(removed.stderr).toContain('Deleted variable PR_NUMBER on environment pr-8.');
  });

  it('container update points a container at a tag, writes nothing when re-run, and wants a tag or image', async () => {
    const args = ['container', 'update', ...where, '--environment', 'production', '--container', 'worker'];
    const updated = await cli([...args, '--tag', 'pr-9']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stderr).toMatch(/Container worker \([0-9a-f-]{36}\) runs .+:pr-9; deploy it to run\./);
    const worker = () => server.mock.state.containers.find((c) => c.name === 'worker');
    expect(worker()?.tag).toBe('pr-9');
    const stamp = worker()?.updated_at;
    expect((await cli([...args, '--tag', 'pr-9'])).code).toBe(0);
    expect(worker()?.updated_at).toBe(stamp);
    const missing = await cli(args);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('give --tag, --image-name or both');
  });

  it('environment links prints the URLs, as JSON too, and environment delete removes the clone', async () => {
    await cli(['environment', 'clone', ...where, '--environment', 'staging', '--new-environment-name', 'pr-9']);
    const json = await cli(['environment', 'links', ...where, '--environment', 'pr-9', '--format', 'json']);
    expect(json.code).toBe(0);
    const { links } = JSON.parse(json.stdout) as { links: { url: string }[] };
    for (const link of links) expect(link.url).toMatch(/^https:\/\//);
    const deleted = await cli(['environment', 'delete', ...where, '--environment', 'pr-9']);
    expect(deleted.code).toBe(0);
    expect(server.mock.state.environments.some((e) => e.name === 'pr-9')).toBe(false);
  });
});

/** A folder holding an `npx` that runs the tarball's CLI for `npx [--yes] qovery …`, to put first on PATH. */
function npxShim(): string {
  const shims = mkdtempSync(join(tmpdir(), 'qovery-shims-'));
  writeFileSync(
    join(shims, 'npx'),
    `#!/usr/bin/env bash\nwhile [ "$1" != qovery ]; do shift; done\nshift\nexec ${bin} "$@"\n`,
    { mode: 0o755 },
  );
  return shims;
}

describe('examples/preview-environment.sh: the preview workflow with the CLI alone', () => {
  const SECRET_VALUE = 'sh-preview-secret-not-real-77';
  const script = (action: string) =>
    spawnResult('bash', [join(ROOT, 'examples/preview-environment.sh'), action], {
      PATH: `${npxShim()}:${process.env.PATH}`,
      QOVERY_API_URL: server.url,
      QOVERY_API_TOKEN: server.mock.adminToken,
      PR_NUMBER: '42',
      PR_BRANCH: 'feature/login',
      PREVIEW_API_KEY: SECRET_VALUE,
    });
  /** What the workflow configures, without timestamps: a re-run must leave it as it was. */
  const configured = () => {
    const { environments, applications, variables } = server.mock.state;
    const preview = environments.find((e) => e.name === 'pr-42');
    return {
      environments: environments.map((e) => [e.id, e.name]),
      application: applications
        .filter((a) => a.environment.id === preview?.id)
        .map((a) => [a.id, a.name, a.git_repository?.branch, a.updated_at]),
      variables: variables.map((v) => [v.id, v.key, v.scope, v.parentId, v.isSecret, v.value]),
    };
  };

  it('opens (clone, branch, variable, secret, deploy, links), re-opens changing nothing, and closes', async () => {
    const first = await script('open');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Cloned staging into pr-42');
    expect(first.stderr).toContain('builds from branch feature/login');
    expect(first.stderr).toContain('Variable PR_NUMBER on environment pr-42: created.');
    expect(first.stderr).toContain('Secret API_KEY on application api: created.');
    expect(first.stderr).toMatch(/pr-42: DEPLOYED after \d+s\./);
    expect(first.stdout).toMatch(/https:\/\/api-[0-9a-f]{8}\.mock-qovery\.example/);
    const after = configured();
    expect(after.application).toEqual([[expect.any(String), 'api', 'feature/login', expect.any(String)]]);

    const again = await script('open');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('already exists: nothing to clone');
    expect(again.stderr).toContain('Variable PR_NUMBER on environment pr-42: unchanged.');
    expect(configured()).toEqual(after);

    const closed = await script('close');
    expect(closed.code, closed.stderr).toBe(0);
    expect(server.mock.state.environments.some((e) => e.name === 'pr-42')).toBe(false);
    for (const run of [first, again, closed]) expect(run.stdout + run.stderr).not.toContain(SECRET_VALUE);
  }, 60_000);
});

describe('examples/github-actions-container.yml', () => {
  interface Step {
    name?: string;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
  }
  interface Workflow {
    on: { push: { branches: string[] } };
    jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
  }
  const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions-container.yml'), 'utf8')) as Workflow;

  /**
   * Runs the workflow's `run` steps in order, as a runner would (bash -e, job then step env,
   * `${{ secrets.* }}` and `${{ github.* }}` filled in), with `npx --yes qovery` as the tarball's CLI
   * and a `docker` that records what it was asked to push. `uses` steps are the runner's own.
   */
  async function runWorkflow(secrets: Record<string, string>, sha: string) {
    const shims = npxShim();
    const pushed = join(shims, 'pushed.txt');
    writeFileSync(join(shims, 'docker'), `#!/usr/bin/env bash\n[ "$1" = push ] && echo "$2" >> ${pushed}\nexit 0\n`, {
      mode: 0o755,
    });
    const github: Record<string, string> = { repository_owner: 'acme', actor: 'octocat' };
    const fill = (text: string) =>
      text.replace(
        /\$\{\{\s*(secrets|github)\.(\w+)\s*\}\}/g,
        (_, scope: string, key: string) => (scope === 'secrets' ? secrets[key] : github[key]) ?? '',
      );
    const job = Object.values(workflow.jobs)[0] as { env?: Record<string, string>; steps: Step[] };
    const results: Result[] = [];
    for (const step of job.steps.filter((s) => s.run !== undefined)) {
      const env = Object.fromEntries(
        Object.entries({ ...job.env, ...step.env }).map(([key, value]) => [key, fill(String(value))]),
      );
      const result = await spawnResult('bash', ['-e', '-c', fill(step.run as string)], {
        PATH: `${shims}:${process.env.PATH}`,
        QOVERY_API_URL: server.url,
        GITHUB_SHA: sha,
        ...env,
      });
      results.push(result);
      if (result.code !== 0) break;
    }
    return { results, pushed: readFileSync(pushed, 'utf8').trim() };
  }

  it('runs on pushes to main, builds and pushes one tag, and deploys that same tag with --wait', async () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    const { results, pushed } = await runWorkflow({ QOVERY_API_TOKEN: server.mock.adminToken }, SHA);
    expect(pushed).toBe(`ghcr.io/acme/worker:${SHA}`);
    const deploy = results.at(-1) as Result;
    expect(deploy.code).toBe(0);
    expect(deploy.stderr).toContain(`at tag ${SHA}`);
    expect(deploy.stderr).toContain('worker: DEPLOYED after');
    const worker = server.mock.state.containers.find(
      (c) =>
        c.name === 'worker' &&
        c.environment.id === server.mock.state.environments.find((e) => e.name === 'production')?.id,
    );
    expect(worker?.tag).toBe(SHA);
  }, 30_000);

  it('fails the job with exit 3 when the deployment fails', async () => {
    const worker = server.mock.state.containers.find((c) => c.name === 'worker');
    server.mock.failNext({ serviceId: worker?.id as string, state: 'DEPLOYMENT_ERROR' });
    const { results } = await runWorkflow({ QOVERY_API_TOKEN: server.mock.adminToken }, SHA);
    expect(results.at(-1)?.code).toBe(3);
    expect(results.at(-1)?.stderr).toContain('Deployment ended in DEPLOYMENT_ERROR');
  }, 30_000);

  it('fails the job with exit 1, and no secret in its output, when the token may not deploy', async () => {
    const { results } = await runWorkflow({ QOVERY_API_TOKEN: server.mock.viewerToken }, SHA);
    expect(results.at(-1)?.code).toBe(1);
    expect(results.at(-1)?.stderr).toContain('PermissionDeniedError');
    expect(results.at(-1)?.stderr).not.toContain(server.mock.viewerToken);
  }, 30_000);
});

describe('README', () => {
  it('documents exactly the exit codes the CLI uses', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((part) => part.startsWith('Command line\n')) ?? '';
    const documented = [...section.matchAll(/^\| (\d) +\|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(EXIT).sort());
    for (const code of documented) expect(HELP.main).toContain(`${code} `);
  });
});

describe('a credential that sees several organizations', () => {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  // An obviously fake JWT (fake signature): a user's credential may see several organizations.
  const JWT = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ sub: 'auth0|fake-user' })}.ZmFrZS1zaWduYXR1cmU`;
  const LONE = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ sub: 'auth0|fake-loner' })}.ZmFrZS1zaWduYXR1cmU`;
  let two: QoveryMockServer;
  beforeAll(async () => {
    two = await startQoveryMockServer({
      organizations: [{ name: 'Acme' }, { name: 'Globex' }],
      users: [{ jwt: JWT }, { jwt: LONE, organizations: [] }],
    });
  });
  afterAll(() => two?.close());

  it('works in the one named by --organization-id, and says which to pick without it', async () => {
    const env = { QOVERY_API_URL: two.url, QOVERY_CLI_ACCESS_TOKEN: JWT };
    const [acme, globex] = two.mock.state.organizations;
    const without = await cli(['token', 'list'], env);
    expect(without.code).toBe(EXIT.error);
    expect(without.stderr).toContain(`Acme (${acme?.id})`);
    expect(without.stderr).toContain(`Globex (${globex?.id})`);
    expect(without.stderr).toContain('Pick one with --organization-id ID.');
    const chosen = await cli(['--organization-id', globex?.id as string, 'token', 'list'], env);
    expect(chosen.code, chosen.stderr).toBe(EXIT.ok);
    expect((await cli(['status', '--organization-id', 'globex'], env)).code).toBe(EXIT.usage);
  });

  it('does not suggest --organization-id to a credential that sees no organization', async () => {
    const { code, stderr } = await cli(['token', 'list'], { QOVERY_API_URL: two.url, QOVERY_CLI_ACCESS_TOKEN: LONE });
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain('sees no organization');
    expect(stderr).not.toContain('--organization-id');
  });
});

describe('blank variables', () => {
  it('count as unset, as they do for the SDK: the next token variable is used', async () => {
    const { code, stderr } = await cli(['auth'], {
      QOVERY_CLI_ACCESS_TOKEN: ' ',
      QOVERY_API_TOKEN: server.mock.adminToken,
    });
    expect(code, stderr).toBe(EXIT.ok);
  });

  it('a blank QOVERY_API_URL means the real API, not a bad URL', async () => {
    // In process, with fetch pointed at the embedded API: the real one is out of reach here.
    const reached: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      reached.push(new URL(request.url).origin);
      return server.mock.fetch(request);
    }) as typeof fetch;
    try {
      const { code, stderr } = await runInProcess(['auth'], {
        QOVERY_API_URL: '',
        QOVERY_API_TOKEN: server.mock.adminToken,
      });
      expect(code, stderr).toBe(EXIT.ok);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(reached[0]).toBe('https://api.qovery.com');
  });
});
