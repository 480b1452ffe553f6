import {
  AuthorizationPolicy,
  KubernetesObject,
  PeerAuthentication,
  Pod,
  PodController,
  Service,
} from './objects';

/**
 * Options that change how Istio interprets configuration.
 *
 * @public
 */
export interface MeshOptions {
  /** `meshConfig.rootNamespace`; defaults to `istio-system`. */
  rootNamespace?: string;
}

/**
 * Objects of one cluster (or one folder of manifests), grouped for lookup.
 *
 * @public
 */
export interface MeshIndex {
  rootNamespace: string;
  namespaces: Map<string, KubernetesObject>;
  pods: Pod[];
  /** Pod controllers (Deployment, ReplicaSet, ...) by `Kind/namespace/name`. */
  controllers: Map<string, PodController>;
  services: Service[];
  peerAuthentications: PeerAuthentication[];
  authorizationPolicies: AuthorizationPolicy[];
  virtualServices: KubernetesObject[];
  destinationRules: KubernetesObject[];
  /** ServiceAccounts as `namespace/name`. */
  serviceAccounts: Set<string>;
  /** Gateway API `Gateway` objects (waypoints among them). */
  gateways: KubernetesObject[];
}

const CONTROLLER_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
]);

/** `Kind/namespace/name` key of a namespaced object. @public */
export function controllerKey(kind: string, namespace: string, name: string) {
  return `${kind}/${namespace}/${name}`;
}

/**
 * Groups objects by the kinds the mesh model reads; other kinds are ignored,
 * as `istioctl analyze` ignores them.
 *
 * @public
 */
export function buildMeshIndex(
  objects: KubernetesObject[],
  options: MeshOptions = {},
): MeshIndex {
  const index: MeshIndex = {
    rootNamespace: options.rootNamespace ?? 'istio-system',
    namespaces: new Map(),
    pods: [],
    controllers: new Map(),
    services: [],
    peerAuthentications: [],
    authorizationPolicies: [],
    virtualServices: [],
    destinationRules: [],
    serviceAccounts: new Set(),
    gateways: [],
  };
  for (const object of objects) {
    const { kind, apiVersion } = object;
    const namespace = object.metadata.namespace ?? '';
    if (kind === 'Namespace' && apiVersion === 'v1') {
      index.namespaces.set(object.metadata.name, object);
    } else if (kind === 'Pod' && apiVersion === 'v1') {
      index.pods.push(object as Pod);
    } else if (kind === 'ServiceAccount' && apiVersion === 'v1') {
      index.serviceAccounts.add(`${namespace}/${object.metadata.name}`);
    } else if (kind === 'Service' && apiVersion === 'v1') {
      index.services.push(object as Service);
    } else if (
      kind === 'PeerAuthentication' &&
      apiVersion.startsWith('security.istio.io/')
    ) {
      index.peerAuthentications.push(object as PeerAuthentication);
    } else if (
      kind === 'AuthorizationPolicy' &&
      apiVersion.startsWith('security.istio.io/')
    ) {
      index.authorizationPolicies.push(object as AuthorizationPolicy);
    } else if (
      kind === 'VirtualService' &&
      apiVersion.startsWith('networking.istio.io/')
    ) {
      index.virtualServices.push(object);
    } else if (
      kind === 'DestinationRule' &&
      apiVersion.startsWith('networking.istio.io/')
    ) {
      index.destinationRules.push(object);
    } else if (
      kind === 'Gateway' &&
      apiVersion.startsWith('gateway.networking.k8s.io/')
    ) {
      index.gateways.push(object);
    } else if (CONTROLLER_KINDS.has(kind)) {
      index.controllers.set(
        controllerKey(kind, namespace, object.metadata.name),
        object as PodController,
      );
    }
  }
  return index;
}
