/**
 * A deployment's logs read as the console reads them: stage by stage, service by service, step by
 * step, with its errors (listEnvironmentLogs). Each entry names its stage and step
 * (`details.stage`), the service that wrote it (`details.transmitter`: id, name, type) and either a
 * message or an error (`user_log_message`, `hint_message`, `link`). Pure functions over the
 * entries: the requests are made in deployments.ts.
 *
 * The real API's entries may hold `null` anywhere optional, an unknown `type`, fields this file
 * does not know: every reading here is guarded, and an entry it cannot place is left out of the
 * tree, never a thrown error.
 */
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import type { DeploymentError, DeploymentService } from '../errors.js';

export type { DeploymentError, DeploymentService };

/** One entry of a deployment's logs, as the API answers it (schema `EnvironmentLogs`). */
export type DeploymentLogEntry = AnswerComponents['schemas']['EnvironmentLogs'];
/** An environment's deployment as its V2 history lists it: its state, duration and stages. */
export type DeploymentHistoryEntry = AnswerComponents['schemas']['DeploymentHistoryEnvironmentV2'];

/** A step of a service's deployment, with its outcome and how long it took. */
export interface ExplainedStep {
  /** `GIT_CLONE`, `BUILD`, `DEPLOYMENT`, …, as the logs name it. */
  name: string;
  /** `ERROR` when the step logged an error, else `SUCCESS`. */
  status: 'SUCCESS' | 'ERROR';
  /** Seconds from its first log line to its last. */
  durationSeconds: number;
}

/** A service in a stage, with its steps. */
export interface ExplainedService extends DeploymentService {
  /** The state the history gives it, else `ERROR` or `SUCCESS` as its logs say. */
  status: string;
  /** Seconds from its first log line to its last in the stage. */
  durationSeconds: number;
  /** Its steps, in the order they ran. */
  steps: ExplainedStep[];
}

/** A stage of the deployment, with its services. */
export interface ExplainedStage {
  /** The stage's name. */
  name: string;
  /** The status the history gives it (`DONE`, `ERROR`, …), else `ERROR` or `DONE` as its logs say. */
  status: string;
  /** Seconds from its first log line to its last. */
  durationSeconds: number;
  /** The services it deployed, in the order they first logged. */
  services: ExplainedService[];
}

/** A deployment, explained: what `deployments.explain()` returns. */
export interface DeploymentExplanation {
  /** The environment deployed. */
  environmentId: string;
  /** The deployment's execution id (`<environment id>-<n>` in the real API), when known. */
  executionId: string | undefined;
  /** The deployment's final state as the history gives it (`DEPLOYED`, `DEPLOYMENT_ERROR`, …), when it lists it. */
  state: string | undefined;
  /** Seconds the deployment took: the history's, else from its first log line to its last. */
  durationSeconds: number;
  /** Its stages, in order. */
  stages: ExplainedStage[];
  /** Every error its logs hold, oldest first. */
  errors: DeploymentError[];
}

type Loose = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const object = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const time = (entry: DeploymentLogEntry): number => {
  const parsed = Date.parse(String(entry.timestamp));
  return Number.isNaN(parsed) ? 0 : parsed;
};
const seconds = (from: number, to: number) => Math.max(0, Math.round((to - from) / 1000));

/** The entries oldest first (the API's order is not promised); entries at the same time keep theirs. */
export function oldestFirst(entries: readonly DeploymentLogEntry[]): DeploymentLogEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, at: time(entry) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ entry }) => entry);
}

const stageOf = (entry: DeploymentLogEntry) => object(object(entry.details).stage);
/** The service that wrote an entry; undefined for the environment itself or an unnamed writer. */
function serviceOf(entry: DeploymentLogEntry): DeploymentService | undefined {
  const transmitter = object(object(entry.details).transmitter);
  const [id, name, type] = [text(transmitter.id), text(transmitter.name), text(transmitter.type)];
  if (!id || !name || !type || type.toLowerCase() === 'environment') return undefined;
  return { id, name, kind: type.toLowerCase() };
}

/** The error an entry holds, in the SDK's shape; undefined for a message entry. */
export function errorOf(entry: DeploymentLogEntry): DeploymentError | undefined {
  const error = object(entry.error);
  const underlying = object(error.underlying_error);
  const message = text(error.user_log_message) ?? text(underlying.message) ?? text(error.tag);
  if (!message) return undefined;
  const stage = stageOf(entry);
  const service = serviceOf(entry);
  const found: DeploymentError = { message };
  const hint = text(error.hint_message);
  const link = text(error.link);
  if (hint) found.hint = hint;
  if (link) found.link = link;
  if (text(stage.name)) found.stage = text(stage.name);
  if (text(stage.step)) found.step = text(stage.step);
  if (service) found.service = service;
  if (text(entry.timestamp)) found.at = text(entry.timestamp);
  return found;
}

/** Every error of the logs, oldest first. */
export const errorsOf = (entries: readonly DeploymentLogEntry[]): DeploymentError[] =>
  oldestFirst(entries).flatMap((entry) => errorOf(entry) ?? []);

/** `PT1M5S`, `PT3.5S`, `P1DT2H` (ISO 8601 durations, as the history gives them) in seconds; undefined otherwise. */
export function durationSeconds(value: unknown): number | undefined {
  const match =
    typeof value === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value) : null;
  if (!match || value === 'P' || value === 'PT') return undefined;
  const [, days = '0', hours = '0', minutes = '0', secs = '0'] = match;
  return Math.round(Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(secs));
}

/** Groups `items` by `key`, keeping the order in which each key first appears. */
function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const span = (entries: readonly DeploymentLogEntry[]) =>
  entries.length === 0
    ? 0
    : seconds(time(entries[0] as DeploymentLogEntry), time(entries.at(-1) as DeploymentLogEntry));
const failed = (entries: readonly DeploymentLogEntry[]) => entries.some((entry) => errorOf(entry) !== undefined);

/**
 * The deployment as data, from its log entries and, when it lists it, its V2 history entry (which
 * gives the final state, the total duration, and each stage's and service's status).
 */
export function explain(
  environmentId: string,
  entries: readonly DeploymentLogEntry[],
  history: DeploymentHistoryEntry | undefined,
): DeploymentExplanation {
  const ordered = oldestFirst(entries);
  const historyStages = new Map(
    (Array.isArray(history?.stages) ? history.stages : []).map((stage) => [String(object(stage).name), object(stage)]),
  );
  const stages = [...groupBy(ordered, (entry) => text(stageOf(entry).name))].map(([name, inStage]): ExplainedStage => {
    const recorded = historyStages.get(name);
    const recordedServices = new Map(
      (Array.isArray(recorded?.services) ? recorded.services : []).map((service) => {
        const identifier = object(object(service).identifier);
        return [String(identifier.service_id), object(service)];
      }),
    );
    const services = [...groupBy(inStage, (entry) => serviceOf(entry)?.id)].map(([, ofService]): ExplainedService => {
      const service = serviceOf(ofService[0] as DeploymentLogEntry) as DeploymentService;
      const steps = [...groupBy(ofService, (entry) => text(stageOf(entry).step))].map(
        ([step, ofStep]): ExplainedStep => ({
          name: step,
          status: failed(ofStep) ? 'ERROR' : 'SUCCESS',
          durationSeconds: span(ofStep),
        }),
      );
      const recordedService = recordedServices.get(service.id);
      return {
        ...service,
        status: text(recordedService?.status) ?? (failed(ofService) ? 'ERROR' : 'SUCCESS'),
        durationSeconds: durationSeconds(recordedService?.total_duration) ?? span(ofService),
        steps,
      };
    });
    return {
      name,
      status: text(recorded?.status) ?? (failed(inStage) ? 'ERROR' : 'DONE'),
      durationSeconds: durationSeconds(recorded?.duration) ?? span(inStage),
      services,
    };
  });
  // The stages the history lists in its order (the order Qovery runs them), in the places they
  // take; one it does not list (the pre-check) keeps its place by its first log line.
  const rank = [...historyStages.keys()];
  const listed = stages.filter((stage) => rank.includes(stage.name));
  const inOrder = [...listed].sort((a, b) => rank.indexOf(a.name) - rank.indexOf(b.name));
  stages.forEach((stage, i) => {
    if (rank.includes(stage.name)) stages[i] = inOrder.shift() as ExplainedStage;
  });
  const executionId = text(object(history?.identifier).execution_id) ?? text(object(ordered[0]?.details).execution_id);
  return {
    environmentId,
    executionId,
    state: text(history?.status),
    durationSeconds: durationSeconds(history?.total_duration) ?? span(ordered),
    stages,
    errors: ordered.flatMap((entry) => errorOf(entry) ?? []),
  };
}

/** One line a CI log can show: `BUILD of application "api" failed: <message>. Hint: <hint> (<link>)`. */
export function describeError(error: DeploymentError): string {
  const where = [error.step, error.service && `${error.service.kind} "${error.service.name}"`]
    .filter(Boolean)
    .join(' of ');
  const message = error.message.replace(/[.\s]+$/, '');
  return `${where ? `${where} failed: ` : ''}${message}.${error.hint ? ` Hint: ${error.hint.replace(/[.\s]+$/, '')}.` : ''}${error.link ? ` See ${error.link}` : ''}`;
}
