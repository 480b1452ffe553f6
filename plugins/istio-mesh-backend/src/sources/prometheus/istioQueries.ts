import {
  ObservedConnections,
  ObservedOutlierEjections,
  ObservedRequests,
} from '@istio-mesh/plugin-istio-mesh-common';
import { PrometheusSample } from './prometheusClient';

// Who and where, without how: a source and a destination report of one
// edge share these.
const PEER_LABELS = [
  'source_workload',
  'source_workload_namespace',
  'destination_workload',
  'destination_workload_namespace',
  'destination_service',
];
const EDGE_LABELS = ['reporter', ...PEER_LABELS, 'connection_security_policy'];

/**
 * The aggregated instant queries of one read: four, whatever the number of
 * entities and workloads. Both proxies' reports are asked for: the
 * destination's says whether the connection was mTLS; the source's alone
 * sees calls to a destination without a proxy.
 */
export function istioQueries(window: string) {
  const requestsBy = [...EDGE_LABELS, 'destination_version'].join(', ');
  return {
    requests: `sum by (${requestsBy}) (rate(istio_requests_total[${window}]))`,
    errors: `sum by (${requestsBy}) (rate(istio_requests_total{response_code=~"5.."}[${window}]))`,
    connections: `sum by (${EDGE_LABELS.join(
      ', ',
    )}) (rate(istio_tcp_connections_opened_total[${window}]))`,
    // Not exported unless proxyStatsMatcher includes outlier_detection.
    outlierEjections: `sum by (cluster_name) (increase(envoy_cluster_outlier_detection_ejections_enforced_total[${window}]))`,
  };
}

const label = (sample: PrometheusSample, name: string) =>
  sample.labels[name] || 'unknown';

function edgeOf(sample: PrometheusSample) {
  return {
    source: {
      namespace: label(sample, 'source_workload_namespace'),
      workload: label(sample, 'source_workload'),
    },
    destination: {
      namespace: label(sample, 'destination_workload_namespace'),
      workload: label(sample, 'destination_workload'),
      service: label(sample, 'destination_service'),
    },
    connectionSecurityPolicy: label(sample, 'connection_security_policy'),
    reporter:
      sample.labels.reporter === 'source'
        ? ('source' as const)
        : ('destination' as const),
  };
}

const edgeKey = (sample: PrometheusSample) =>
  [...EDGE_LABELS, 'destination_version']
    .map(name => label(sample, name))
    .join('\u0000');

const peersKey = (sample: PrometheusSample) =>
  PEER_LABELS.map(name => label(sample, name)).join('\u0000');

/**
 * The destination proxy's reports, and the source proxy's for the edges no
 * destination proxy reported (a destination outside the mesh): each edge
 * is counted once.
 */
function reportedOnce(samples: PrometheusSample[]): PrometheusSample[] {
  const byDestination = new Set(
    samples
      .filter(s => s.labels.reporter === 'destination')
      .map(s => peersKey(s)),
  );
  return samples.filter(
    s =>
      s.labels.reporter === 'destination' ||
      (s.labels.reporter === 'source' && !byDestination.has(peersKey(s))),
  );
}

/** Request rates with their 5xx rates, one entry per edge and version. */
export function observedRequests(
  requests: PrometheusSample[],
  errors: PrometheusSample[],
): ObservedRequests[] {
  const errorRates = new Map(errors.map(e => [edgeKey(e), e.value]));
  return reportedOnce(requests).map(sample => {
    const edge = edgeOf(sample);
    return {
      ...edge,
      destination: {
        ...edge.destination,
        version: label(sample, 'destination_version'),
      },
      requestsPerSecond: sample.value,
      errorsPerSecond: errorRates.get(edgeKey(sample)) ?? 0,
    };
  });
}

/** TCP connection rates, one entry per edge. */
export function observedConnections(
  samples: PrometheusSample[],
): ObservedConnections[] {
  return reportedOnce(samples).map(sample => ({
    ...edgeOf(sample),
    connectionsPerSecond: sample.value,
  }));
}

/** Ejections by upstream; undefined when no proxy exports the counter. */
export function observedOutlierEjections(
  samples: PrometheusSample[],
): ObservedOutlierEjections[] | undefined {
  if (samples.length === 0) return undefined;
  return samples.map(sample => ({
    upstream: label(sample, 'cluster_name'),
    ejections: sample.value,
  }));
}
