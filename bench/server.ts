// A loopback HTTP server answering like Qovery does: keep-alive, a ~1 KB JSON body, the
// X-RateLimit-* headers. Every bench talks to this, so all clients pay the same network cost.
import { createServer, type Server } from 'node:http';

export const BENCH_TOKEN = 'qov_BENCH_FAKE_TOKEN_00000000000000000000';
export const ORGANIZATION_ID = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00';

const organization = {
  id: ORGANIZATION_ID,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-06-01T12:00:00.000Z',
  name: 'Acme Corporation',
  description: 'The organization behind the benchmarks, with enough text to look like a real one.',
  plan: 'TEAM_2025',
  website_url: 'https://acme.example',
  repository: 'https://github.com/acme/platform',
  logo_url: 'https://acme.example/logo.png',
  icon_url: 'https://acme.example/icon.png',
  admin_emails: ['ops@acme.example', 'cto@acme.example'],
  owner: '7c4a2f1e-9b3d-4e8f-a1c2-5d6e7f8a9b0c',
  billing_deployment_restriction: null,
  organization_plan: { plan: 'TEAM_2025', audit_logs_retention_in_days: 30 },
};
/** GET /organization answers this (about 1 KB); GET /organization/{id} answers the organization. */
export const LIST_BODY = JSON.stringify({
  results: [organization, { ...organization, id: '1b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00', name: 'Acme Labs' }],
});
const ONE_BODY = JSON.stringify(organization);

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

export async function startBenchServer(): Promise<BenchServer> {
  const server: Server = createServer((request, response) => {
    const body = request.url === '/organization' ? LIST_BODY : ONE_BODY;
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 3_600_000) * 3600),
    });
    response.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One line of the results table. */
export interface Row {
  /** What is measured, e.g. "per call, sequential". */
  metric: string;
  /** Who: "raw fetch", "qovery (validation on)", "qovery-typescript-axios", … */
  subject: string;
  value: number;
  unit: string;
  /** value / the baseline's value in the same metric (raw fetch where there is one). */
  ratio?: number;
  /** The budget for this subject and metric, in `unit`, if any. */
  budget?: number;
}

/**
 * The same server in a child process, as the real API is in another process: the client's own
 * cost is then measured apart from the server's work on the same event loop.
 */
export async function startBenchServerProcess(): Promise<BenchServer> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve'], {
    // stdin stays open as a lifeline: when this process ends, however it ends, the server does too.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

if (process.argv.includes('--serve') && import.meta.url === `file://${process.argv[1]}`) {
  const server = await startBenchServer();
  process.stdin.on('end', () => process.exit(0)).resume();
  process.stdout.write(`${server.url}\n`);
}
