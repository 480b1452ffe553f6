import {
  ClusterEvaluation,
  SourceState,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * One `argocd:<cluster>` source per cluster whose read says anything about
 * Argo CD: `ok` with the number of Applications, `not-configured` when the
 * Application CRD is not installed, `error` when Applications could not be
 * listed. Clusters that could not be read at all already report that in
 * their own source.
 */
export function argoSources(
  clusters: ClusterEvaluation[],
): Omit<SourceState, 'ageSeconds'>[] {
  return clusters.flatMap(
    ({ cluster, argo }): Omit<SourceState, 'ageSeconds'>[] => {
      if (!argo) return [];
      const id = `argocd:${cluster}`;
      if (argo.status === 'ok') {
        const count = argo.applications.length;
        return [
          {
            id,
            type: 'argocd',
            status: 'ok',
            message: `${count} Application${
              count === 1 ? '' : 's'
            } in cluster ${cluster}`,
          },
        ];
      }
      return [
        {
          id,
          type: 'argocd',
          status: argo.status === 'not-installed' ? 'not-configured' : 'error',
          message: argo.reason,
        },
      ];
    },
  );
}
