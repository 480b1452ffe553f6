import { RuntimeMeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import { PrometheusClient } from './prometheusClient';
import { SourceRequestError } from '../http/sourceHttpClient';
import { PrometheusSourceConfig } from './prometheusConfig';
import {
  istioQueries,
  observedConnections,
  observedOutlierEjections,
  observedRequests,
} from './istioQueries';

/**
 * A Prometheus scraping Istio's standard metrics, as a runtime source
 * (`prometheus:<name>`). One read makes the same four aggregated instant
 * queries, all evaluated at the read's `now`; a query that fails fails the
 * read, with `unauthorized` for refused credentials and `error` otherwise.
 */
export function prometheusMeshSource(
  config: PrometheusSourceConfig,
): RuntimeMeshSource {
  const id = `prometheus:${config.name}`;
  const client = new PrometheusClient(config);
  const queries = istioQueries(config.window);
  return {
    id,
    type: 'prometheus',
    provides: 'runtime',
    label: `Prometheus ${config.name}`,
    async read({ signal, now }) {
      const query = (promql: string) =>
        client.query(promql, { time: now, signal });
      try {
        const [requests, errors, connections, ejections] = await Promise.all([
          query(queries.requests),
          query(queries.errors),
          query(queries.connections),
          query(queries.outlierEjections),
        ]);
        return {
          state: { id, type: 'prometheus', status: 'ok' },
          data: {
            observations: {
              source: id,
              window: config.window,
              ...(config.clusters ? { clusters: config.clusters } : {}),
              splitTolerance: config.splitTolerance,
              evaluatedAt: now.toISOString(),
              requests: observedRequests(requests, errors),
              connections: observedConnections(connections),
              outlierEjections: observedOutlierEjections(ejections),
            },
          },
        };
      } catch (error) {
        if (!(error instanceof SourceRequestError)) throw error;
        return {
          state: {
            id,
            type: 'prometheus',
            status: error.status,
            message: error.message,
          },
          data: {},
        };
      }
    },
  };
}
