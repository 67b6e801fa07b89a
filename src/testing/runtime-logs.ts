// The runtime log lines the services of a scene write while they run, as the gateway's
// /service/logs streams them (ServiceLogResponseDto). Like the deployment lifecycle, they follow
// from the state and the clock when read: a running pod writes a line a second, nothing ticks.
import { progress } from './deployments.js';
import { deployedVersion, type ServiceRef } from './kinds.js';
import type { MockDeployment, MockServiceVersion, MockState } from './state.js';

/** One runtime log line of a service, as the gateway's /service/logs sends it (ServiceLogResponseDto). */
export interface ServiceLogLine {
  /** When it was written, in milliseconds since the epoch. */
  created_at: number;
  /** The pod that wrote it: `app-z<8 hex of the service id>-<rollout hash>-<pod hash>`. */
  pod_name: string;
  /** The container in the pod: the service's name. */
  container_name: string;
  /** The line. */
  message: string;
  /** The version the pod runs: a commit id, an image tag or a chart version. */
  version: string;
  /** `INFO`, `WARN` or `ERROR`. */
  severity_text: string;
  /** The pod's labels. */
  labels: Record<string, string>;
  /** Whether Kubernetes wrote it (a pod's start) rather than the service. */
  from_kube: boolean;
}

/** How far back the services the mock was seeded with have been running. */
export const SEEDED_RUNTIME_MS = 3_600_000;
const SECOND = 1000;

/** A period a service ran one rollout: its pods, the version they run and when they ran. */
interface Run {
  from: number;
  /** Exclusive; Infinity while it still runs. */
  to: number;
  /** What the rollout's hash is made from: the deployment that started it, or the seed. */
  rollout: string;
  /** The deployment that started it, for `deployment_id`. */
  deployment?: MockDeployment;
  version: string;
}

/** A short, stable hash of a string, in Kubernetes' alphabet (lower case letters and digits). */
function hash(text: string, length: number): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  let out = '';
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (h >>> 13), 2246822507) >>> 0;
    out += 'bcdfghjklmnpqrstvwxz2456789'[h % 27];
  }
  return out;
}

const versionText = (version: MockServiceVersion | undefined): string =>
  version?.gitCommitId ?? version?.imageTag ?? version?.chartVersion ?? 'unknown';

/** How many pods a service runs: its minimum instances (applications, containers), else one. */
function podCount(service: ServiceRef): number {
  const record = service.record as { min_running_instances?: number };
  return Math.min(Math.max(record.min_running_instances ?? 1, 1), 3);
}

/**
 * When the service ran, oldest first. Services seeded deployed have run since `seededAt` minus
 * an hour; each deploy or restart that succeeded rolls out new pods at its end; a stop that
 * succeeded ends the run. Failed and cancelled actions leave the pods running as they were. Jobs
 * run to completion rather than serve, and write none.
 */
function runsOf(state: MockState, service: ServiceRef, seeded: ReadonlySet<string>, seededAt: number, now: number) {
  if (service.kind === 'job') return [];
  const id = service.record.id;
  const start = seededAt - SEEDED_RUNTIME_MS;
  const runs: Run[] = [];
  let current: Run | undefined = seeded.has(id)
    ? {
        from: start,
        to: Number.POSITIVE_INFINITY,
        rollout: `seed-${id}`,
        version: versionText(deployedVersion(service)),
      }
    : undefined;
  const ended = state.deployments
    .filter((d) => d.services.some((s) => s.id === id))
    .map((deployment) => ({ deployment, at: progress(deployment, now) }))
    .filter(({ at }) => at.settled)
    .sort((a, b) => a.at.since - b.at.since);
  for (const { deployment, at } of ended) {
    const succeeded = at.state === 'DEPLOYED' || at.state === 'RESTARTED' || at.state === 'STOPPED';
    // Before the seeded hour: what the seeded pods run already.
    if (!succeeded || at.since < start) continue;
    if (current) runs.push({ ...current, to: at.since });
    const entry = deployment.services.find((s) => s.id === id);
    current =
      at.state === 'STOPPED'
        ? undefined
        : {
            from: at.since,
            to: Number.POSITIVE_INFINITY,
            rollout: deployment.id,
            deployment,
            version: at.state === 'RESTARTED' && current ? current.version : versionText(entry),
          };
  }
  if (current) runs.push(current);
  return runs;
}

/** What a pod says at its k-th second (k ≥ 1), deterministic. */
function said(name: string, k: number): { message: string; severity: string } {
  if (k === 1) return { message: `${name} listening on 0.0.0.0:8080`, severity: 'INFO' };
  if (k % 60 === 0)
    return { message: `slow request: GET /api/report took ${1000 + (k % 7) * 113}ms`, severity: 'WARN' };
  if (k % 97 === 0) return { message: 'upstream connection reset, retrying', severity: 'ERROR' };
  const paths = ['/healthz', '/api/items', '/api/items/42', '/metrics'];
  return { message: `GET ${paths[k % paths.length]} 200 ${2 + (k % 11)}ms`, severity: 'INFO' };
}

/** What to read of a service's lines. */
export interface LogWindow {
  /** Lines written at or after this time (ms). */
  from: number;
  /** Lines written at or before this time (ms). */
  to: number;
  /** Only this pod's. */
  podName?: string;
  /** Only those of pods the deployment (its request id or execution id) rolled out. */
  deploymentId?: string;
  /** Only lines whose message contains this text. */
  query?: string;
}

/**
 * Reads a service's runtime log lines over time: `seeded` holds the services the mock was seeded
 * running, at `seededAt` on its clock.
 */
export function serviceLogLines(
  state: MockState,
  service: ServiceRef,
  seeded: ReadonlySet<string>,
  seededAt: number,
  now: number,
  window: LogWindow,
): ServiceLogLine[] {
  const { record } = service;
  const short = `app-z${record.id.slice(0, 8)}`;
  const pods = podCount(service);
  const lines: ServiceLogLine[] = [];
  for (const run of runsOf(state, service, seeded, seededAt, now)) {
    if (
      window.deploymentId !== undefined &&
      run.deployment?.id !== window.deploymentId &&
      run.deployment?.executionId !== window.deploymentId
    )
      continue;
    const replicaSet = hash(run.rollout, 9);
    for (let pod = 0; pod < pods; pod++) {
      const podName = `${short}-${replicaSet}-${hash(`${run.rollout}/${pod}`, 5)}`;
      if (window.podName !== undefined && window.podName !== podName) continue;
      // A pod writes at its start (Kubernetes' line), then a line a second, staggered by pod.
      const offset = pod * 37;
      const first = Math.max(0, Math.ceil((window.from - run.from - offset) / SECOND));
      const last = Math.floor((Math.min(window.to, run.to - 1) - run.from - offset) / SECOND);
      for (let k = first; k <= last; k++) {
        const spoken =
          k === 0 ? { message: `Started container ${record.name}`, severity: 'INFO' } : said(record.name, k);
        if (window.query !== undefined && !spoken.message.includes(window.query)) continue;
        lines.push({
          created_at: run.from + offset + k * SECOND,
          pod_name: podName,
          container_name: record.name,
          message: spoken.message,
          version: run.version,
          severity_text: spoken.severity,
          labels: {
            'qovery.com/service-id': record.id,
            'qovery.com/environment-id': record.environment.id,
            'app.kubernetes.io/name': record.name,
          },
          from_kube: k === 0,
        });
      }
    }
  }
  return lines.sort((a, b) => a.created_at - b.created_at || a.pod_name.localeCompare(b.pod_name));
}

/**
 * The last `limit` lines written at or after `from` (all of them without a limit) up to `now`:
 * the window widens back from `now` until it holds enough lines or reaches `from`.
 */
export function lastServiceLogLines(
  read: (window: { from: number; to: number }) => ServiceLogLine[],
  from: number,
  now: number,
  limit: number,
): ServiceLogLine[] {
  let span = Math.max(limit, 1) * SECOND;
  for (;;) {
    const start = Math.max(from, now - span);
    const lines = read({ from: start, to: now });
    if (lines.length >= limit || start === from || span > 400 * 24 * 3600 * SECOND) return lines.slice(-limit);
    span *= 4;
  }
}
