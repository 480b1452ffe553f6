import { MeshLinkBases } from '@istio-mesh/plugin-istio-mesh-common';
import { IstioMeshConfig } from '../../config';

/**
 * The base URLs entities link to: `istioMesh.links`, with Jaeger's UI
 * defaulting to the first Jaeger source's URL (the query service serves
 * the UI on the same port).
 */
export function meshLinkBases(
  config: Pick<IstioMeshConfig, 'links' | 'jaeger'>,
): MeshLinkBases {
  const { kiali, grafana, jaeger } = config.links;
  const jaegerUrl = jaeger?.url ?? config.jaeger[0]?.url;
  return {
    ...(kiali ? { kiali: kiali.url } : {}),
    ...(grafana
      ? {
          grafana: {
            url: grafana.url,
            ...(grafana.dashboards.workload
              ? { workloadDashboardUid: grafana.dashboards.workload }
              : {}),
          },
        }
      : {}),
    ...(jaegerUrl ? { jaeger: jaegerUrl } : {}),
  };
}
