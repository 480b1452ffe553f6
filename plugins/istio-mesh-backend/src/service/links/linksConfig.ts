import { Config } from '@backstage/config';

/** `istioMesh.links`: where a browser reaches Kiali, Grafana and Jaeger. */
export interface LinksConfig {
  kiali?: { url: string };
  grafana?: {
    url: string;
    /** A service-account token: Istio's dashboards are then checked. */
    token?: string;
    dashboards: { workload?: string; service?: string };
  };
  jaeger?: { url: string };
}

function readUrl(config: Config, key: string): string {
  const url = config.getString(key);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`istioMesh.links.${key} is not an http(s) URL`);
  }
  const parsed = new URL(url);
  // Links are served to every reader of an entity.
  if (parsed.username || parsed.password) {
    throw new Error(`istioMesh.links.${key} must not hold credentials`);
  }
  return url.replace(/\/+$/, '');
}

/** Reads `istioMesh.links`; invalid URLs throw naming the key. */
export function readLinksConfig(config: Config): LinksConfig {
  const links = config.getOptionalConfig('istioMesh.links');
  if (!links) return {};
  const kiali = links.getOptionalConfig('kiali');
  const grafana = links.getOptionalConfig('grafana');
  const jaeger = links.getOptionalConfig('jaeger');
  const dashboards = grafana?.getOptionalConfig('dashboards');
  return {
    ...(kiali ? { kiali: { url: readUrl(links, 'kiali.url') } } : {}),
    ...(grafana
      ? {
          grafana: {
            url: readUrl(links, 'grafana.url'),
            ...(grafana.has('token')
              ? { token: grafana.getString('token') }
              : {}),
            dashboards: {
              workload: dashboards?.getOptionalString('workload'),
              service: dashboards?.getOptionalString('service'),
            },
          },
        }
      : {}),
    ...(jaeger ? { jaeger: { url: readUrl(links, 'jaeger.url') } } : {}),
  };
}
