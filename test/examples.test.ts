// Runs the examples as a user would, in their own process, against the embedded API over loopback.
// No msw in this file: it would have nothing to intercept in a child process anyway.
// The examples are compiled once, as tsx compiles them (esbuild, `qovery` from src through
// tsconfig's paths), and each process runs the compiled file: under tsx every process would
// compile them again, which takes seconds on a busy two-core machine.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AuthenticationError, Qovery } from '../src/index.js';
import { DEPLOY_SCENE, type QoveryMockServer, startQoveryMockServer } from '../src/testing/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const FULL_SECRET = /qov_[A-Za-z0-9]{40}/;
let server: QoveryMockServer;
/** The folder of the compiled examples: `compiled('list-projects.ts')` is the one to run. */
let compiledDir: string;
const compiled = (file: string) => join(compiledDir, file.replace(/\.ts$/, '.mjs'));

/** Compiles every example to ESM beside a link to node_modules (their dependencies stay there). */
async function compileExamples(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'qovery-examples-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await build({
    entryPoints: [join(ROOT, 'examples/*.ts')],
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return dir;
}

function example(file: string, args: string[] = [], env: Record<string, string> = {}, against = server) {
  return run(process.execPath, [compiled(file), ...args], {
    env: {
      ...process.env,
      QOVERY_API_URL: against.url,
      QOVERY_API_TOKEN: against.mock.adminToken,
      QOVERY_CLI_ACCESS_TOKEN: '',
      ...env,
    },
    timeout: 30_000,
  });
}

beforeAll(async () => {
  compiledDir = await compileExamples();
}, 60_000);
afterAll(() => rmSync(compiledDir, { recursive: true, force: true }));
beforeAll(async () => {
  server = await startQoveryMockServer({ projects: [{ name: 'web' }, { name: 'api' }] });
});
beforeEach(() => server.mock.reset());
afterAll(() => server.close());

describe('examples', () => {
  it('quickstart narrates every step against its own embedded API and never prints a whole token', async () => {
    const { stdout } = await run(process.execPath, [compiled('quickstart.ts')], { timeout: 30_000 });
    for (const expected of [
      'Acme',
      'shown once by the API',
      'the old token now gets AuthenticationError',
      '0/15 requests left',
      'api is DEPLOYED',
      'RateLimitError: 429',
      'Done.',
    ]) {
      expect(stdout).toContain(expected);
    }
    expect(stdout).not.toMatch(FULL_SECRET);
  }, 30_000);

  it('list-projects lists the projects and the rate-limit figures', async () => {
    const { stdout } = await example('list-projects.ts');
    expect(stdout).toContain('Organization: Acme');
    expect(stdout).toContain('- web: 0 environment(s)');
    expect(stdout).toContain('- api: 0 environment(s)');
    expect(stdout).toMatch(/\d+\/1000 requests left until/);
  }, 30_000);

  it('create-ci-token prints the working secret alone on stdout, the rest on stderr', async () => {
    const { stdout, stderr } = await example('create-ci-token.ts', ['GitHub Actions', 'viewer']);
    const secret = stdout.trim();
    expect(secret).toMatch(new RegExp(`^${FULL_SECRET.source}$`));
    expect(stderr).toContain('with role Viewer');
    expect(stderr).not.toContain(secret);
    const asCi = new Qovery({ apiToken: secret, baseUrl: server.url });
    expect((await asCi.organization.get()).name).toBe('Acme');
  }, 30_000);

  it('create-ci-token explains an unknown role and exits 1', async () => {
    const failure = await example('create-ci-token.ts', ['CI', 'Deployer']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain('available roles: Admin, DevOps, Viewer, Billing Manager');
  }, 30_000);

  it('rotate-token hands on a new working token and the old one stops working', async () => {
    const admin = new Qovery({ apiToken: server.mock.adminToken, baseUrl: server.url });
    const old = await admin.apiTokens.create({ name: 'GitHub Actions', role: 'DevOps' });
    const { stdout } = await example('rotate-token.ts', [old.id, 'GitHub Actions 2026-12']);
    const fresh = stdout.trim();
    expect(fresh).toMatch(new RegExp(`^${FULL_SECRET.source}$`));
    const tokens = await admin.apiTokens.list();
    expect(tokens.map((t) => [t.name, t.role_name])).toContainEqual(['GitHub Actions 2026-12', 'DevOps']);
    expect(tokens.map((t) => t.id)).not.toContain(old.id);
    await expect(
      new Qovery({ apiToken: old.token ?? 'no token in the answer', baseUrl: server.url }).projects.list(),
    ).rejects.toBeInstanceOf(AuthenticationError);
    await expect(new Qovery({ apiToken: fresh, baseUrl: server.url }).projects.list()).resolves.toHaveLength(2);
  }, 30_000);
});

describe('deploy and monitoring examples', () => {
  let deploy: QoveryMockServer;
  const SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
  const failed = (e: unknown) => e as { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    deploy = await startQoveryMockServer({
      ...DEPLOY_SCENE,
      lifecycle: { queuedMs: 300, buildingMs: 600, deployingMs: 400 },
    });
  });
  beforeEach(() => deploy.mock.reset());
  afterAll(() => deploy.close());

  const application = () =>
    deploy.mock.state.applications.find(
      (a) =>
        a.name === 'api' &&
        deploy.mock.state.environments.find((e) => e.id === a.environment.id)?.name === 'production',
    );

  it('github-actions-deploy deploys the named application at GITHUB_SHA, prints progress, exits 0', async () => {
    const { stdout } = await example(
      'github-actions-deploy.ts',
      [],
      { QOVERY_APPLICATION: 'api', QOVERY_ENVIRONMENT: 'production', GITHUB_SHA: SHA },
      deploy,
    );
    expect(stdout).toContain(`Deploying api (${application()?.id}) at ${SHA.slice(0, 12)}`);
    expect(stdout).toMatch(/\d+ s {2}QUEUED|\d+ s {2}BUILDING/);
    expect(stdout).toContain('Deployed: DEPLOYED');
    expect(application()?.git_repository?.deployed_commit_id).toBe(SHA);
  }, 30_000);

  it('github-actions-deploy exits 1 naming the failed state, with the reason, hint and link from the logs', async () => {
    deploy.mock.failNext({
      applicationId: application()?.id as string,
      state: 'BUILD_ERROR',
      reason: {
        message: 'npm ci failed: package-lock.json is out of date',
        hint: 'Run npm install and commit the lock file',
        link: 'https://example.test/docs/lock-file',
        step: 'BUILD',
      },
    });
    const error = failed(
      await example(
        'github-actions-deploy.ts',
        [],
        { QOVERY_APPLICATION: 'api', QOVERY_ENVIRONMENT: 'production', GITHUB_SHA: SHA },
        deploy,
      ).catch((e: unknown) => e),
    );
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('Deployment failed: BUILD_ERROR');
    expect(error.stderr).toContain('  BUILD of api: npm ci failed: package-lock.json is out of date');
    expect(error.stderr).toContain('  hint: Run npm install and commit the lock file');
    expect(error.stderr).toContain('  see: https://example.test/docs/lock-file');
  }, 30_000);

  it('github-actions-deploy exits 1 listing where an ambiguous name is', async () => {
    const error = failed(
      await example('github-actions-deploy.ts', [], { QOVERY_APPLICATION: 'api', GITHUB_SHA: SHA }, deploy).catch(
        (e: unknown) => e,
      ),
    );
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('Backend/production/api');
    expect(error.stderr).toContain('Backend/staging/api');
  }, 30_000);

  it('monitor prints every service as JSON and exits 0 when none is in error', async () => {
    const { stdout } = await example('monitor.ts', [], {}, deploy);
    const report = JSON.parse(stdout) as { services: { name: string; status: string }[]; hasErrors: boolean };
    expect(report.hasErrors).toBe(false);
    expect(report.services.map((s) => `${s.name} ${s.status}`).sort()).toEqual([
      'api RUNNING',
      'api RUNNING',
      'db RUNNING',
      'db RUNNING',
      'migrate RUNNING',
      'redis RUNNING',
      'web RUNNING',
      'worker RUNNING',
    ]);
  }, 30_000);

  it('monitor exits 1 and names the service in error', async () => {
    const admin = new Qovery({ apiToken: deploy.mock.adminToken, baseUrl: deploy.url });
    const id = application()?.id as string;
    deploy.mock.failNext({ applicationId: id, state: 'DEPLOYMENT_ERROR' });
    const queued = await admin.applications.deploy(id, { gitCommitId: SHA });
    await admin.deployments
      .wait({ applicationId: id, deploymentRequestId: queued.deployment_request_id }, { interval: 100 })
      .catch(() => undefined);
    const error = failed(await example('monitor.ts', [], {}, deploy).catch((e: unknown) => e));
    expect(error.code).toBe(1);
    expect(JSON.parse(error.stdout).hasErrors).toBe(true);
    expect(error.stderr).toContain('ERROR: application Backend/production/api: DEPLOYMENT_ERROR');
  }, 30_000);

  it('monitor names a failed database, with its kind', async () => {
    const admin = new Qovery({ apiToken: deploy.mock.adminToken, baseUrl: deploy.url });
    const db = await admin.databases.find({ environment: 'staging', database: 'db' });
    deploy.mock.failNext({ serviceId: db.id, state: 'DEPLOYMENT_ERROR' });
    const queued = await admin.databases.deploy(db.id);
    await admin.deployments
      .wait({ databaseId: db.id, deploymentRequestId: queued.deployment_request_id }, { interval: 100 })
      .catch(() => undefined);
    const error = failed(await example('monitor.ts', [], {}, deploy).catch((e: unknown) => e));
    expect(error.code).toBe(1);
    const { services } = JSON.parse(error.stdout) as { services: { name: string; kind: string; status: string }[] };
    expect(services.filter((s) => s.status === 'ERROR')).toEqual([
      expect.objectContaining({ name: 'db', kind: 'database', environment: 'staging', state: 'DEPLOYMENT_ERROR' }),
    ]);
    expect(error.stderr).toBe('ERROR: database Backend/staging/db: DEPLOYMENT_ERROR\n');
  }, 30_000);
});

describe('preview environment example (examples/github-actions-preview.yml)', () => {
  let preview: QoveryMockServer;
  const SECRET = 'preview-api-key-0123456789-not-real';
  const PR = { PR_NUMBER: '123', PR_BRANCH: 'feature/login', PR_SHA: '4b825dc642cb6eb9a060e54bf8d69288fbee4904' };
  const outputs: string[] = [];

  beforeAll(async () => {
    preview = await startQoveryMockServer({
      ...DEPLOY_SCENE,
      lifecycle: { queuedMs: 100, buildingMs: 200, deployingMs: 100 },
    });
  });
  afterAll(async () => {
    await preview.close();
    for (const output of outputs) expect(output).not.toContain(SECRET);
  });

  const script = async (action: 'open' | 'close') => {
    const result = await example('preview-environment.ts', [action], { ...PR, PREVIEW_API_KEY: SECRET }, preview).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    outputs.push(result.stdout, result.stderr);
    return result as { stdout: string; stderr: string; code?: number };
  };
  const environment = () => preview.mock.state.environments.find((e) => e.name === 'pr-123');
  const snapshot = () =>
    JSON.stringify({
      environments: preview.mock.state.environments.map((e) => e.id),
      applications: preview.mock.state.applications.map((a) => [a.id, a.git_repository?.branch]),
      deployments: preview.mock.state.deployments.length,
      variables: preview.mock.state.variables.map((v) => [v.id, v.key, v.value]),
    });

  it('runs the script on pull requests: open while open, close once closed', () => {
    const workflow = parse(readFileSync('examples/github-actions-preview.yml', 'utf8')) as {
      on: { pull_request: { types: string[] } };
      jobs: { preview: { steps: { if?: string; run?: string }[] } };
    };
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    const runs = workflow.jobs.preview.steps.filter((step) => step.run?.includes('preview-environment.ts'));
    expect(runs.map((step) => [step.if, step.run])).toEqual([
      ["github.event.action != 'closed'", 'npx tsx examples/preview-environment.ts open'],
      ["github.event.action == 'closed'", 'npx tsx examples/preview-environment.ts close'],
    ]);
  });

  it('opens the preview: clone, branch, variable and secret, deploy, wait, link', async () => {
    const { stdout } = await script('open');
    expect(stdout).toContain('Cloned staging into pr-123');
    expect(stdout).toContain('api now builds feature/login');
    expect(stdout).toContain('PR_NUMBER created, API_KEY (secret) created');
    expect(stdout).toContain(`Deployed pr-123, api at ${PR.PR_SHA.slice(0, 12)}`);
    expect(stdout).toMatch(/Preview: https:\/\/\S+/);
    const created = environment();
    expect(created?.mode).toBe('PREVIEW');
    // One deployment request covered every service of the clone.
    const deployments = preview.mock.state.deployments.filter((d) => d.environmentId === created?.id);
    expect(deployments).toHaveLength(1);
    const inClone = (['applications', 'containers', 'jobs', 'databases', 'helms'] as const).flatMap((kind) =>
      preview.mock.state[kind].filter((s) => s.environment.id === created?.id).map((s) => s.id),
    );
    expect(deployments[0]?.services.map((s) => s.id).sort()).toEqual(inClone.sort());
    const api = preview.mock.state.applications.find((a) => a.environment.id === created?.id);
    expect(api?.git_repository).toMatchObject({ branch: 'feature/login', deployed_commit_id: PR.PR_SHA });
    expect(preview.mock.state.variables.find((v) => v.key === 'API_KEY')).toMatchObject({ value: SECRET });
  }, 60_000);

  it('changes nothing when run again, and says so', async () => {
    const before = snapshot();
    const { stdout } = await script('open');
    expect(stdout).toContain('Reusing pr-123');
    expect(stdout).toContain('PR_NUMBER unchanged');
    expect(stdout).toContain('api already runs 4b825dc642cb: nothing to deploy');
    expect(snapshot()).toBe(before);
  }, 60_000);

  it('deletes the preview and its services once the pull request is closed', async () => {
    const id = environment()?.id;
    const { stdout } = await script('close');
    expect(stdout).toContain('Deleted pr-123');
    expect(environment()).toBeUndefined();
    expect(preview.mock.state.applications.some((a) => a.environment.id === id)).toBe(false);
    expect(preview.mock.state.containers.some((c) => c.environment.id === id)).toBe(false);
  }, 60_000);
});

describe('serverless and codegen examples', () => {
  let scene: QoveryMockServer;
  beforeAll(async () => {
    scene = await startQoveryMockServer({ ...DEPLOY_SCENE });
  });
  afterAll(() => scene.close());

  it('serverless-handler reuses one client: the organization is looked up on the first invocation only', async () => {
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(compiled('serverless-handler.ts')).href)});
for (let i = 0; i < 3; i++) console.log(JSON.stringify(await handler()));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        QOVERY_API_URL: scene.url,
        QOVERY_API_TOKEN: scene.mock.adminToken,
        QOVERY_CLI_ACCESS_TOKEN: '',
      },
      timeout: 30_000,
    });
    const replies = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { statusCode: number; body: string });
    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const bodies = replies.map((r) => JSON.parse(r.body) as { projects: { name: string }[]; requestsLeft: number });
    expect(bodies[0]?.projects.map((p) => p.name)).toEqual(['Backend']);
    // 2 requests the first time (organization lookup + list), 1 on each warm invocation.
    const left = bodies.map((b) => b.requestsLeft);
    expect([(left[0] ?? 0) - (left[1] ?? 0), (left[1] ?? 0) - (left[2] ?? 0)]).toEqual([1, 1]);
  }, 30_000);

  it('codegen-escape-hatch walks the organization with typed calls by method and path', async () => {
    const { stdout } = await example('codegen-escape-hatch.ts', [], {}, scene);
    expect(stdout.trim().split('\n').sort()).toEqual([
      'Acme/Backend/production: DEPLOYED',
      'Acme/Backend/staging: DEPLOYED',
    ]);
  }, 30_000);

  it('check-webhook accepts a notice holding an application as the embedded API serves it, and names what is wrong', async () => {
    const application = scene.mock.state.applications[0];
    const notice = { event: 'deployed', at: '2026-12-06T10:00:00Z', application };
    const good = await run(process.execPath, [compiled('check-webhook.ts'), JSON.stringify(notice)], {
      timeout: 30_000,
    });
    expect(good.stdout.trim()).toBe(`deployed: ${application?.name} at 2026-12-06T10:00:00Z`);
    const broken = { ...notice, event: 'exploded', application: { ...application, id: 7 } };
    const bad = await run(process.execPath, [compiled('check-webhook.ts'), JSON.stringify(broken)], {
      timeout: 30_000,
    });
    expect(bad.stdout).toMatch(/^refused: event: .*; application\.id: .*expected string, received number/);
  }, 30_000);
});
