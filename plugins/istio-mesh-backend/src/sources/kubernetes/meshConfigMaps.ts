import { KubernetesObject } from '@istio-mesh/plugin-istio-mesh-common';
import { ClusterApis } from './clusterResources';
import { keepUsedFields } from './keepUsedFields';
import { ListFailure, listAllPages, toListFailure } from './listAllPages';

/**
 * Names of Istio's own ConfigMaps: `istio` and `istio-<revision>` (mesh
 * configuration), `istio-sidecar-injector[-<revision>]` (injection).
 */
export function isIstioConfigMapName(name: string): boolean {
  return name === 'istio' || name.startsWith('istio-');
}

/** The namespaces istiod runs in: Deployments labelled `app: istiod`. */
export function istiodNamespaces(objects: unknown[]): string[] {
  const namespaces = new Set<string>();
  for (const object of objects as KubernetesObject[]) {
    if (
      object?.kind === 'Deployment' &&
      object.metadata?.labels?.app === 'istiod'
    ) {
      namespaces.add(object.metadata.namespace ?? '');
    }
  }
  return [...namespaces].filter(Boolean).sort();
}

/** What reading the mesh ConfigMaps gave. */
export interface MeshConfigMapsResult {
  objects: KubernetesObject[];
  /** One failure per namespace that could not be listed. */
  failures: ListFailure[];
}

/**
 * Lists the ConfigMaps of the namespaces istiod runs in, never cluster-wide,
 * and keeps only Istio's own (`istio`, `istio-*`) with the keys the model
 * reads. Never throws: a namespace that cannot be listed is a failure.
 */
export async function readMeshConfigMaps(
  apis: ClusterApis,
  namespaces: string[],
  options: {
    pageSize: number;
    requestTimeoutMs: number;
    maxAttempts?: number;
    signal?: AbortSignal;
  },
): Promise<MeshConfigMapsResult> {
  const result: MeshConfigMapsResult = { objects: [], failures: [] };
  for (const namespace of namespaces) {
    const resource = `configmaps in namespace ${namespace}`;
    try {
      const items = await listAllPages(
        (page, requestOptions) =>
          apis.core.listNamespacedConfigMap(
            { namespace, ...page },
            requestOptions,
          ),
        resource,
        options,
      );
      for (const item of items) {
        const name = (item as KubernetesObject)?.metadata?.name ?? '';
        if (!isIstioConfigMapName(name)) continue;
        result.objects.push(
          keepUsedFields(
            item,
            'ConfigMap',
            'v1',
          ) as unknown as KubernetesObject,
        );
      }
    } catch (error) {
      result.failures.push(
        toListFailure(
          error,
          resource,
          options.requestTimeoutMs,
          options.signal,
        ),
      );
    }
  }
  return result;
}
