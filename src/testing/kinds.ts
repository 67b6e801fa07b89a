// The kinds of service the mock serves (applications, containers, jobs, databases, helm charts):
// where each lives in the state, what it is called, and what a deploy moves in its record. What
// deploys, reports and lists do with a service is written once, for every kind, on top of this.
import type { components } from '../../generated/qovery-api.js';
import type { MockServiceKind, MockServiceRecords, MockServiceVersion, MockState } from './state.js';

type Schemas = components['schemas'];

/** One kind's place in the state and in the API. */
interface KindModel {
  /** The list of `MockState` that holds its records. */
  collection: 'applications' | 'containers' | 'jobs' | 'databases' | 'helms';
  /** Its `service_type`. */
  serviceType: Schemas['ServiceTypeEnum'];
  /** What messages call one, in lower case. */
  label: string;
}

export const KINDS: Readonly<Record<MockServiceKind, KindModel>> = {
  application: { collection: 'applications', serviceType: 'APPLICATION', label: 'application' },
  container: { collection: 'containers', serviceType: 'CONTAINER', label: 'container' },
  job: { collection: 'jobs', serviceType: 'JOB', label: 'job' },
  database: { collection: 'databases', serviceType: 'DATABASE', label: 'database' },
  helm: { collection: 'helms', serviceType: 'HELM', label: 'helm chart' },
};

/** Every kind, in the order environments list them (applications first). */
export const KIND_ORDER = Object.keys(KINDS) as MockServiceKind[];

/** A service of any kind, with its kind: what environment-wide code works on. */
export type ServiceRef = { [K in MockServiceKind]: { kind: K; record: MockServiceRecords[K] } }[MockServiceKind];

/** A record of any kind. */
export type ServiceRecord = ServiceRef['record'];

export const refOf = <K extends MockServiceKind>(kind: K, record: MockServiceRecords[K]): ServiceRef =>
  ({ kind, record }) as ServiceRef;

/** The records of one kind, as the state holds them now (routes replace the lists). */
export const recordsOf = <K extends MockServiceKind>(state: MockState, kind: K): MockServiceRecords[K][] =>
  state[KINDS[kind].collection] as MockServiceRecords[K][];

/** Every service, of every kind, in `environmentId` when given. */
export const servicesIn = (state: MockState, environmentId?: string): ServiceRef[] =>
  KIND_ORDER.flatMap((kind) =>
    recordsOf(state, kind)
      .filter((record) => environmentId === undefined || record.environment.id === environmentId)
      .map((record) => refOf(kind, record)),
  );

export const findService = (state: MockState, kind: MockServiceKind, id: string): ServiceRef | undefined => {
  const record = recordsOf(state, kind).find((r) => r.id === id);
  return record && refOf(kind, record);
};

/** Drops the services of these environments, of every kind (their project is deleted). */
export function dropServicesIn(state: MockState, environmentIds: ReadonlySet<string>): void {
  const lists = state as unknown as Record<KindModel['collection'], ServiceRecord[]>;
  for (const { collection } of Object.values(KINDS)) {
    lists[collection] = lists[collection].filter((r) => !environmentIds.has(r.environment.id));
  }
}

/**
 * What a service runs from, as the parts of its record a deploy moves: a git repository's deployed
 * commit, an image's tag, a chart's version. A database has none of them.
 */
export interface ServiceSource {
  git?: Schemas['ApplicationGitRepository'];
  image?: { image_name: string; tag: string };
  chart?: Schemas['HelmSourceRepositoryResponse'];
}

export function sourceOf(service: ServiceRef): ServiceSource {
  switch (service.kind) {
    case 'application':
      return { git: service.record.git_repository };
    case 'container':
      return { image: service.record };
    case 'job': {
      const { source } = service.record;
      return 'image' in source ? { image: source.image } : { git: source.docker.git_repository };
    }
    case 'helm': {
      const { source } = service.record;
      return 'repository' in source ? { chart: source.repository } : { git: source.git.git_repository };
    }
    case 'database':
      return {};
  }
}

/** The request body's name of each version field, for the messages of a 400. */
export const VERSION_FIELDS: Readonly<Record<keyof MockServiceVersion, string>> = {
  gitCommitId: 'git_commit_id',
  imageTag: 'image_tag',
  chartVersion: 'chart_version',
};

/**
 * The version fields a deploy of each kind may carry, in the order its body declares them: what one
 * kind's deploy body, and one item of DeployAllRequest, can ask for.
 */
export const DEPLOYS_FROM: Readonly<Record<MockServiceKind, readonly (keyof MockServiceVersion)[]>> = {
  application: ['gitCommitId'],
  container: ['imageTag'],
  job: ['imageTag', 'gitCommitId'],
  helm: ['chartVersion', 'gitCommitId'],
  database: [],
};

/** The version a deploy body, or an item of DeployAllRequest, asks of a service of `kind`. */
export function versionIn(kind: MockServiceKind, fields: Record<string, unknown>): MockServiceVersion {
  return Object.fromEntries(
    DEPLOYS_FROM[kind].map((key) => {
      const value = fields[VERSION_FIELDS[key]];
      return [key, typeof value === 'string' ? value : undefined];
    }),
  );
}

/** Which version field a source moves: the commit of a git repository, an image's tag, a chart's version. */
export function versionFieldOf(source: ServiceSource): keyof MockServiceVersion | undefined {
  if (source.git) return 'gitCommitId';
  if (source.image) return 'imageTag';
  return source.chart ? 'chartVersion' : undefined;
}

/**
 * The version deployed now; undefined for a service built from git that has no deployed commit
 * (never deployed). A database's is empty: it is deployed as it is set.
 */
export function deployedVersion(service: ServiceRef): MockServiceVersion | undefined {
  const { git, image, chart } = sourceOf(service);
  if (git) return git.deployed_commit_id === undefined ? undefined : { gitCommitId: git.deployed_commit_id };
  if (image) return { imageTag: image.tag };
  return chart ? { chartVersion: chart.chart_version } : {};
}

/** Makes `version` the deployed one, deployed at `at` (ISO 8601): what a successful deploy does. */
export function installVersion(service: ServiceRef, version: MockServiceVersion, at: string): void {
  const { git, image, chart } = sourceOf(service);
  if (git && version.gitCommitId !== undefined) {
    git.deployed_commit_id = version.gitCommitId;
    Object.assign(git, { deployed_commit_date: at });
  }
  if (image && version.imageTag !== undefined) image.tag = version.imageTag;
  if (chart && version.chartVersion !== undefined) chart.chart_version = version.chartVersion;
}

export const sameVersion = (a: MockServiceVersion | undefined, b: MockServiceVersion | undefined): boolean =>
  a?.gitCommitId === b?.gitCommitId && a?.imageTag === b?.imageTag && a?.chartVersion === b?.chartVersion;

/** A DNS label from a name: lower case, anything but letters and digits a hyphen. */
const label = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * A service's public URLs, one per public port (an application's or container's publicly
 * accessible ports, a helm chart's ports; jobs and databases have none here). The domain is
 * Qovery's, given when the service is created, so a service never deployed has its links too:
 * `https://<name>-<first 8 characters of the environment id>.mock-qovery.example`, with `-p<port>`
 * after the name for a port that is not the default one.
 */
export function linksOf(service: ServiceRef): Schemas['Link'][] {
  const { record } = service;
  const ports: {
    internal_port: number;
    external_port?: number;
    is_default?: boolean;
    publicly_accessible?: boolean;
  }[] = 'ports' in record && Array.isArray(record.ports) ? record.ports : [];
  return ports
    .filter((port) => port.publicly_accessible !== false)
    .map((port, index) => {
      const isDefault = port.is_default ?? index === 0;
      const host = `${label(record.name)}${isDefault ? '' : `-p${port.internal_port}`}-${record.environment.id.slice(0, 8)}`;
      return {
        service_id: record.id,
        service_type: KINDS[service.kind].serviceType,
        url: `https://${host}.mock-qovery.example`,
        internal_port: port.internal_port,
        external_port: port.external_port ?? 443,
        is_qovery_domain: true,
        is_default: isDefault,
      };
    });
}
