import { ClusterMeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import {
  KubernetesClusterConfig,
  KubernetesReadOptions,
  readKubernetesCluster,
} from './kubernetesClusterSource';

/**
 * A cluster read from its API server, as a mesh source
 * (`kubernetes:<name>`).
 */
export function kubernetesMeshSource(
  cluster: KubernetesClusterConfig,
  options: Omit<KubernetesReadOptions, 'signal'>,
): ClusterMeshSource {
  return {
    id: `kubernetes:${cluster.name}`,
    type: 'kubernetes',
    provides: 'cluster',
    cluster: cluster.name,
    label: `cluster ${cluster.name}`,
    async read({ signal }) {
      const { source, ...data } = await readKubernetesCluster(cluster, {
        ...options,
        signal,
      });
      return { state: source, data };
    },
  };
}
