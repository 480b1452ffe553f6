import { DashboardsMeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import {
  GrafanaDashboards,
  ISTIO_DASHBOARDS,
} from '@istio-mesh/plugin-istio-mesh-common';
import { SourceHttpClient, SourceRequestError } from '../http/sourceHttpClient';
import { LinksConfig } from '../../service/links/linksConfig';

const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

type DashboardKey = keyof typeof ISTIO_DASHBOARDS;

/**
 * The Grafana of `istioMesh.links`, read with its service-account token
 * (`grafana:links`): one search for Istio's dashboards per refresh (and,
 * for a configured uid the search does not show, one lookup by uid).
 * `metrics` then checks that they exist.
 */
export function grafanaMeshSource(
  grafana: NonNullable<LinksConfig['grafana']> & { token: string },
): DashboardsMeshSource {
  const id = 'grafana:links';
  const http = new SourceHttpClient({
    url: grafana.url,
    auth: { bearerToken: grafana.token },
    label: 'Grafana',
    authKey: 'istioMesh.links.grafana.token',
    maxResponseBytes: MAX_RESPONSE_BYTES,
    maxResponseBytesKey: "Grafana's search answers are capped",
  });
  const failed = (path: string, status: number) =>
    new SourceRequestError(
      'error',
      `Grafana answered ${grafana.url}${path} with HTTP ${status}`,
    );
  return {
    id,
    type: 'grafana',
    provides: 'dashboards',
    label: 'Grafana',
    async read({ signal }) {
      try {
        const path = '/api/search';
        const { status, json } = await http.request(
          `${path}?${new URLSearchParams({ type: 'dash-db', query: 'Istio' })}`,
          {},
          signal,
        );
        if (status !== 200 || !Array.isArray(json)) throw failed(path, status);
        const listed = json as Array<{ uid?: string; title?: string }>;
        const found: GrafanaDashboards['found'] = {};
        for (const key of Object.keys(ISTIO_DASHBOARDS) as DashboardKey[]) {
          const uid = grafana.dashboards[key];
          const match = listed.find(d =>
            uid ? d.uid === uid : d.title === ISTIO_DASHBOARDS[key],
          );
          if (match?.uid) {
            found[key] = match.uid;
          } else if (uid) {
            const byUid = `/api/dashboards/uid/${encodeURIComponent(uid)}`;
            const answer = await http.request(byUid, {}, signal);
            if (answer.status === 200) found[key] = uid;
            else if (answer.status !== 404) throw failed(byUid, answer.status);
          }
        }
        return {
          state: { id, type: 'grafana', status: 'ok' },
          data: { dashboards: { source: id, found } },
        };
      } catch (error) {
        if (!(error instanceof SourceRequestError)) throw error;
        return {
          state: {
            id,
            type: 'grafana',
            status: error.status,
            message: error.message,
          },
          data: {},
        };
      }
    },
  };
}
