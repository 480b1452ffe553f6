import { KubernetesObject } from '../resources/objects';
import {
  ArgoApplication,
  ArgoClusterState,
  isArgoApplication,
  parseArgoApplication,
} from './argoApplications';
import { apiGroupOf } from '../resources/objects';

/**
 * API groups whose objects configure the mesh: Istio's and the Kubernetes
 * Gateway API's.
 *
 * @public
 */
export const MESH_API_GROUPS: readonly string[] = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
  'gateway.networking.k8s.io',
];

/**
 * Whether an object is an Istio or Gateway API resource (PeerAuthentication,
 * AuthorizationPolicy, VirtualService, HTTPRoute, ...).
 *
 * @public
 */
export function isMeshResource(object: KubernetesObject): boolean {
  return MESH_API_GROUPS.includes(apiGroupOf(object.apiVersion));
}

/**
 * What the GitOps criteria need from one cluster's objects.
 *
 * @public
 */
export interface ClusterGitopsInputs {
  /** Argo CD in the cluster; undefined when nothing says whether it is installed. */
  argo?: ArgoClusterState;
  /** The cluster's Istio and Gateway API objects. */
  meshResources: KubernetesObject[];
  /** Applications that could not be read, each naming the Application and the field. */
  problems: string[];
}

/**
 * Picks the Argo CD Applications and the mesh resources out of everything
 * listed from a cluster. Argo CD is `ok` when Applications are among the
 * objects or the caller knows the Application CRD is installed
 * (`argoInstalled: true`), `not-installed` when the caller knows it is not,
 * and left undefined otherwise (e.g. a snapshot file without Applications).
 * An Application with a malformed field is left out and reported in
 * `problems`.
 *
 * @public
 */
export function clusterGitopsInputs(
  objects: KubernetesObject[],
  cluster: string,
  argoInstalled: boolean | undefined,
): ClusterGitopsInputs {
  const applications: ArgoApplication[] = [];
  const problems: string[] = [];
  let applicationObjects = 0;
  for (const object of objects.filter(isArgoApplication)) {
    applicationObjects++;
    try {
      applications.push(parseArgoApplication(object, cluster));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const meshResources = objects.filter(isMeshResource);
  if (applicationObjects > 0 || argoInstalled) {
    return { argo: { status: 'ok', applications }, meshResources, problems };
  }
  if (argoInstalled === false) {
    return {
      argo: {
        status: 'not-installed',
        reason: `Argo CD is not installed in cluster ${cluster} (no Application CRD)`,
      },
      meshResources,
      problems,
    };
  }
  return { meshResources, problems };
}
