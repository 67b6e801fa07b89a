// The deployment lifecycle of the mock and the shapes it answers with (statuses, histories). Every
// state is computed from a deployment's start, phase timings and outcome at the clock's current
// time, so tests move the clock instead of waiting, and nothing runs in the background.
import type { components } from '../../generated/qovery-api.js';
import {
  type LogEntry,
  logEntriesAt,
  type Plan,
  plannedService,
  planOf,
  STAGES,
  stageId,
  stageSeconds,
  stageStatuses,
  stepsAt,
} from './deployment-plan.js';
import {
  deployedVersion,
  findService,
  installVersion,
  KINDS,
  refOf,
  type ServiceRef,
  sameVersion,
  servicesIn,
  sourceOf,
} from './kinds.js';
import type {
  DeploymentAction,
  DeploymentFailure,
  DeploymentOutcome,
  LifecycleTimings,
  MockDeployment,
  MockServiceKind,
  MockState,
} from './state.js';

type Schemas = components['schemas'];
type State = Schemas['StateEnum'];
type Application = Schemas['Application'];
type Environment = Schemas['Environment'];
/** What the two action-status enums (ServiceActionStatusEnum, DeploymentHistoryActionStatus) share. */
type ActionStatus = 'QUEUED' | 'ONGOING' | 'SUCCESS' | 'ERROR' | 'CANCELED';

export const DEFAULT_LIFECYCLE: LifecycleTimings = { queuedMs: 1000, buildingMs: 3000, deployingMs: 2000 };

/**
 * Each action's phases, in order, with the timing each lasts, and after how many phases each way
 * of ending is reached: a build error once building is over, a cancellation as soon as it leaves
 * the queue.
 */
const ACTIONS: Record<
  DeploymentAction,
  {
    phases: [State, keyof LifecycleTimings][];
    success: DeploymentOutcome;
    failures: Partial<Record<DeploymentOutcome, number>>;
  }
> = {
  DEPLOY: {
    phases: [
      ['QUEUED', 'queuedMs'],
      ['BUILDING', 'buildingMs'],
      ['DEPLOYING', 'deployingMs'],
    ],
    success: 'DEPLOYED',
    failures: { CANCELED: 1, BUILD_ERROR: 2, DEPLOYMENT_ERROR: 3 },
  },
  STOP: {
    phases: [
      ['STOP_QUEUED', 'queuedMs'],
      ['STOPPING', 'deployingMs'],
    ],
    success: 'STOPPED',
    failures: { CANCELED: 1, STOP_ERROR: 2 },
  },
  RESTART: {
    phases: [
      ['RESTART_QUEUED', 'queuedMs'],
      ['RESTARTING', 'deployingMs'],
    ],
    success: 'RESTARTED',
    failures: { CANCELED: 1, RESTART_ERROR: 2 },
  },
};

const QUEUED_STATES = new Set<State>(Object.values(ACTIONS).map((a) => a.phases[0]?.[0] ?? 'QUEUED'));
const FAILURES = new Set<State>(Object.values(ACTIONS).flatMap((a) => Object.keys(a.failures) as State[]));
const RUNNING = new Set<State>(Object.values(ACTIONS).flatMap((a) => a.phases.map(([state]) => state)));

export const successOf = (action: DeploymentAction): DeploymentOutcome => ACTIONS[action].success;

/** Whether a failure asked with `failNext` can end this action (a build error cannot end a stop). */
export const canEnd = (action: DeploymentAction, failure: DeploymentFailure): boolean =>
  ACTIONS[action].failures[failure] !== undefined;

export interface Progress {
  state: State;
  settled: boolean;
  /** When the current state began. */
  since: number;
}

/** Where a deployment is at `now`: phases are half-open, so at exactly 1000 ms a 1000 ms queue is over. */
export function progress(deployment: MockDeployment, now: number): Progress {
  const { phases, failures } = ACTIONS[deployment.action];
  const cut = deployment.canceledAt;
  // A cancelled one runs its phases until the cancellation, and is CANCELED from then on.
  const run = cut !== undefined ? phases : phases.slice(0, failures[deployment.outcome] ?? phases.length);
  let since = deployment.startedAt;
  for (const [state, timing] of run) {
    const end = since + deployment.timings[timing];
    if (cut !== undefined && cut <= end) {
      return now < cut ? { state, settled: false, since } : { state: 'CANCELED', settled: true, since: cut };
    }
    if (now < end) return { state, settled: false, since };
    since = end;
  }
  return { state: deployment.outcome, settled: true, since };
}

export const isSettled = (deployment: MockDeployment, now: number): boolean => progress(deployment, now).settled;

function actionStatus(deployment: MockDeployment, at: Progress): ActionStatus {
  if (!at.settled) return QUEUED_STATES.has(at.state) ? 'QUEUED' : 'ONGOING';
  if (deployment.outcome === 'CANCELED') return 'CANCELED';
  return deployment.outcome === successOf(deployment.action) ? 'SUCCESS' : 'ERROR';
}

const iso = (ms: number) => new Date(ms).toISOString();
/** ISO 8601 duration from the start to now, or to the end once settled. */
const duration = (deployment: MockDeployment, at: Progress, now: number) =>
  `PT${((at.settled ? at.since : now) - deployment.startedAt) / 1000}S`;

/** Newest first; among requests made at the same instant, the later one first. */
const newestFirst = (deployments: MockDeployment[]) =>
  [...deployments].reverse().sort((a, b) => b.startedAt - a.startedAt);

export const deploymentsOfService = (state: MockState, serviceId: string): MockDeployment[] =>
  newestFirst(state.deployments.filter((d) => d.services.some((s) => s.id === serviceId)));

export const deploymentsOfEnvironment = (state: MockState, environmentId: string): MockDeployment[] =>
  newestFirst(state.deployments.filter((d) => d.environmentId === environmentId));

/** What the deployment does to this service: its entry, with the version it deploys. */
const entryFor = (deployment: MockDeployment, serviceId: string) => deployment.services.find((s) => s.id === serviceId);

/** The commit a deployment deploys, as histories show it; null for a service not built from git. */
function commit(
  deployment: MockDeployment,
  id: string | undefined,
  repository: Schemas['ApplicationGitRepository'] | undefined,
): Schemas['Commit'] {
  if (id === undefined) return null;
  const page = repository?.url.replace(/\.git$/, '');
  return {
    git_commit_id: id,
    created_at: iso(deployment.startedAt),
    author_name: 'Mock Developer',
    message: `Change ${id.slice(0, 7)}`,
    tag: '',
    ...(page === undefined ? {} : { commit_page_url: `${page}/commit/${id}` }),
  };
}

/**
 * Makes the effects of deployments that have settled since the last call visible in the state: a
 * successful deploy moves each service's deployed version (a service never deployed is now). `applied` remembers which are done.
 */
export function applySettled(state: MockState, now: number, applied: Set<string>): void {
  for (const deployment of state.deployments) {
    if (applied.has(deployment.id) || !isSettled(deployment, now)) continue;
    applied.add(deployment.id);
    if (deployment.action !== 'DEPLOY' || deployment.outcome !== 'DEPLOYED') continue;
    for (const entry of deployment.services) {
      const service = findService(state, entry.kind, entry.id);
      if (service) installVersion(service, entry, iso(deployment.startedAt));
    }
    const deployed = new Set(deployment.services.map((s) => s.id));
    state.neverDeployed = state.neverDeployed.filter((id) => !deployed.has(id));
  }
}

// ---------------------------------------------------------------------------------------------
// Statuses.
// ---------------------------------------------------------------------------------------------

/** A Status from the deployments covering a service, newest first. */
function serviceStatus(
  id: string,
  history: MockDeployment[],
  now: number,
  facts: { deployed: boolean; outOfDate: boolean; partOfLast: boolean; steps?: Schemas['ServiceStepMetrics'] },
): Schemas['Status'] {
  const latest = history[0];
  const deploymentStatus = facts.deployed ? (facts.outOfDate ? 'OUT_OF_DATE' : 'UP_TO_DATE') : 'NEVER_DEPLOYED';
  if (!latest) {
    // Seeded without history: running (or never deployed), with no request to point at.
    return {
      id,
      state: facts.deployed ? 'DEPLOYED' : 'READY',
      service_deployment_status: deploymentStatus,
      is_part_last_deployment: false,
      status_details: { action: 'DEPLOY', status: facts.deployed ? 'SUCCESS' : 'NEVER', sub_action: 'NONE' },
      deployment_request_id: null,
      deployment_requests_count: 0,
    };
  }
  const at = progress(latest, now);
  return {
    id,
    state: at.state,
    service_deployment_status: deploymentStatus,
    last_deployment_date: iso(latest.startedAt),
    is_part_last_deployment: facts.partOfLast,
    execution_id: latest.executionId,
    status_details: { action: latest.action, status: actionStatus(latest, at), sub_action: 'NONE' },
    deployment_request_id: latest.id,
    deployment_requests_count: history.filter((d) => !isSettled(d, now)).length,
    ...(facts.steps && { steps: facts.steps }),
  };
}

/**
 * A service's Status, whatever its kind. Its `steps` (those of its latest deployment, the one under
 * way last) only `withSteps`, as in the stages' view: elsewhere the real API sends them null.
 */
export function serviceStatusOf(
  state: MockState,
  service: ServiceRef,
  now: number,
  withSteps = false,
): Schemas['Status'] {
  const { id } = service.record;
  const history = deploymentsOfService(state, id);
  const latest = history[0];
  const deployed = deployedVersion(service);
  const lastOfEnvironment = deploymentsOfEnvironment(state, service.record.environment.id)[0];
  // Its steps in its latest deployment, the one under way last.
  const planned = withSteps && latest ? plannedService(planOf(state, latest), id) : undefined;
  return serviceStatus(id, history, now, {
    ...(planned && { steps: stepsAt(planned, now) }),
    deployed: deployed !== undefined && !state.neverDeployed.includes(id),
    // A deploy of another version that is still running, or failed, leaves the service behind.
    outOfDate: latest?.action === 'DEPLOY' && !sameVersion(entryFor(latest, id), deployed),
    partOfLast: lastOfEnvironment?.services.some((s) => s.id === id) ?? false,
  });
}

/**
 * An environment's state from its services': whatever is running first (a poller must not stop
 * on an old failure while a new action runs), then a failure, then STOPPED when all are stopped.
 */
function aggregate(states: State[]): State {
  return (
    states.find((s) => RUNNING.has(s)) ??
    states.find((s) => FAILURES.has(s)) ??
    (states.length > 0 && states.every((s) => s === 'STOPPED') ? 'STOPPED' : undefined) ??
    (states.every((s) => s === 'READY') ? 'READY' : 'DEPLOYED')
  );
}

type EnvironmentFacts = ReturnType<typeof environmentFacts>;

function environmentFacts(state: MockState, environment: Environment, now: number) {
  const services = servicesIn(state, environment.id).map((service) => ({
    kind: service.kind,
    status: serviceStatusOf(state, service, now),
  }));
  const statuses = services.map((s) => s.status);
  const history = deploymentsOfEnvironment(state, environment.id);
  const latest = history[0];
  const last = latest && progress(latest, now);
  // An environment without services has only its own requests to show.
  const states = statuses.length > 0 ? statuses.map((s) => s.state) : last ? [last.state] : [];
  const deploymentStatus = deploymentStatusOf(statuses);
  const ofKind = (kind: MockServiceKind) => services.filter((s) => s.kind === kind).map((s) => s.status);
  return { environment, ofKind, history, latest, last, state: aggregate(states), deploymentStatus };
}

/** Out of date when any service is, up to date when any is deployed. */
function deploymentStatusOf(statuses: Schemas['Status'][]): Schemas['EnvironmentDeploymentStatusEnum'] {
  const has = (value: Schemas['ServiceDeploymentStatusEnum']) =>
    statuses.some((s) => s.service_deployment_status === value);
  if (has('OUT_OF_DATE')) return 'OUT_OF_DATE';
  return has('UP_TO_DATE') ? 'UP_TO_DATE' : 'NEVER_DEPLOYED';
}

function environmentStatusOf(facts: EnvironmentFacts): Schemas['EnvironmentStatus'] {
  const { latest, last } = facts;
  return {
    id: facts.environment.id,
    state: facts.state,
    last_deployment_date: latest ? iso(latest.startedAt) : null,
    last_deployment_state: last?.state ?? facts.state,
    last_deployment_id: latest?.executionId ?? null,
    total_deployment_duration_in_seconds:
      latest && last?.settled ? Math.round((last.since - latest.startedAt) / 1000) : null,
    origin: latest ? 'API' : null,
    triggered_by: latest?.triggeredBy ?? null,
    deployment_status: facts.deploymentStatus,
    deployment_request_id: latest?.id ?? null,
  };
}

export const environmentStatus = (state: MockState, environment: Environment, now: number) =>
  environmentStatusOf(environmentFacts(state, environment, now));

/** The Status deployEnvironment answers: the environment seen as one service. */
export function environmentAsService(state: MockState, environment: Environment, now: number): Schemas['Status'] {
  const { history, deploymentStatus } = environmentFacts(state, environment, now);
  return serviceStatus(environment.id, history, now, {
    deployed: deploymentStatus !== 'NEVER_DEPLOYED',
    outOfDate: deploymentStatus === 'OUT_OF_DATE',
    partOfLast: true,
  });
}

export function environmentStatuses(
  state: MockState,
  environment: Environment,
  now: number,
): Schemas['EnvironmentStatuses'] {
  const { ofKind, ...facts } = environmentFacts(state, environment, now);
  return {
    environment: environmentStatusOf({ ofKind, ...facts }),
    applications: ofKind('application'),
    containers: ofKind('container'),
    jobs: ofKind('job'),
    databases: ofKind('database'),
    helms: ofKind('helm'),
    // The mock has no terraform services: the list is there (the contract requires it), empty; the
    // optional list of agentic workflows comes as null, as the real API sends an optional field.
    terraforms: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Deployment histories, one entry per deployment request.
// ---------------------------------------------------------------------------------------------

const auditing = (deployment: MockDeployment, at: Progress): Schemas['DeploymentHistoryAuditingData'] => ({
  created_at: iso(deployment.startedAt),
  updated_at: iso(at.since),
  triggered_by: deployment.triggeredBy,
  origin: 'API',
});

/**
 * What a deployment deployed of one service, as V2 histories detail it (by kind: a commit, an image
 * and tag, a chart version; nothing for a database). V1 environment histories show the same.
 */
function details(deployment: MockDeployment, service: ServiceRef): Schemas['DeploymentHistoryServiceDetails'] {
  const entry = entryFor(deployment, service.record.id);
  const { git, image, chart } = sourceOf(service);
  const built = commit(deployment, entry?.gitCommitId, git);
  const buildPod = `${service.record.name}-build-${deployment.id.slice(0, 8)}`;
  switch (service.kind) {
    case 'application':
      return { commit: built, build_pod_name: buildPod };
    case 'container':
      return {
        image_name: service.record.image_name,
        tag: entry?.imageTag ?? service.record.tag,
        arguments: service.record.arguments ?? [],
      };
    case 'job':
      // A job built from git runs the image built at the commit, tagged with it.
      return {
        image_name: image?.image_name ?? service.record.name,
        tag: entry?.imageTag ?? entry?.gitCommitId ?? '',
        ...(built === null ? {} : { commit: built, build_pod_name: buildPod }),
        job_type: service.record.job_type,
      };
    case 'helm':
      return chart
        ? { repository: { chart_name: chart.chart_name, chart_version: entry?.chartVersion ?? chart.chart_version } }
        : { commit: built };
    case 'database':
      return {};
  }
}

/** V1 application history: its status enum has only SUCCESS and FAILED, so a running one has none. */
export function applicationHistoryV1(
  deployment: MockDeployment,
  application: Application,
  now: number,
): Schemas['DeploymentHistory'] {
  const at = progress(deployment, now);
  const status = actionStatus(deployment, at);
  return {
    id: deployment.id,
    created_at: iso(deployment.startedAt),
    updated_at: iso(at.since),
    name: application.name,
    commit: commit(deployment, entryFor(deployment, application.id)?.gitCommitId, application.git_repository),
    ...(at.settled ? { status: status === 'SUCCESS' ? 'SUCCESS' : 'FAILED' } : {}),
  };
}

/** The services a deployment covers that still exist, in its order. */
const covered = (state: MockState, deployment: MockDeployment): ServiceRef[] =>
  deployment.services.flatMap(({ id, kind }) => findService(state, kind, id) ?? []);

export function environmentHistoryV1(
  state: MockState,
  deployment: MockDeployment,
  now: number,
): Schemas['DeploymentHistoryEnvironment'] {
  const at = progress(deployment, now);
  const services = covered(state, deployment);
  // Each kind's list: the service and its state, with what was deployed of it (no build pod or job type in V1).
  const ofKind = (kind: MockServiceKind) =>
    services
      .filter((service) => service.kind === kind)
      .map((service) => {
        const {
          build_pod_name: _pod,
          job_type: _type,
          ...deployed
        } = details(deployment, service) as {
          build_pod_name?: string;
          job_type?: string;
        };
        return {
          id: service.record.id,
          created_at: iso(deployment.startedAt),
          updated_at: iso(at.since),
          name: service.record.name,
          ...deployed,
          status: at.state,
        };
      });
  return {
    id: deployment.id,
    created_at: iso(deployment.startedAt),
    updated_at: iso(at.since),
    status: at.state,
    origin: 'API',
    triggered_by: deployment.triggeredBy,
    applications: ofKind('application'),
    containers: ofKind('container'),
    databases: ofKind('database'),
    jobs: ofKind('job'),
    helms: ofKind('helm'),
  };
}

/** V2 history entry of a service of any kind: an application's history, and a V2 environment history's stages. */
export function serviceHistoryV2(
  deployment: MockDeployment,
  service: ServiceRef,
  now: number,
): Schemas['DeploymentHistoryService'] {
  const at = progress(deployment, now);
  const { record } = service;
  return {
    identifier: {
      name: record.name,
      service_id: record.id,
      service_type: KINDS[service.kind].serviceType,
      execution_id: deployment.executionId,
    },
    status: at.state,
    auditing_data: auditing(deployment, at),
    details: details(deployment, service),
    status_details: { action: deployment.action, status: actionStatus(deployment, at), sub_action: 'NONE' },
    icon_uri: record.icon_uri,
    total_duration: duration(deployment, at, now),
  };
}

export const applicationHistoryV2 = (deployment: MockDeployment, application: Application, now: number) =>
  serviceHistoryV2(deployment, refOf('application', application), now);

export function environmentHistoryV2(
  state: MockState,
  deployment: MockDeployment,
  now: number,
): Schemas['DeploymentHistoryEnvironmentV2'] {
  const at = progress(deployment, now);
  const status = actionStatus(deployment, at);
  const plan = planOf(state, deployment);
  const statuses = stageStatuses(plan, now);
  return {
    identifier: { execution_id: deployment.executionId, environment_id: deployment.environmentId },
    auditing_data: auditing(deployment, at),
    status: at.state,
    trigger_action: deployment.action,
    total_duration: duration(deployment, at, now),
    // A stage per kind of service it covers, in the order they deploy, as its logs name them.
    stages: plan.stages.map((stage) => ({
      name: stage.name,
      status: statuses.get(stage) ?? 'QUEUED',
      duration: `PT${stageSeconds(stage, now)}S`,
      services: stage.services.map((service) => serviceHistoryV2(deployment, service.ref, now)),
    })),
    action_status: status,
  };
}

// ---------------------------------------------------------------------------------------------
// The stages' view and the deployment logs.
// ---------------------------------------------------------------------------------------------

const STATUS_LISTS: Readonly<Record<MockServiceKind, keyof Schemas['DeploymentStageWithServicesStatuses']>> = {
  application: 'applications',
  container: 'containers',
  job: 'jobs',
  database: 'databases',
  helm: 'helms',
};

/**
 * getEnvironmentStatusesWithStages: the environment's status, and a stage per kind of service it
 * has (or its latest deployment covered), in the order they deploy. A stage the latest deployment
 * ran has that deployment's status (exactly one ONGOING while it runs); one it did not cover is
 * SKIPPED. Each service's Status carries the steps of its own latest deployment, the one under way
 * last. The pre-check's status once the latest deployment has left the queue.
 */
export function environmentStatusesWithStages(
  state: MockState,
  environment: Environment,
  now: number,
): Schemas['EnvironmentStatusesWithStages'] {
  const facts = environmentFacts(state, environment, now);
  const plan: Plan | undefined = facts.latest && planOf(state, facts.latest);
  const statuses = plan ? stageStatuses(plan, now) : new Map();
  const present = servicesIn(state, environment.id);
  const stages = STAGES.flatMap((stage, index) => {
    const planned = plan?.stages.find((p) => p.index === index);
    const services = present.filter((service) => service.kind === stage.kind);
    if (!planned && services.length === 0) return [];
    return [
      {
        stage: {
          id: stageId(environment.id, index),
          name: stage.name,
          description: stage.description,
          status: (planned && statuses.get(planned)) ?? 'SKIPPED',
        },
        [STATUS_LISTS[stage.kind]]: services.map((service) => serviceStatusOf(state, service, now, true)),
      },
    ];
  });
  const preCheck =
    plan === undefined
      ? undefined
      : plan.preCheckAt !== undefined && now >= plan.preCheckAt
        ? { status: 'SUCCESS' as const, total_duration_sec: 0 }
        : plan.preCheckAt === undefined && plan.canceledAt !== undefined && now >= plan.canceledAt
          ? { status: 'CANCEL' as const, total_duration_sec: 0 }
          : undefined;
  return {
    environment: environmentStatusOf(facts),
    stages,
    ...(preCheck && { pre_check_stage: preCheck }),
  };
}

/** How many entries the API keeps of an environment's deployment logs. */
export const KEPT_LOG_ENTRIES = 1000;

/**
 * listEnvironmentLogs: the entries of one deployment (by execution id; default the latest), oldest
 * first, out of the environment's last 1,000. Undefined for an execution the environment never had.
 */
export function environmentLogs(
  state: MockState,
  environmentId: string,
  executionId: string | undefined,
  now: number,
): LogEntry[] | undefined {
  const history = deploymentsOfEnvironment(state, environmentId);
  const wanted = executionId === undefined ? history[0] : history.find((d) => d.executionId === executionId);
  if (!wanted) return executionId === undefined ? [] : undefined;
  // The environment's latest entries, newest deployments first, until 1,000 are kept.
  const kept: LogEntry[][] = [];
  let count = 0;
  for (const deployment of history) {
    if (count >= KEPT_LOG_ENTRIES) break;
    const entries = logEntriesAt(state, planOf(state, deployment), now);
    kept.push(entries);
    count += entries.length;
  }
  const newest = kept
    .reverse()
    .flat()
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
    .slice(-KEPT_LOG_ENTRIES);
  return newest.filter((entry) => entry.details.execution_id === wanted.executionId);
}
