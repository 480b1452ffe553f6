/**
 * The few Kubernetes object fields this project reads. Objects keep every
 * other field they arrive with; these types only name what is used.
 */

/** @public */
export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

/** @public */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  ownerReferences?: OwnerReference[];
}

/**
 * Any Kubernetes object, typed only as far as its identity.
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

/** @public */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** @public */
export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  /** `Always` on an init container marks a native sidecar. */
  restartPolicy?: string;
}

/** @public */
export interface ContainerStatus {
  name: string;
  ready: boolean;
}

/** @public */
export interface PodSpec {
  serviceAccountName?: string;
  hostNetwork?: boolean;
  containers: Container[];
  initContainers?: Container[];
}

/** @public */
export interface Pod extends KubernetesObject {
  kind: 'Pod';
  spec: PodSpec;
  status?: {
    phase?: string;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

/** A controller with a pod template: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job. @public */
export interface PodController extends KubernetesObject {
  spec: {
    template?: { metadata?: Partial<ObjectMeta>; spec?: PodSpec };
    selector?: { matchLabels?: Record<string, string> };
  };
}

/** @public */
export interface ServicePort {
  name?: string;
  /** The port's protocol for Istio, over the name prefix (`http`, `grpc`, `tcp`...). */
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

/** @public */
export interface Service extends KubernetesObject {
  kind: 'Service';
  spec: {
    selector?: Record<string, string>;
    ports?: ServicePort[];
    type?: string;
  };
}

/**
 * PeerAuthentication mode as written in a manifest.
 *
 * @public
 */
export type PeerAuthenticationMode =
  | 'UNSET'
  | 'DISABLE'
  | 'PERMISSIVE'
  | 'STRICT';

/** @public */
export interface PeerAuthentication extends KubernetesObject {
  kind: 'PeerAuthentication';
  spec: {
    selector?: { matchLabels?: Record<string, string> };
    mtls?: { mode?: PeerAuthenticationMode };
    portLevelMtls?: Record<string, { mode?: PeerAuthenticationMode }>;
  };
}

/**
 * The API group of an `apiVersion`: `apps/v1` gives `apps`, `v1` gives the
 * empty core group.
 *
 * @public
 */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Identity of an object as Kubernetes sees it, `group/kind/namespace/name`:
 * two objects with the same identity are the same object, whatever their
 * apiVersion.
 *
 * @public
 */
export function objectIdentity(object: KubernetesObject): string {
  const { namespace = '', name } = object.metadata;
  return `${apiGroupOf(object.apiVersion)}/${object.kind}/${namespace}/${name}`;
}

/** `namespace/name`, or `name` for cluster-scoped objects. @public */
export function objectKey(object: KubernetesObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** @public */
export interface PolicyTargetReference {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** @public */
export interface AuthorizationSource {
  principals?: string[];
  notPrincipals?: string[];
  requestPrincipals?: string[];
  notRequestPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  serviceAccounts?: string[];
  notServiceAccounts?: string[];
  ipBlocks?: string[];
  notIpBlocks?: string[];
  remoteIpBlocks?: string[];
  notRemoteIpBlocks?: string[];
  trustDomains?: string[];
  notTrustDomains?: string[];
}

/** @public */
export interface AuthorizationOperation {
  hosts?: string[];
  notHosts?: string[];
  ports?: string[];
  notPorts?: string[];
  methods?: string[];
  notMethods?: string[];
  paths?: string[];
  notPaths?: string[];
}

/** @public */
export interface AuthorizationCondition {
  key: string;
  values?: string[];
  notValues?: string[];
}

/** @public */
export interface AuthorizationRule {
  from?: Array<{ source?: AuthorizationSource }>;
  to?: Array<{ operation?: AuthorizationOperation }>;
  when?: AuthorizationCondition[];
}

/** @public */
export type AuthorizationAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

/** @public */
export interface AuthorizationPolicy extends KubernetesObject {
  kind: 'AuthorizationPolicy';
  spec: {
    selector?: { matchLabels?: Record<string, string> };
    targetRef?: PolicyTargetReference;
    targetRefs?: PolicyTargetReference[];
    action?: AuthorizationAction;
    provider?: { name?: string };
    rules?: AuthorizationRule[];
  };
}
