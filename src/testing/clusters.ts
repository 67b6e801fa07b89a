import type { components } from '../../generated/qovery-api.js';
import { derivedUuid } from './random.js';

type Schemas = components['schemas'];

/** The name of the cluster every organization of the embedded API has. */
export const DEFAULT_CLUSTER_NAME = 'mock-cluster';

/** A cluster to seed besides each organization's default one. */
export interface ClusterSeed {
  /** The cluster's name, unique in its organization (case-insensitively). */
  name: string;
  /** Its organization. Default: the first one. */
  organizationId?: string;
  /** Its region. Default `eu-west-3`. */
  region?: string;
  /** Whether it runs production environments. Default `false`. */
  production?: boolean;
}

function clusterRecord(
  id: string,
  organizationId: string,
  created: string,
  seed: Omit<ClusterSeed, 'organizationId'>,
  isDefault: boolean,
): Schemas['Cluster'] {
  return {
    id,
    created_at: created,
    organization: { id: organizationId },
    name: seed.name,
    region: seed.region ?? 'eu-west-3',
    cloud_provider: 'AWS',
    kubernetes: 'MANAGED',
    status: 'DEPLOYED',
    has_access: true,
    is_default: isDefault,
    is_demo: false,
    production: seed.production ?? false,
  };
}

/**
 * The clusters of the seed: every organization has one, its default, named `mock-cluster` (the one
 * its seeded environments run on, whose id they carry), then the `extra` ones. Ids not taken from
 * an environment are derived from the organization's id and the name, drawing nothing from the
 * mock's random sequence: every id the mock makes keeps the value it had before clusters existed.
 */
export function seedClusters(
  organizations: readonly Schemas['Organization'][],
  environments: readonly Schemas['Environment'][],
  extra: readonly ClusterSeed[],
  created: string,
): Schemas['Cluster'][] {
  const defaults = organizations.map((organization) => {
    const onIt = environments.find((e) => e.organization.id === organization.id && e.cluster_id);
    const id = onIt?.cluster_id ?? derivedUuid(`cluster:${organization.id}:${DEFAULT_CLUSTER_NAME}`);
    return clusterRecord(id, organization.id, created, { name: DEFAULT_CLUSTER_NAME }, true);
  });
  const first = organizations[0];
  const more = extra.map(({ organizationId, ...seed }) => {
    const organization = organizations.find((o) => o.id === (organizationId ?? first?.id));
    if (!organization)
      throw new Error(`qovery mock seed: no organization ${organizationId} for cluster "${seed.name}"`);
    return clusterRecord(derivedUuid(`cluster:${organization.id}:${seed.name}`), organization.id, created, seed, false);
  });
  return [...defaults, ...more];
}
