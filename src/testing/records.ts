// What a seeded service of each kind looks like: a record the contract's response schemas accept,
// with the settings a small Qovery setup has, deployed at the version its seed says.
import type { components } from '../../generated/qovery-api.js';
import { derivedUuid, randomCommitId } from './random.js';
import type { ServiceSeeds } from './seed.js';
import type { MockServiceKind, MockServiceRecords, MockServiceVersion } from './state.js';

type Schemas = components['schemas'];

/** What every seeded service has, whatever its kind. */
export interface SeededService {
  id: string;
  name: string;
  environmentId: string;
  /** When it was created, in milliseconds on the mock's clock. */
  createdAt: number;
  /** The version deployed: its latest past deployment's, or the one its seed starts at. */
  deployed: MockServiceVersion;
  /** When that version was deployed, in milliseconds on the mock's clock. */
  deployedAt: number;
}

/** How one kind is seeded. */
interface KindSeeding<K extends MockServiceKind> {
  /** The version of a deploy in its seeded history (and the deployed one when it has none). */
  version(seed: ServiceSeeds[K], random: () => number): MockServiceVersion;
  record(service: SeededService, seed: ServiceSeeds[K]): MockServiceRecords[K];
}

const DEFAULT_VERSION = '1.0.0';
/** The registry seeded containers and jobs pull from, and the chart repository of seeded charts. */
const REGISTRY: Schemas['ContainerRegistryProviderDetailsResponse'] = {
  id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1b01',
  name: 'Docker Hub',
  url: 'https://docker.io',
  kind: 'DOCKER_HUB',
};
const CHART_REPOSITORY = {
  id: '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1b02',
  name: 'acme-charts',
  url: 'https://charts.acme.example',
};
const DATABASE_VERSIONS: Record<Schemas['DatabaseTypeEnum'], { version: string; port: number }> = {
  POSTGRESQL: { version: '16', port: 5432 },
  MYSQL: { version: '8.0', port: 3306 },
  MONGODB: { version: '7.0', port: 27017 },
  REDIS: { version: '7', port: 6379 },
};

const iso = (ms: number) => new Date(ms).toISOString();

/** What every kind's record shares. */
const common = (service: SeededService) => ({
  id: service.id,
  created_at: iso(service.createdAt),
  name: service.name,
  environment: { id: service.environmentId },
  description: '',
});

/** The resources a seeded workload gets, and its organization's ceiling. */
const RESOURCES = { cpu: 500, memory: 512, gpu: 0, maximum_cpu: 4000, maximum_memory: 8192, maximum_gpu: 0 };

/** Repository `acme/<name>` on GitHub, deployed at the service's commit. */
function gitRepository(service: SeededService): Schemas['ApplicationGitRepository'] {
  return {
    has_access: true,
    provider: 'GITHUB',
    owner: 'acme',
    name: service.name,
    url: `https://github.com/acme/${service.name}.git`,
    branch: 'main',
    root_path: '/',
    ...(service.deployed.gitCommitId === undefined ? {} : { deployed_commit_id: service.deployed.gitCommitId }),
    deployed_commit_date: iso(service.deployedAt),
    deployed_commit_contributor: 'Mock Developer',
    deployed_commit_tag: '',
  };
}

const image = (name: string, tag: string | undefined) => ({
  image_name: name,
  tag: tag ?? DEFAULT_VERSION,
  registry_id: REGISTRY.id,
  registry: { ...REGISTRY },
});

/** The id of a service's `index`-th port or storage volume: it follows from the service's id. */
const childId = (what: 'port' | 'storage', serviceId: string, index: number): string =>
  derivedUuid(`${what}:${serviceId}:${index}`);

/** The public HTTP port seeded applications and containers listen on: 8080, served on 443. */
const publicPort = (service: SeededService): Schemas['ServicePort'] => ({
  id: childId('port', service.id, 0),
  name: 'p8080',
  internal_port: 8080,
  external_port: 443,
  publicly_accessible: true,
  is_default: true,
  protocol: 'HTTP',
});

const commit = (_seed: unknown, random: () => number): MockServiceVersion => ({ gitCommitId: randomCommitId(random) });

export const SEEDING: { readonly [K in MockServiceKind]: KindSeeding<K> } = {
  application: {
    version: commit,
    record: (service) => ({
      ...common(service),
      git_repository: gitRepository(service),
      build_mode: 'DOCKER',
      dockerfile_path: 'Dockerfile',
      cpu: RESOURCES.cpu,
      memory: RESOURCES.memory,
      gpu: 0,
      min_running_instances: 1,
      max_running_instances: 1,
      healthchecks: {},
      auto_preview: false,
      auto_deploy: true,
      ports: [publicPort(service)],
      arguments: [],
      storage: [],
      icon_uri: 'app://qovery-console/application',
      service_type: 'APPLICATION',
    }),
  },

  container: {
    version: (seed) => ({ imageTag: seed.tag ?? DEFAULT_VERSION }),
    record: (service, seed) => ({
      ...common(service),
      ...image(seed.image ?? `acme/${service.name}`, service.deployed.imageTag),
      ...RESOURCES,
      storage: [],
      arguments: [],
      min_running_instances: 1,
      max_running_instances: 1,
      healthchecks: {},
      auto_preview: false,
      auto_deploy: false,
      ports: [publicPort(service)],
      icon_uri: 'app://qovery-console/container',
      service_type: 'CONTAINER',
    }),
  },

  job: {
    version: (seed, random) => (seed.source === 'git' ? commit(seed, random) : { imageTag: DEFAULT_VERSION }),
    record: (service, seed) => {
      const job = {
        ...common(service),
        ...RESOURCES,
        max_nb_restart: 0,
        max_duration_seconds: 300,
        auto_preview: false,
        auto_deploy: false,
        port: null,
        source:
          seed.source === 'git'
            ? { docker: { git_repository: gitRepository(service), dockerfile_path: 'Dockerfile' } }
            : { image: image(`acme/${service.name}`, service.deployed.imageTag) },
        healthchecks: {},
        service_type: 'JOB' as const,
      };
      if (seed.schedule === 'cron') {
        return {
          ...job,
          icon_uri: 'app://qovery-console/cron-job',
          job_type: 'CRON',
          schedule: { cronjob: { arguments: [], scheduled_at: '0 3 * * *', timezone: 'Etc/UTC' } },
        };
      }
      return {
        ...job,
        icon_uri: 'app://qovery-console/lifecycle-job',
        job_type: 'LIFECYCLE',
        schedule: { on_start: { arguments: [] }, lifecycle_type: 'GENERIC' },
      };
    },
  },

  database: {
    version: () => ({}),
    record: (service, seed) => {
      const type = seed.type ?? 'POSTGRESQL';
      const mode = seed.mode ?? 'CONTAINER';
      const { version, port } = DATABASE_VERSIONS[type];
      return {
        ...common(service),
        type,
        version,
        mode,
        accessibility: 'PRIVATE',
        cpu: 250,
        memory: 256,
        storage: 10,
        maximum_cpu: RESOURCES.maximum_cpu,
        maximum_memory: RESOURCES.maximum_memory,
        ...(mode === 'MANAGED' ? { instance_type: 'db.t3.micro' } : {}),
        host: `z${service.id.slice(0, 8)}-${type.toLowerCase()}`,
        port,
        icon_uri: 'app://qovery-console/database',
        service_type: 'DATABASE',
      };
    },
  },

  helm: {
    version: (seed, random) =>
      seed.source === 'git' ? commit(seed, random) : { chartVersion: seed.chartVersion ?? DEFAULT_VERSION },
    record: (service, seed) => ({
      ...common(service),
      timeout_sec: 600,
      auto_preview: false,
      auto_deploy: false,
      source:
        seed.source === 'git'
          ? { git: { git_repository: gitRepository(service) } }
          : {
              repository: {
                chart_name: service.name,
                chart_version: service.deployed.chartVersion ?? DEFAULT_VERSION,
                repository: { ...CHART_REPOSITORY },
              },
            },
      arguments: [],
      allow_cluster_wide_resources: false,
      values_override: { set: [], set_string: [], set_json: [], file: null },
      icon_uri: 'app://qovery-console/helm',
      service_type: 'HELM',
    }),
  },
};

/** Ports or storage volumes given the ids that follow from their service's. */
const renumbered = (items: readonly object[], what: 'port' | 'storage', serviceId: string): object[] =>
  items.map((item, i) => ({ ...item, id: childId(what, serviceId, i) }));

/**
 * A copy of a service's record for another environment, as a clone makes it: the same settings
 * under a new id, created at `at`, with the ids that follow from the service's (its ports', its
 * storage's, a database's host) following the new one.
 */
export function copyRecord<K extends MockServiceKind>(
  record: MockServiceRecords[K],
  id: string,
  environmentId: string,
  at: string,
): MockServiceRecords[K] {
  const { updated_at: _updated, ...settings } = structuredClone(record) as MockServiceRecords[K] & {
    updated_at?: string;
  };
  const copy: Record<string, unknown> = { ...settings, id, created_at: at, environment: { id: environmentId } };
  if (Array.isArray(copy.ports)) copy.ports = renumbered(copy.ports, 'port', id);
  if (Array.isArray(copy.storage)) copy.storage = renumbered(copy.storage, 'storage', id);
  if (typeof copy.host === 'string') copy.host = copy.host.replace(record.id.slice(0, 8), id.slice(0, 8));
  return copy as MockServiceRecords[K];
}
