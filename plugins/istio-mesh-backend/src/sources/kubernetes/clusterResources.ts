import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';

/** The API clients of one cluster. */
export interface ClusterApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  admission: AdmissionregistrationV1Api;
  custom: CustomObjectsApi;
}

/** One page of a LIST, typed (core, apps) or plain JSON (custom resources). */
export interface ListPage {
  metadata?: { _continue?: string; continue?: string };
  items?: unknown[];
}

/** Query of one LIST request. */
export interface PageRequest {
  limit: number;
  _continue?: string;
}

/** A kind read from every cluster, with one cluster-wide LIST. */
export interface ClusterResource {
  kind: string;
  group: string;
  plural: string;
  /** Versions to try, preferred first; the next is tried when one is not served (404). */
  versions: string[];
  /**
   * Whether workloads cannot be evaluated without it. A required kind that
   * cannot be listed makes the cluster unavailable; an optional one (a CRD)
   * that is not installed is skipped, and one that fails makes the data partial.
   */
  required: boolean;
  list(
    apis: ClusterApis,
    version: string,
    page: PageRequest,
    options: ConfigurationOptions,
  ): Promise<ListPage>;
}

/**
 * A custom resource, optional since its CRD may not be installed. One
 * cluster-wide LIST serves namespaced and cluster-scoped kinds alike
 * (`/apis/<group>/<version>/<plural>`).
 */
function customResource(
  group: string,
  versions: string[],
  kind: string,
  plural: string,
): ClusterResource {
  return {
    kind,
    group,
    plural,
    versions,
    required: false,
    list: ({ custom }, version, page, options) =>
      custom.listClusterCustomObject(
        { group, version, plural, ...page },
        options,
      ),
  };
}

const ISTIO_SECURITY_VERSIONS = ['v1', 'v1beta1'];
// networking.istio.io/v1 exists from Istio 1.22; v1beta1 serves the same schema before.
const ISTIO_NETWORKING_VERSIONS = ['v1', 'v1beta1'];
// telemetry.istio.io/v1 exists from Istio 1.22 too; v1alpha1 before.
const ISTIO_TELEMETRY_VERSIONS = ['v1', 'v1alpha1'];
// Label of the webhooks that carry revision tags (`istioctl tag`, Sail IstioRevisionTag).
const REVISION_TAG_LABEL = 'istio.io/tag';

/**
 * Every kind the mesh model reads. Secrets are deliberately absent: they are
 * never listed.
 */
export const CLUSTER_RESOURCES: ClusterResource[] = [
  {
    kind: 'Namespace',
    group: '',
    plural: 'namespaces',
    versions: ['v1'],
    required: true,
    list: ({ core }, _v, page, options) => core.listNamespace(page, options),
  },
  {
    kind: 'Pod',
    group: '',
    plural: 'pods',
    versions: ['v1'],
    required: true,
    list: ({ core }, _v, page, options) =>
      core.listPodForAllNamespaces(page, options),
  },
  {
    kind: 'Service',
    group: '',
    plural: 'services',
    versions: ['v1'],
    required: true,
    list: ({ core }, _v, page, options) =>
      core.listServiceForAllNamespaces(page, options),
  },
  {
    kind: 'ServiceAccount',
    group: '',
    plural: 'serviceaccounts',
    versions: ['v1'],
    required: true,
    list: ({ core }, _v, page, options) =>
      core.listServiceAccountForAllNamespaces(page, options),
  },
  {
    kind: 'Deployment',
    group: 'apps',
    plural: 'deployments',
    versions: ['v1'],
    required: true,
    list: ({ apps }, _v, page, options) =>
      apps.listDeploymentForAllNamespaces(page, options),
  },
  {
    kind: 'ReplicaSet',
    group: 'apps',
    plural: 'replicasets',
    versions: ['v1'],
    required: true,
    list: ({ apps }, _v, page, options) =>
      apps.listReplicaSetForAllNamespaces(page, options),
  },
  {
    kind: 'StatefulSet',
    group: 'apps',
    plural: 'statefulsets',
    versions: ['v1'],
    required: true,
    list: ({ apps }, _v, page, options) =>
      apps.listStatefulSetForAllNamespaces(page, options),
  },
  {
    kind: 'DaemonSet',
    group: 'apps',
    plural: 'daemonsets',
    versions: ['v1'],
    required: true,
    list: ({ apps }, _v, page, options) =>
      apps.listDaemonSetForAllNamespaces(page, options),
  },
  customResource(
    'security.istio.io',
    ISTIO_SECURITY_VERSIONS,
    'PeerAuthentication',
    'peerauthentications',
  ),
  customResource(
    'security.istio.io',
    ISTIO_SECURITY_VERSIONS,
    'AuthorizationPolicy',
    'authorizationpolicies',
  ),
  customResource(
    'security.istio.io',
    ISTIO_SECURITY_VERSIONS,
    'RequestAuthentication',
    'requestauthentications',
  ),
  customResource(
    'networking.istio.io',
    ISTIO_NETWORKING_VERSIONS,
    'VirtualService',
    'virtualservices',
  ),
  customResource(
    'networking.istio.io',
    ISTIO_NETWORKING_VERSIONS,
    'DestinationRule',
    'destinationrules',
  ),
  customResource(
    'networking.istio.io',
    ISTIO_NETWORKING_VERSIONS,
    'Gateway',
    'gateways',
  ),
  customResource(
    'networking.istio.io',
    ISTIO_NETWORKING_VERSIONS,
    'ServiceEntry',
    'serviceentries',
  ),
  customResource(
    'networking.istio.io',
    ISTIO_NETWORKING_VERSIONS,
    'Sidecar',
    'sidecars',
  ),
  customResource('argoproj.io', ['v1alpha1'], 'Application', 'applications'),
  customResource(
    'telemetry.istio.io',
    ISTIO_TELEMETRY_VERSIONS,
    'Telemetry',
    'telemetries',
  ),
  // Gateway API Gateways: waypoints (class istio-waypoint) among them.
  customResource('gateway.networking.k8s.io', ['v1'], 'Gateway', 'gateways'),
  // Cluster-scoped: the Sail Operator's control-plane resource.
  customResource('sailoperator.io', ['v1'], 'Istio', 'istios'),
  {
    // Only the revision-tag webhooks, and only their labels and names are kept.
    kind: 'MutatingWebhookConfiguration',
    group: 'admissionregistration.k8s.io',
    plural: 'mutatingwebhookconfigurations',
    versions: ['v1'],
    required: false,
    list: ({ admission }, _v, page, options) =>
      admission.listMutatingWebhookConfiguration(
        { ...page, labelSelector: REVISION_TAG_LABEL },
        options,
      ),
  },
];

/** kubectl's name for a resource: `pods`, `deployments.apps`. */
export function resourceName(resource: ClusterResource): string {
  return resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
}

/** `v1`, `apps/v1`, `security.istio.io/v1beta1`. */
export function apiVersionOf(resource: ClusterResource, version: string) {
  return resource.group ? `${resource.group}/${version}` : version;
}
