import { KubernetesObject } from '../resources/objects';
import { ownValue } from '../resources/specFields';
import { WorkloadReport } from '../types/mesh';
import { ArgoClusterState } from './argoApplications';
import { DesiredObject } from './desiredState';
import {
  KIND_API_GROUPS,
  ResourceRef,
  resourceRefKey,
  resourceRefOf,
} from './resourceRefs';
import { ArgoTracking, indexTrackedResources } from './trackedResources';

/**
 * What the GitOps criteria (`gitops-managed`, `everything-in-git`) read
 * for one entity.
 *
 * @public
 */
export interface GitopsCriteriaInput {
  /** The controllers of the entity's workloads (Deployment, StatefulSet...). */
  workloads: ResourceRef[];
  /**
   * The mesh resources that apply to the entity's workloads: the
   * PeerAuthentications, AuthorizationPolicies, VirtualServices and
   * DestinationRules their reports name.
   */
  meshResources: ResourceRef[];
  /** Clusters the entity's workloads run in. */
  clusters: string[];
  tracking: ArgoTracking;
  /** Every GitOps source's objects. */
  desired: DesiredObject[];
  /** The live object behind a mesh resource, when its cluster's mesh resources were read. */
  liveObject(ref: ResourceRef): KubernetesObject | undefined;
}

/**
 * The GitOps data of one cluster, as {@link entityGitopsInput} reads it.
 *
 * @public
 */
export interface ClusterGitopsState {
  cluster: string;
  argo?: ArgoClusterState;
  meshResources?: KubernetesObject[];
}

/** The per-cluster indexes every entity of one refresh shares. */
interface ClusterIndexes {
  clusterUrls?: Record<string, string>;
  /** Live mesh objects by resource key. */
  live: Map<string, KubernetesObject>;
  /** API group of each live mesh object by cluster, kind, namespace and name. */
  liveGroups: Map<string, string>;
  tracking: ArgoTracking;
}

// A refresh evaluates every entity against the same clusters array: index it
// once, not once per entity.
const indexCache = new WeakMap<ClusterGitopsState[], ClusterIndexes>();

function clusterIndexes(
  clusters: ClusterGitopsState[],
  clusterUrls: Record<string, string> | undefined,
): ClusterIndexes {
  const cached = indexCache.get(clusters);
  if (cached && cached.clusterUrls === clusterUrls) return cached;
  const live = new Map<string, KubernetesObject>();
  // Reports name mesh resources by kind and `namespace/name`; the group
  // comes from the live object when there is one.
  const liveGroups = new Map<string, string>();
  for (const { cluster, meshResources } of clusters) {
    for (const object of meshResources ?? []) {
      const ref = resourceRefOf(object, cluster);
      live.set(resourceRefKey(ref), object);
      liveGroups.set(
        [cluster, ref.kind, ref.namespace, ref.name].join('|'),
        ref.group,
      );
    }
  }
  const indexes = {
    clusterUrls,
    live,
    liveGroups,
    tracking: indexTrackedResources(clusters, clusterUrls),
  };
  indexCache.set(clusters, indexes);
  return indexes;
}

const parseKey = (key: string) => {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
};

/**
 * Collects what the GitOps criteria need for an entity: its workloads'
 * controllers and the mesh resources their reports name (each once, in the
 * order met), the Argo CD tracking index over all clusters (Applications in
 * a management cluster count for the clusters they deploy to) and the live
 * mesh resources to compare with Git.
 *
 * @public
 */
export function entityGitopsInput(options: {
  /** All clusters, not only the entity's: Argo CD may run elsewhere. */
  clusters: ClusterGitopsState[];
  /** The entity's workloads, with the cluster each runs in. */
  workloads: Array<{ cluster: string; report: WorkloadReport }>;
  desired?: DesiredObject[];
  clusterUrls?: Record<string, string>;
}): GitopsCriteriaInput {
  const { live, liveGroups, tracking } = clusterIndexes(
    options.clusters,
    options.clusterUrls,
  );
  const refOf = (cluster: string, kind: string, key: string): ResourceRef => {
    const { namespace, name } = parseKey(key);
    const group =
      liveGroups.get([cluster, kind, namespace, name].join('|')) ??
      ownValue(KIND_API_GROUPS, kind) ??
      '';
    return { cluster, group, kind, namespace, name };
  };

  const unique = (refs: ResourceRef[]) => {
    const seen = new Map(refs.map(ref => [resourceRefKey(ref), ref]));
    return [...seen.values()];
  };
  const workloads = unique(
    options.workloads.map(({ cluster, report }) =>
      refOf(cluster, report.kind, `${report.namespace}/${report.name}`),
    ),
  );
  const meshResources = unique(
    options.workloads.flatMap(({ cluster, report }) => [
      ...report.mtls.policies.map(key =>
        refOf(cluster, 'PeerAuthentication', key),
      ),
      ...report.authorization.policies.map(key =>
        refOf(cluster, 'AuthorizationPolicy', key),
      ),
      ...report.virtualServices.map(key =>
        refOf(cluster, 'VirtualService', key),
      ),
      ...report.destinationRules.map(key =>
        refOf(cluster, 'DestinationRule', key),
      ),
    ]),
  );
  return {
    workloads,
    meshResources,
    clusters: [...new Set(options.workloads.map(w => w.cluster))],
    tracking,
    desired: options.desired ?? [],
    liveObject: ref => live.get(resourceRefKey(ref)),
  };
}
