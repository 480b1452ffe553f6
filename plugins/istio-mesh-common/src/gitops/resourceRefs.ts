import { apiGroupOf, KubernetesObject } from '../resources/objects';

/**
 * A resource in a cluster, identified the way Argo CD lists managed
 * resources: by API group (not version), kind, namespace and name.
 *
 * @public
 */
export interface ResourceRef {
  cluster: string;
  /** API group; empty for the core group. */
  group: string;
  kind: string;
  /** Empty for cluster-scoped resources. */
  namespace: string;
  name: string;
}

/**
 * API groups of the kinds a workload report names without their
 * apiVersion: workload controllers and the mesh resources that apply to a
 * workload.
 *
 * @public
 */
export const KIND_API_GROUPS: Readonly<Record<string, string>> = {
  Pod: '',
  ReplicaSet: 'apps',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Rollout: 'argoproj.io',
  PeerAuthentication: 'security.istio.io',
  AuthorizationPolicy: 'security.istio.io',
  RequestAuthentication: 'security.istio.io',
  VirtualService: 'networking.istio.io',
  DestinationRule: 'networking.istio.io',
};

/**
 * The reference of a live or desired object in a cluster.
 *
 * @public
 */
export function resourceRefOf(
  object: KubernetesObject,
  cluster: string,
): ResourceRef {
  return {
    cluster,
    group: apiGroupOf(object.apiVersion),
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
  };
}

/**
 * A map key for a {@link ResourceRef}.
 *
 * @public
 */
export function resourceRefKey(ref: ResourceRef): string {
  return [ref.cluster, ref.group, ref.kind, ref.namespace, ref.name].join('|');
}

/**
 * `Kind namespace/name`, as messages name a resource.
 *
 * @public
 */
export function describeResourceRef(ref: ResourceRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
