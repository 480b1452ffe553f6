import { IstioMeshClient } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * The real client against a backend that answers every request with this
 * Backstage error, so a test sees the `ResponseError` the app would.
 */
export function clientAnsweringError(
  status: number,
  error: { name: string; message: string },
): IstioMeshClient {
  return new IstioMeshClient({
    discoveryApi: {
      getBaseUrl: async () => 'http://localhost:7007/api/istio-mesh',
    },
    fetchApi: {
      fetch: async () =>
        new Response(
          JSON.stringify({ error, response: { statusCode: status } }),
          { status, headers: { 'Content-Type': 'application/json' } },
        ),
    },
  });
}
