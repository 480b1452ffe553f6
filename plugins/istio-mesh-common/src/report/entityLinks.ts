import { EntityLink } from '../types/links';

/**
 * Browser-facing base URLs of the mesh's observability tools
 * (`istioMesh.links`), each optional.
 *
 * @public
 */
export interface MeshLinkBases {
  /** Kiali with its web root, e.g. `https://kiali.example/kiali`. */
  kiali?: string;
  grafana?: {
    url: string;
    /**
     * UID of Istio's workload dashboard; without it the link opens
     * Grafana's search for the dashboard by its title.
     */
    workloadDashboardUid?: string;
  };
  /** Jaeger's UI, e.g. `https://jaeger.example`. */
  jaeger?: string;
}

/**
 * Title of the workload dashboard Istio ships for Grafana.
 *
 * @public
 */
export const ISTIO_WORKLOAD_DASHBOARD = 'Istio Workload Dashboard';

const trim = (url: string) => url.replace(/\/+$/, '');
const query = (params: Record<string, string>) =>
  new URLSearchParams(params).toString();

/**
 * Deep links for an entity: Kiali's graph of each of its namespaces and
 * each workload's Kiali page, Istio's Grafana workload dashboard per
 * workload, and Jaeger's search per traced service over `lookback`. Empty
 * when no tool is configured.
 *
 * @public
 */
export function entityLinks(
  bases: MeshLinkBases,
  workloads: Array<{ namespace: string; name: string }>,
  traceServices: string[],
  lookback = '1h',
): EntityLink[] {
  const links: EntityLink[] = [];
  const namespaces = [...new Set(workloads.map(w => w.namespace))].sort();
  if (bases.kiali) {
    const kiali = trim(bases.kiali);
    for (const namespace of namespaces) {
      links.push({
        kind: 'kiali',
        title: `Kiali graph of ${namespace}`,
        url: `${kiali}/console/graph/namespaces/?${query({
          namespaces: namespace,
          graphType: 'versionedApp',
        })}`,
      });
    }
    for (const w of workloads) {
      links.push({
        kind: 'kiali',
        title: `Kiali: workload ${w.namespace}/${w.name}`,
        url: `${kiali}/console/namespaces/${encodeURIComponent(
          w.namespace,
        )}/workloads/${encodeURIComponent(w.name)}`,
      });
    }
  }
  if (bases.grafana) {
    const grafana = trim(bases.grafana.url);
    const uid = bases.grafana.workloadDashboardUid;
    for (const w of workloads) {
      links.push({
        kind: 'grafana',
        title: `Grafana: ${ISTIO_WORKLOAD_DASHBOARD} of ${w.namespace}/${w.name}`,
        url: uid
          ? `${grafana}/d/${encodeURIComponent(uid)}/?${query({
              'var-namespace': w.namespace,
              'var-workload': w.name,
            })}`
          : `${grafana}/dashboards?${query({
              query: ISTIO_WORKLOAD_DASHBOARD,
            })}`,
      });
    }
  }
  if (bases.jaeger) {
    const jaeger = trim(bases.jaeger);
    for (const service of traceServices) {
      links.push({
        kind: 'jaeger',
        title: `Jaeger: traces of ${service}`,
        url: `${jaeger}/search?${query({ service, lookback })}`,
      });
    }
  }
  return links;
}
