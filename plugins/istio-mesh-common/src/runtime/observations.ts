/**
 * A workload as Istio's standard metrics name it.
 *
 * @public
 */
export interface ObservedWorkload {
  namespace: string;
  /** `source_workload` / `destination_workload`, or `unknown` outside the mesh. */
  workload: string;
}

/**
 * Which proxy reported an edge: the destination's (which knows whether the
 * connection was mTLS), or, for a destination without a proxy, only the
 * source's.
 *
 * @public
 */
export type ObservedReporter = 'destination' | 'source';

/**
 * Requests between two workloads over the window
 * (`istio_requests_total`), for one `connection_security_policy` and
 * `destination_version`, each edge counted once.
 *
 * @public
 */
export interface ObservedRequests {
  reporter: ObservedReporter;
  source: ObservedWorkload;
  destination: ObservedWorkload & {
    /** `destination_version` (the pod's `version` label), `unknown` when unset. */
    version: string;
    /** `destination_service`, e.g. `cartservice.boutique.svc.cluster.local`. */
    service: string;
  };
  /** `mutual_tls`, `none` or `unknown`, as Istio reports it. */
  connectionSecurityPolicy: string;
  requestsPerSecond: number;
  /** Of those, requests answered with a 5xx. */
  errorsPerSecond: number;
}

/**
 * TCP connections opened between two workloads over the window
 * (`istio_tcp_connections_opened_total`), each edge counted once.
 *
 * @public
 */
export interface ObservedConnections {
  reporter: ObservedReporter;
  source: ObservedWorkload;
  destination: ObservedWorkload & { service: string };
  connectionSecurityPolicy: string;
  connectionsPerSecond: number;
}

/**
 * Envoy's outlier ejections towards one upstream cluster of the proxies,
 * e.g. `outbound|7070||cartservice.boutique.svc.cluster.local`.
 *
 * @public
 */
export interface ObservedOutlierEjections {
  /** Envoy's cluster name. */
  upstream: string;
  /** Ejections enforced over the window. */
  ejections: number;
}

/**
 * What one metrics source (a Prometheus) observed over its window: the
 * aggregated Istio standard metrics of every workload it scrapes.
 *
 * @public
 */
export interface RuntimeObservations {
  /** Source id, e.g. `prometheus:homelab`. */
  source: string;
  /** The window rates are computed over, e.g. `5m`. */
  window: string;
  /** Clusters the source covers; undefined for every cluster. */
  clusters?: string[];
  /** Percentage points an observed split may differ from its weights. */
  splitTolerance: number;
  /** The instant the queries were evaluated at (ISO). */
  evaluatedAt: string;
  requests: ObservedRequests[];
  connections: ObservedConnections[];
  /**
   * Outlier ejections by upstream, or undefined when Envoy's
   * `outlier_detection` counters are not exported (Istio does not by default).
   */
  outlierEjections?: ObservedOutlierEjections[];
}
