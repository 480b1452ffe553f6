import { KubernetesObject } from '../resources/objects';

// Kinds without a namespace; everything else is namespaced.
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'GatewayClass',
  'IngressClass',
  'RuntimeClass',
  'APIService',
  'CSIDriver',
  'VolumeAttachment',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ClusterIssuer',
  'Istio',
  'IstioRevision',
  'IstioRevisionTag',
  'IstioCNI',
  'ZTunnel',
]);

/**
 * Whether objects of a kind live in a namespace.
 *
 * @public
 */
export function isNamespacedKind(kind: string): boolean {
  return !CLUSTER_SCOPED_KINDS.has(kind);
}

/**
 * Gives namespaced objects without `metadata.namespace` the default
 * namespace, as `istioctl analyze` does with files (`default` unless told
 * otherwise). An empty default leaves them without one, as istio's test
 * harness does. Returns new objects; the input is not changed.
 *
 * @public
 */
export function withDefaultNamespace<T extends KubernetesObject>(
  object: T,
  defaultNamespace: string,
): T {
  if (
    !defaultNamespace ||
    object.metadata.namespace ||
    !isNamespacedKind(object.kind)
  ) {
    return object;
  }
  return {
    ...object,
    metadata: { ...object.metadata, namespace: defaultNamespace },
  };
}
