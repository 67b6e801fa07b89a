// What a deployment does, step by step, on the mock's clock: its stages (one per kind of service it
// covers), each service's steps (GIT_CLONE and BUILD for what builds from git, then DEPLOYMENT),
// and the log entries it writes as it goes (listEnvironmentLogs). Like every state of the mock, all
// of it is computed from the deployment's start, timings, outcome and cancellation at the clock's
// current time: nothing is stored, and nothing ticks.
//
// The timeline follows the phases of deployments.ts: after the queue, a pre-check; during the
// building phase, the builds of the services built from git, one after the other; during the last
// phase (deploying, stopping, restarting), each service in stage order. A failure ends the phase
// it belongs to on its failing step; a cancellation cuts the step under way.
import type { components } from '../../generated/qovery-api.js';
import { findService, type ServiceRef, sourceOf } from './kinds.js';
import type { DeploymentFailureReason, MockDeployment, MockServiceKind, MockState } from './state.js';

type Schemas = components['schemas'];
type StepName = string;
export type StepStatus = Schemas['StepMetricStatusEnum'];
export type StageStatus = Schemas['StageStatusEnum'];

/** The stages, in the order they deploy: the mock's own, one per kind of service. */
export const STAGES: readonly { kind: MockServiceKind; name: string; description: string }[] = [
  {
    kind: 'database',
    name: 'Databases',
    description: 'Brings up the databases first, so that what follows finds them',
  },
  { kind: 'job', name: 'Jobs', description: 'Runs the jobs, migrations among them, once the databases are up' },
  { kind: 'container', name: 'Containers', description: 'Rolls out the services run from an image' },
  { kind: 'application', name: 'Applications', description: 'Rolls out the services built from git' },
  { kind: 'helm', name: 'Helm charts', description: 'Installs or upgrades the helm charts last' },
];

/** How the log and its transmitters name each kind (`details.transmitter.type`). */
export const TRANSMITTER_TYPES: Readonly<Record<MockServiceKind, string>> = {
  application: 'Application',
  container: 'Container',
  job: 'Job',
  database: 'Database',
  helm: 'Helm',
};

/** The plain reasons of a failure asked without one. */
const DEFAULT_REASONS: Readonly<Record<string, string>> = {
  BUILD_ERROR: 'The build of the image failed',
  DEPLOYMENT_ERROR: 'The service did not start',
  STOP_ERROR: 'The service did not stop',
  RESTART_ERROR: 'The service did not restart',
};

export interface PlannedStep {
  name: StepName;
  start: number;
  end: number;
  /** Ends in the failure (its error entry is written at `end`). */
  fails: boolean;
  /** Cut short by a cancellation at `end`. */
  canceled: boolean;
}

export interface PlannedService {
  ref: ServiceRef;
  /** The steps that run, in order (those a failure or a cancellation prevents are left out). */
  steps: PlannedStep[];
  /** The steps it was meant to run, to tell a stage done from one cut short. */
  intended: number;
}

export interface PlannedStage {
  index: number;
  id: string;
  name: string;
  description: string;
  services: PlannedService[];
}

export interface Plan {
  deployment: MockDeployment;
  /** When the queue is over and the pre-check runs; undefined when it was cancelled before. */
  preCheckAt: number | undefined;
  stages: PlannedStage[];
  /** When it settles: the end of its last phase, or its cancellation. */
  end: number;
  /** When it was cancelled (by the route, or at the end of the queue by `failNext`). */
  canceledAt: number | undefined;
  reason: DeploymentFailureReason | undefined;
}

/** A stage's id: one per environment and stage, a UUID made of both. */
export const stageId = (environmentId: string, index: number): string =>
  `${environmentId.slice(0, 24)}${environmentId.slice(24, 32)}${index.toString(16).padStart(4, '0')}`;

/** The steps a service runs before it deploys: a clone and a build for what builds from git. */
function preparation(service: ServiceRef): StepName[] {
  if (service.kind === 'application') return ['GIT_CLONE', 'BUILD'];
  if (service.kind === 'job' && sourceOf(service).git) return ['GIT_CLONE', 'BUILD'];
  if (service.kind === 'helm' && sourceOf(service).git) return ['GIT_CLONE'];
  return [];
}

/** Lays `slots` (each service's steps) one after the other over [from, to), evenly. */
function lay(slots: { service: PlannedService; names: StepName[]; failing: boolean }[], from: number, to: number) {
  const share = slots.length === 0 ? 0 : (to - from) / slots.length;
  slots.forEach(({ service, names, failing }, i) => {
    const start = from + i * share;
    const each = names.length === 0 ? 0 : share / names.length;
    names.forEach((name, j) => {
      service.steps.push({
        name,
        start: start + j * each,
        end: start + (j + 1) * each,
        fails: failing && j === names.length - 1,
        canceled: false,
      });
    });
  });
}

/** The services a deployment covers that still exist, in its order. */
const coveredBy = (state: MockState, deployment: MockDeployment): ServiceRef[] =>
  deployment.services.flatMap(({ id, kind }) => findService(state, kind, id) ?? []);

const FAILURES_OF_BUILD = new Set(['BUILD_ERROR']);

/** The plan of a deployment: its stages, each service's steps and their times. */
export function planOf(state: MockState, deployment: MockDeployment): Plan {
  const { timings, startedAt, action, outcome } = deployment;
  const queueEnd = startedAt + timings.queuedMs;
  const services = coveredBy(state, deployment);
  const stages: PlannedStage[] = STAGES.flatMap((stage, index) => {
    const of = services.filter((s) => s.kind === stage.kind);
    if (of.length === 0) return [];
    return [
      {
        index,
        id: stageId(deployment.environmentId, index),
        name: stage.name,
        description: stage.description,
        services: of.map((ref) => ({ ref, steps: [], intended: 0 })),
      },
    ];
  });
  const ordered = stages.flatMap((stage) => stage.services);
  const failed = outcome !== 'CANCELED' && outcome !== 'DEPLOYED' && outcome !== 'STOPPED' && outcome !== 'RESTARTED';
  const buildFailure = failed && FAILURES_OF_BUILD.has(outcome);
  const reason: DeploymentFailureReason | undefined = failed
    ? (deployment.failure?.reason ?? { message: DEFAULT_REASONS[outcome] ?? 'The deployment failed' })
    : undefined;
  const failingStep = reason?.step ?? (buildFailure ? 'BUILD' : 'DEPLOYMENT');
  const named = deployment.failure?.serviceId;
  const failing = failed
    ? (ordered.find((s) => s.ref.record.id === named) ??
      (buildFailure ? ordered.find((s) => preparation(s.ref).length > 0) : undefined) ??
      ordered[0])
    : undefined;

  // The building phase: each service built from git, in stage order; a build failure ends it.
  let lastEnd = queueEnd;
  if (action === 'DEPLOY') {
    const buildEnd = queueEnd + timings.buildingMs;
    let builders = ordered.filter((s) => preparation(s.ref).length > 0);
    if (buildFailure && failing) {
      const at = builders.indexOf(failing);
      builders = at < 0 ? [...builders, failing] : builders.slice(0, at + 1);
    }
    lay(
      builders.map((service) => {
        const names = preparation(service.ref);
        const failingHere = buildFailure && service === failing;
        if (!failingHere) return { service, names, failing: false };
        const cut = names.indexOf(failingStep);
        return { service, names: cut < 0 ? [...names, failingStep] : names.slice(0, cut + 1), failing: true };
      }),
      queueEnd,
      buildEnd,
    );
    lastEnd = buildEnd;
  }
  // The last phase: each service in stage order, up to the one that fails.
  if (!buildFailure) {
    const from = lastEnd;
    const to = from + timings.deployingMs;
    const reached = failing ? ordered.slice(0, ordered.indexOf(failing) + 1) : ordered;
    lay(
      reached.map((service) => ({
        service,
        names: [service === failing ? failingStep : 'DEPLOYMENT'],
        failing: service === failing,
      })),
      from,
      to,
    );
    lastEnd = to;
  }
  for (const service of ordered) service.intended = preparation(service.ref).length + 1;

  // A cancellation: by the route at its time, by failNext as the queue ends.
  const canceledAt = deployment.canceledAt ?? (outcome === 'CANCELED' ? queueEnd : undefined);
  if (canceledAt !== undefined) {
    for (const service of ordered) {
      service.steps = service.steps
        .filter((step) => step.start < canceledAt)
        .map((step) => (step.end > canceledAt ? { ...step, end: canceledAt, canceled: true, fails: false } : step));
    }
  }
  return {
    deployment,
    preCheckAt: canceledAt !== undefined && canceledAt <= queueEnd ? undefined : queueEnd,
    stages,
    end: canceledAt ?? lastEnd,
    canceledAt,
    reason: canceledAt === undefined ? reason : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Steps and stages at a moment.
// ---------------------------------------------------------------------------------------------

/** A step as a status shows it at `now`: undefined before it starts; a running one has no status yet. */
function stepAt(step: PlannedStep, now: number): Schemas['ServiceStepMetric'] | undefined {
  if (now < step.start) return undefined;
  const running = now < step.end;
  const status: StepStatus | undefined = running
    ? undefined
    : step.fails
      ? 'ERROR'
      : step.canceled
        ? 'CANCEL'
        : 'SUCCESS';
  return {
    step_name: step.name as Schemas['ServiceStepMetricNameEnum'],
    ...(status && { status }),
    duration_sec: Math.round((Math.min(now, step.end) - step.start) / 1000),
  };
}

/** A service's steps at `now`, as a Status's `steps` (ServiceStepMetrics): the one under way last. */
export function stepsAt(service: PlannedService, now: number): Schemas['ServiceStepMetrics'] {
  const details = service.steps.flatMap((step) => stepAt(step, now) ?? []);
  const seconds = details.reduce((sum, step) => sum + (step.duration_sec ?? 0), 0);
  const first = service.steps[0];
  const last = service.steps.filter((step) => step.start <= now).at(-1);
  return {
    total_duration_sec: first && last ? Math.round((Math.min(now, last.end) - first.start) / 1000) : 0,
    total_computing_duration_sec: seconds,
    details,
  };
}

/** The step under way at `now`, in any service of the plan. */
function stepUnderWay(plan: Plan, now: number): { stage: PlannedStage; service: PlannedService } | undefined {
  for (const stage of plan.stages) {
    for (const service of stage.services) {
      if (service.steps.some((step) => step.start <= now && now < step.end)) return { stage, service };
    }
  }
  return undefined;
}

const ended = (service: PlannedService, now: number) =>
  service.steps.length === service.intended && service.steps.every((step) => step.end <= now && !step.canceled);

/**
 * Each stage's status at `now`: QUEUED until it runs; exactly one ONGOING while the deployment
 * runs (the stage of the step under way, else the first not done); once settled, DONE, ERROR (the
 * failing step's), CANCELED or SKIPPED (never reached after a failure).
 */
export function stageStatuses(plan: Plan, now: number): Map<PlannedStage, StageStatus> {
  const statuses = new Map<PlannedStage, StageStatus>();
  const settled = now >= plan.end;
  const running = !settled && plan.preCheckAt !== undefined && now >= plan.preCheckAt;
  const ongoing = running
    ? (stepUnderWay(plan, now)?.stage ??
      plan.stages.find((stage) => !stage.services.every((service) => ended(service, now))))
    : undefined;
  for (const stage of plan.stages) {
    const done = stage.services.every((service) => ended(service, now));
    const failed = stage.services.some((service) => service.steps.some((step) => step.fails && step.end <= now));
    let status: StageStatus;
    if (failed) status = 'ERROR';
    else if (stage === ongoing) status = 'ONGOING';
    else if (done) status = 'DONE';
    else if (!settled) status = 'QUEUED';
    else status = plan.canceledAt !== undefined ? 'CANCELED' : 'SKIPPED';
    statuses.set(stage, status);
  }
  return statuses;
}

/** Seconds a stage has run by `now`: from its first step's start to its last step's end. */
export function stageSeconds(stage: PlannedStage, now: number): number {
  const steps = stage.services.flatMap((service) => service.steps).filter((step) => step.start <= now);
  if (steps.length === 0) return 0;
  const from = Math.min(...steps.map((step) => step.start));
  const to = Math.max(...steps.map((step) => Math.min(now, step.end)));
  return Math.round((to - from) / 1000);
}

/** The planned service of this id, with its stage. */
export function plannedService(plan: Plan, serviceId: string): PlannedService | undefined {
  return plan.stages.flatMap((stage) => stage.services).find((service) => service.ref.record.id === serviceId);
}

// ---------------------------------------------------------------------------------------------
// Log entries.
// ---------------------------------------------------------------------------------------------

export type LogEntry = Schemas['EnvironmentLogs'];

const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();

/** What each step says as it starts and as it ends well, in the mock's words. */
function stepLines(service: ServiceRef, step: StepName, deployment: MockDeployment): [string, string] {
  const name = service.record.name;
  const entry = deployment.services.find((s) => s.id === service.record.id);
  const version = entry?.gitCommitId?.slice(0, 7) ?? entry?.imageTag ?? entry?.chartVersion;
  switch (step) {
    case 'GIT_CLONE':
      return [`Fetching the sources of ${name} at ${version ?? 'the branch head'}`, `Sources of ${name} fetched`];
    case 'BUILD':
      return [`Building the image of ${name}`, `Image of ${name} built and pushed to the registry`];
    default:
      if (deployment.action === 'STOP') return [`Stopping ${name}`, `${name} is stopped`];
      if (deployment.action === 'RESTART') return [`Restarting ${name}`, `${name} restarted and healthy`];
      return [
        `Rolling out ${name}${version ? ` (${version})` : ''}`,
        `${name} is up: every instance passed its health checks`,
      ];
  }
}

/**
 * Every entry the deployment has written by `now`, oldest first: the pre-check, the plan of its
 * stages, a line as each step starts and as it ends (or its error), and how it ended.
 */
export function logEntriesAt(state: MockState, plan: Plan, now: number): LogEntry[] {
  const { deployment } = plan;
  const environment = state.environments.find((e) => e.id === deployment.environmentId);
  const written: { at: number; entry: LogEntry }[] = [];
  const write = (
    at: number,
    transmitter: { id: string; name: string; type: string },
    stage: { name: string | null; id: string | null; step?: string },
    body: { message: string } | { error: DeploymentFailureReason; tag: string },
  ) => {
    if (at > now) return;
    written.push({
      at,
      entry: {
        type: 'error' in body ? 'Error' : 'Info',
        timestamp: iso(at),
        details: {
          organization_id: environment?.organization.id,
          cluster_id: environment?.cluster_id,
          execution_id: deployment.executionId,
          transmitter,
          stage,
        },
        ...('error' in body
          ? {
              message: null,
              error: {
                tag: body.tag,
                user_log_message: body.error.message,
                ...(body.error.hint !== undefined && { hint_message: body.error.hint }),
                ...(body.error.link !== undefined && { link: body.error.link }),
              },
            }
          : { message: { safe_message: body.message }, error: null }),
      } as LogEntry,
    });
  };
  const self = { id: deployment.environmentId, name: environment?.name ?? '', type: 'Environment' };
  const noStage = { name: null, id: null };
  const what = deployment.action === 'DEPLOY' ? 'deployment' : deployment.action === 'STOP' ? 'stop' : 'restart';
  if (plan.preCheckAt !== undefined) {
    const at = plan.preCheckAt;
    write(at, self, noStage, { message: `Checking that the cluster can take the ${what}` });
    write(at, self, noStage, { message: 'Pre-check passed' });
    for (const stage of plan.stages) {
      const names = stage.services.map((s) => s.ref.record.name).join(', ');
      write(at, self, { name: stage.name, id: stage.id }, { message: `Stage ${stage.name}: ${names}` });
    }
  }
  // Steps in time order across services (builds come before the deploys of earlier stages).
  const steps = plan.stages
    .flatMap((stage) => stage.services.flatMap((service) => service.steps.map((step) => ({ stage, service, step }))))
    .sort((a, b) => a.step.start - b.step.start);
  for (const { stage, service, step } of steps) {
    const transmitter = {
      id: service.ref.record.id,
      name: service.ref.record.name,
      type: TRANSMITTER_TYPES[service.ref.kind],
    };
    const where = { name: stage.name, id: stage.id, step: step.name };
    const [starts, ends] = stepLines(service.ref, step.name, deployment);
    write(step.start, transmitter, where, { message: starts });
    if (step.fails && plan.reason) write(step.end, transmitter, where, { error: plan.reason, tag: deployment.outcome });
    else if (step.canceled)
      write(step.end, transmitter, where, { message: `${step.name} of ${service.ref.record.name} stopped: cancelled` });
    else write(step.end, transmitter, where, { message: ends });
  }
  if (plan.canceledAt !== undefined) {
    write(plan.canceledAt, self, noStage, { message: `The ${what} was cancelled` });
  } else if (plan.reason) {
    write(plan.end, self, noStage, { message: `The ${what} failed: ${deployment.outcome}` });
  } else {
    write(plan.end, self, noStage, { message: `The ${what} is over: every service succeeded` });
  }
  return written.sort((a, b) => a.at - b.at).map(({ entry }) => entry);
}
