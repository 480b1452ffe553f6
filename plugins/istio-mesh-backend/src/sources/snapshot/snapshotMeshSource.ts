import { ClusterMeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import { ClusterSnapshotConfig, SourceLimitsConfig } from '../../config';
import { readClusterSnapshot } from '../clusterSnapshotSource';

/** A cluster read from a snapshot file, as a mesh source (`snapshot:<cluster>`). */
export function snapshotMeshSource(
  snapshot: ClusterSnapshotConfig,
  options: { rootNamespace?: string; limits: SourceLimitsConfig },
): ClusterMeshSource {
  return {
    id: `snapshot:${snapshot.cluster}`,
    type: 'cluster-snapshot',
    provides: 'cluster',
    cluster: snapshot.cluster,
    label: `snapshot file ${snapshot.path}`,
    async read({ signal }) {
      const { source, ...data } = await readClusterSnapshot(
        snapshot,
        options.rootNamespace,
        { limits: options.limits, signal },
      );
      return { state: source, data };
    },
  };
}
