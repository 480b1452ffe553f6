import { TracesMeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import { SourceRequestError } from '../http/sourceHttpClient';
import { JaegerClient } from './jaegerClient';

/**
 * A Jaeger query service as a trace source (`jaeger:<name>`). One read
 * asks for the services Jaeger has traces of and for the dependency graph
 * over its lookback: two requests per refresh whatever the number of
 * entities (and the API probe, once). A request that fails fails the
 * read, `unauthorized` for refused credentials and `error` otherwise.
 */
export function jaegerMeshSource(client: JaegerClient): TracesMeshSource {
  const { config } = client;
  const id = `jaeger:${config.name}`;
  return {
    id,
    type: 'jaeger',
    provides: 'traces',
    label: `Jaeger ${config.name}`,
    async read({ signal, now }) {
      try {
        const [services, dependencies] = await Promise.all([
          client.services(signal),
          client.dependencies(
            { end: now, lookbackMs: config.lookbackMs },
            signal,
          ),
        ]);
        return {
          state: { id, type: 'jaeger', status: 'ok' },
          data: {
            traces: {
              source: id,
              lookback: config.lookback,
              ...(config.clusters ? { clusters: config.clusters } : {}),
              evaluatedAt: now.toISOString(),
              services,
              dependencies,
            },
          },
        };
      } catch (error) {
        if (!(error instanceof SourceRequestError)) throw error;
        return {
          state: {
            id,
            type: 'jaeger',
            status: error.status,
            message: error.message,
          },
          data: {},
        };
      }
    },
  };
}
