/**
 * Istio-shaped series for a real Prometheus: the standard metrics
 * (`istio_requests_total`, `istio_tcp_connections_opened_total`) as the
 * sidecars of the Online Boutique export them, written as OpenMetrics for
 * `promtool tsdb create-blocks-from openmetrics`.
 */

/** One edge of traffic at a steady rate. */
export interface TrafficEdge {
  from: string;
  to: string;
  /** The destination's `version` label; `unknown` without one. */
  version?: string;
  /** The Service called, when it is not named as `to`. */
  service?: string;
  protocol: 'http' | 'tcp';
  /** Requests (connections for TCP) per second. */
  perSecond: number;
  /** Share of requests answered 503. */
  errorShare?: number;
  /** `mutual_tls` or `none`, as the destination proxy reports it. */
  security: 'mutual_tls' | 'none';
  /** A destination without a proxy: only the source reports the edge. */
  destinationWithoutProxy?: boolean;
}

const NAMESPACE = 'boutique-dev';
const fqdn = (name: string) => `${name}.${NAMESPACE}.svc.cluster.local`;

/**
 * The boutique over a quarter of an hour: mTLS everywhere but the TCP edge
 * from cartservice into redis-cart, which runs without a proxy, and the
 * 90/10 productcatalogservice canary running at about 88/12.
 */
export const BOUTIQUE_TRAFFIC: TrafficEdge[] = [
  {
    from: 'istio-ingressgateway',
    to: 'frontend',
    version: 'v1',
    protocol: 'http',
    perSecond: 12,
    errorShare: 0.005,
    security: 'mutual_tls',
  },
  {
    from: 'frontend',
    to: 'cartservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 4,
    errorShare: 0.01,
    security: 'mutual_tls',
  },
  {
    from: 'checkoutservice',
    to: 'cartservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 1,
    security: 'mutual_tls',
  },
  {
    from: 'frontend',
    to: 'productcatalogservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 8.8,
    security: 'mutual_tls',
  },
  {
    from: 'frontend',
    to: 'productcatalogservice-v2',
    service: 'productcatalogservice',
    version: 'v2',
    protocol: 'http',
    perSecond: 1.2,
    security: 'mutual_tls',
  },
  {
    from: 'frontend',
    to: 'currencyservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 6,
    security: 'mutual_tls',
  },
  {
    from: 'frontend',
    to: 'recommendationservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 2,
    security: 'mutual_tls',
  },
  {
    from: 'frontend',
    to: 'adservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 2,
    security: 'mutual_tls',
  },
  {
    from: 'frontend',
    to: 'checkoutservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 0.5,
    security: 'mutual_tls',
  },
  {
    from: 'checkoutservice',
    to: 'paymentservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 0.5,
    security: 'mutual_tls',
  },
  {
    from: 'checkoutservice',
    to: 'shippingservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 0.5,
    security: 'mutual_tls',
  },
  {
    from: 'checkoutservice',
    to: 'emailservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 0.5,
    security: 'mutual_tls',
  },
  {
    from: 'recommendationservice',
    to: 'productcatalogservice',
    version: 'v1',
    protocol: 'http',
    perSecond: 1.76,
    security: 'mutual_tls',
  },
  {
    from: 'recommendationservice',
    to: 'productcatalogservice-v2',
    service: 'productcatalogservice',
    version: 'v2',
    protocol: 'http',
    perSecond: 0.24,
    security: 'mutual_tls',
  },
  {
    from: 'cartservice',
    to: 'redis-cart',
    protocol: 'tcp',
    perSecond: 0.5,
    security: 'none',
    destinationWithoutProxy: true,
  },
];

/** How long the series run, ending at the given instant. */
export const TRAFFIC_SECONDS = 15 * 60;
const SCRAPE_SECONDS = 15;

const labelText = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

/** The labels Istio's stats plugin sets, for one reporter. */
function istioLabels(edge: TrafficEdge, reporter: 'source' | 'destination') {
  const sourceNamespace =
    edge.from === 'istio-ingressgateway' ? 'istio-system' : NAMESPACE;
  return {
    reporter,
    source_workload: edge.from,
    source_workload_namespace: sourceNamespace,
    source_cluster: 'homelab',
    destination_workload: edge.to,
    destination_workload_namespace: NAMESPACE,
    destination_service: fqdn(edge.service ?? edge.to),
    destination_service_name: edge.service ?? edge.to,
    destination_version: edge.version ?? 'unknown',
    destination_cluster: 'homelab',
    // Only the destination proxy knows how the connection arrived.
    connection_security_policy:
      reporter === 'destination' ? edge.security : 'unknown',
    // The namespace of the pod scraped: the reporting proxy's.
    namespace: reporter === 'destination' ? NAMESPACE : sourceNamespace,
  };
}

/**
 * The traffic as OpenMetrics ending at `endSeconds` (Unix seconds): every
 * proxy scraped each 15 s for {@link TRAFFIC_SECONDS}, counters growing at
 * the edge's rate.
 */
export function istioOpenMetrics(
  traffic: TrafficEdge[],
  endSeconds: number,
): string {
  const requests: string[] = [];
  const connections: string[] = [];
  const start = endSeconds - TRAFFIC_SECONDS;
  for (const edge of traffic) {
    const reporters: Array<'source' | 'destination'> =
      edge.destinationWithoutProxy ? ['source'] : ['source', 'destination'];
    for (const reporter of reporters) {
      const labels = istioLabels(edge, reporter);
      const codes: Array<[string, number]> =
        edge.protocol === 'tcp'
          ? [['', 1]]
          : [
              ['200', 1 - (edge.errorShare ?? 0)],
              ...(edge.errorShare
                ? ([['503', edge.errorShare]] as Array<[string, number]>)
                : []),
            ];
      for (const [code, share] of codes) {
        const series =
          edge.protocol === 'tcp'
            ? labelText(labels)
            : labelText({
                ...labels,
                request_protocol: 'grpc',
                response_code: code,
              });
        const lines = edge.protocol === 'tcp' ? connections : requests;
        for (let t = start; t <= endSeconds; t += SCRAPE_SECONDS) {
          const value = edge.perSecond * share * (t - start);
          const name =
            edge.protocol === 'tcp'
              ? 'istio_tcp_connections_opened_total'
              : 'istio_requests_total';
          lines.push(`${name}${series} ${value.toFixed(3)} ${t}`);
        }
      }
    }
  }
  return [
    '# TYPE istio_requests counter',
    ...requests,
    '# TYPE istio_tcp_connections_opened counter',
    ...connections,
    '# EOF',
    '',
  ].join('\n');
}
