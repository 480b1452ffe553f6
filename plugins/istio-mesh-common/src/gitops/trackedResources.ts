import {
  ArgoApplication,
  ArgoClusterState,
  ArgoHealthStatus,
  ArgoSyncStatus,
  applicationRef,
  resolveApplicationDestination,
} from './argoApplications';
import { ResourceRef, resourceRefKey } from './resourceRefs';

/**
 * A resource as one Argo CD Application tracks it.
 *
 * @public
 */
export interface TrackedResource {
  application: ArgoApplication;
  /** The resource's own sync status against Git (`status.resources[].status`). */
  resourceStatus: ArgoSyncStatus;
  resourceHealth?: ArgoHealthStatus;
  /** The resource is gone from Git and a sync would delete it. */
  requiresPruning: boolean;
}

/**
 * Whether the Argo CD data read covers a cluster: some Argo CD reported on
 * it, so a resource no Application lists there is untracked. When not, the
 * reason says which source is missing.
 *
 * @public
 */
export type ArgoCoverage =
  | { covered: true }
  | { covered: false; reason: string };

/**
 * Every resource tracked by an Argo CD Application, across all clusters,
 * keyed by the cluster the Application deploys to.
 *
 * @public
 */
export interface ArgoTracking {
  /** The Applications that list a resource, by Application cluster, namespace and name. */
  trackersOf(ref: ResourceRef): TrackedResource[];
  /** Whether Argo CD reports on a cluster, or why not. */
  coverage(cluster: string): ArgoCoverage;
  /**
   * Why an untracked resource might still be tracked: Argo CD instances
   * that could not be read. Empty when every Argo CD was read.
   */
  unavailable: string[];
}

/**
 * The Argo CD state of one cluster as {@link indexTrackedResources} reads it.
 *
 * @public
 */
export interface ClusterArgoInput {
  cluster: string;
  argo?: ArgoClusterState;
}

/**
 * Indexes the `status.resources` of every Application read from any
 * cluster under the cluster it deploys to (see
 * {@link resolveApplicationDestination}); Applications whose destination
 * cannot be resolved are left out. A cluster is covered when its own Argo CD
 * is installed and read, or when some Application deploys to it (Argo CD in a
 * management cluster).
 *
 * @public
 */
export function indexTrackedResources(
  clusters: ClusterArgoInput[],
  clusterUrls: Record<string, string> = {},
): ArgoTracking {
  const tracked = new Map<string, TrackedResource[]>();
  const destinations = new Set<string>();
  const applications = clusters
    .flatMap(c => (c.argo?.status === 'ok' ? c.argo.applications : []))
    .sort((a, b) =>
      `${a.cluster}|${applicationRef(a)}`.localeCompare(
        `${b.cluster}|${applicationRef(b)}`,
      ),
    );
  for (const application of applications) {
    const destination = resolveApplicationDestination(application, clusterUrls);
    if (destination === undefined) continue;
    destinations.add(destination);
    for (const resource of application.resources) {
      const key = resourceRefKey({
        cluster: destination,
        group: resource.group,
        kind: resource.kind,
        namespace: resource.namespace,
        name: resource.name,
      });
      const entry: TrackedResource = {
        application,
        resourceStatus: resource.status,
        ...(resource.health ? { resourceHealth: resource.health } : {}),
        requiresPruning: resource.requiresPruning,
      };
      const entries = tracked.get(key);
      if (entries) entries.push(entry);
      else tracked.set(key, [entry]);
    }
  }

  const states = new Map(clusters.map(c => [c.cluster, c.argo]));
  const unavailable = clusters.flatMap(c =>
    c.argo?.status === 'unavailable'
      ? [`Argo CD in cluster ${c.cluster} is unavailable: ${c.argo.reason}`]
      : [],
  );
  return {
    trackersOf: ref => tracked.get(resourceRefKey(ref)) ?? [],
    coverage: cluster => {
      const state = states.get(cluster);
      if (state?.status === 'ok' || destinations.has(cluster)) {
        return { covered: true };
      }
      if (state?.status === 'not-installed') {
        return { covered: false, reason: state.reason };
      }
      if (state?.status === 'unavailable') {
        return {
          covered: false,
          reason: `Argo CD in cluster ${cluster} is unavailable: ${state.reason}`,
        };
      }
      return {
        covered: false,
        reason: `no Argo CD source for cluster ${cluster}`,
      };
    },
    unavailable,
  };
}
