import { KubernetesObject } from '../resources/objects';
import { resolveShortName } from '../resolution/hosts';
import {
  destinationRuleSpec,
  routeWeights,
  virtualServiceSpec,
} from '../resolution/trafficBinding';
import { ObservedWorkload, RuntimeObservations } from './observations';

/**
 * Whether the traffic of an edge was Istio mTLS: `all`, `partial` or `none`
 * of it.
 *
 * @public
 */
export type ObservedMtls = 'all' | 'partial' | 'none';

/**
 * Traffic observed between one of an entity's workloads and a peer.
 *
 * @public
 */
export interface RuntimeEdge {
  /** `inbound`: the peer calls the entity; `outbound`: the entity calls it. */
  direction: 'inbound' | 'outbound';
  /** The entity's workload at this end of the edge. */
  workload: string;
  /** HTTP/gRPC requests, or TCP connections for plain TCP. */
  protocol: 'http' | 'tcp';
  peer: { cluster: string; namespace: string; workload: string };
  /** Requests (connections for TCP) per second over the window. */
  requestsPerSecond: number;
  /** Share of requests not answered with a 5xx; null for TCP. */
  successRate: number | null;
  mtls: ObservedMtls;
}

/**
 * One weighted destination of a VirtualService route, and the share of
 * requests the destination versions actually received.
 *
 * @public
 */
export interface ObservedSplitEntry {
  /** The route's host, as the Service's FQDN. */
  host: string;
  subset: string;
  /** The DestinationRule subset's `version` label (the subset's name when it has none). */
  version: string;
  /** The VirtualService, `namespace/name`. */
  virtualService: string;
  /** Configured share in percent, 0 to 100. */
  configuredWeight: number;
  /** Observed share in percent, 0 to 100. */
  observedShare: number;
}

/**
 * What the runtime source observed for an entity over its window.
 *
 * @public
 */
export interface EntityRuntime {
  window: string;
  /** The source id, e.g. `prometheus:homelab`. */
  source: string;
  /** When the queries were evaluated (ISO). */
  evaluatedAt: string;
  mtlsShare: {
    /** Share (0 to 1) of inbound requests and connections over mTLS; null without inbound traffic. */
    inbound: number | null;
  };
  edges: RuntimeEdge[];
  observedSplit: ObservedSplitEntry[];
  /**
   * Envoy outlier ejections towards the entity's hosts over the window, or
   * undefined when Envoy's outlier_detection counters are not exported
   * (Istio's default proxyStatsMatcher leaves them out).
   */
  outlierEjections?: number;
  /** Percentage points an observed split may differ from its weights. */
  splitTolerance: number;
}

/**
 * An entity's workload and the objects of its cluster.
 *
 * @public
 */
export interface RuntimeWorkload {
  cluster?: string;
  namespace: string;
  name: string;
  /** `namespace/name` of the VirtualServices routing to it. */
  virtualServices: string[];
  /** `namespace/name` of the DestinationRules of its Services. */
  destinationRules: string[];
  /** Names of its Services, in its namespace. */
  services?: string[];
}

/**
 * Whether Istio mTLS carried the traffic. Only a destination proxy says so;
 * an edge only its source reported has no proxy at the destination to
 * terminate mTLS, so it went in plaintext.
 */
const isMtls = (sample: {
  reporter: string;
  connectionSecurityPolicy: string;
}) =>
  sample.reporter === 'destination' &&
  sample.connectionSecurityPolicy === 'mutual_tls';

const sameWorkload = (observed: ObservedWorkload, workload: RuntimeWorkload) =>
  observed.namespace === workload.namespace &&
  observed.workload === workload.name;

/**
 * The observations of the first source covering one of the workloads' clusters.
 *
 * @public
 */
export function observationsFor(
  workloads: RuntimeWorkload[],
  observations: RuntimeObservations[],
): RuntimeObservations | undefined {
  return observations.find(o =>
    workloads.some(
      w =>
        !o.clusters ||
        (w.cluster !== undefined && o.clusters.includes(w.cluster)),
    ),
  );
}

interface EdgeTotals {
  edge: Omit<RuntimeEdge, 'requestsPerSecond' | 'successRate' | 'mtls'>;
  total: number;
  mtls: number;
  errors: number;
}

/**
 * The entity's observed traffic: its edges (requests and TCP connections,
 * summed per direction, peer and protocol), the share of inbound traffic
 * over mTLS, and the split its VirtualServices' weighted routes received.
 *
 * @public
 */
export function entityRuntime(
  workloads: RuntimeWorkload[],
  observations: RuntimeObservations,
  meshResources: KubernetesObject[],
): EntityRuntime {
  const peerCluster = (workload: RuntimeWorkload) =>
    workload.cluster ??
    (observations.clusters?.length === 1
      ? observations.clusters[0]
      : 'unknown');
  const totals = new Map<string, EdgeTotals>();
  const add = (
    edge: EdgeTotals['edge'],
    rate: number,
    errors: number,
    mtls: boolean,
  ) => {
    const key = JSON.stringify(edge);
    const entry = totals.get(key) ?? { edge, total: 0, mtls: 0, errors: 0 };
    entry.total += rate;
    entry.errors += errors;
    if (mtls) entry.mtls += rate;
    totals.set(key, entry);
  };
  const traffic = [
    ...observations.requests.map(r => ({
      ...r,
      protocol: 'http' as const,
      rate: r.requestsPerSecond,
      errors: r.errorsPerSecond,
    })),
    ...observations.connections.map(c => ({
      ...c,
      protocol: 'tcp' as const,
      rate: c.connectionsPerSecond,
      errors: 0,
    })),
  ];
  for (const sample of traffic) {
    for (const workload of workloads) {
      if (sameWorkload(sample.destination, workload)) {
        add(
          {
            direction: 'inbound',
            workload: workload.name,
            protocol: sample.protocol,
            peer: {
              cluster: peerCluster(workload),
              namespace: sample.source.namespace,
              workload: sample.source.workload,
            },
          },
          sample.rate,
          sample.errors,
          isMtls(sample),
        );
      }
      if (sameWorkload(sample.source, workload)) {
        add(
          {
            direction: 'outbound',
            workload: workload.name,
            protocol: sample.protocol,
            peer: {
              cluster: peerCluster(workload),
              namespace: sample.destination.namespace,
              workload: sample.destination.workload,
            },
          },
          sample.rate,
          sample.errors,
          isMtls(sample),
        );
      }
    }
  }
  const edges = [...totals.values()]
    .filter(t => t.total > 0)
    .map(
      (t): RuntimeEdge => ({
        ...t.edge,
        requestsPerSecond: t.total,
        successRate:
          t.edge.protocol === 'http' ? (t.total - t.errors) / t.total : null,
        mtls: mtlsOf(t.mtls, t.total),
      }),
    )
    .sort(
      (a, b) =>
        a.direction.localeCompare(b.direction) ||
        a.peer.namespace.localeCompare(b.peer.namespace) ||
        a.peer.workload.localeCompare(b.peer.workload) ||
        a.workload.localeCompare(b.workload) ||
        a.protocol.localeCompare(b.protocol),
    );
  const inbound = [...totals.values()].filter(
    t => t.edge.direction === 'inbound',
  );
  const inboundTotal = inbound.reduce((sum, t) => sum + t.total, 0);
  const inboundMtls = inbound.reduce((sum, t) => sum + t.mtls, 0);
  const observedSplit = observedSplits(workloads, observations, meshResources);
  return {
    window: observations.window,
    source: observations.source,
    evaluatedAt: observations.evaluatedAt,
    mtlsShare: {
      inbound: inboundTotal > 0 ? inboundMtls / inboundTotal : null,
    },
    edges,
    observedSplit,
    ...(observations.outlierEjections
      ? {
          outlierEjections: ejectionsTowards(
            workloads,
            observations.outlierEjections,
          ),
        }
      : {}),
    splitTolerance: observations.splitTolerance,
  };
}

/** Ejections by the proxies' clusters towards the workloads' Services. */
function ejectionsTowards(
  workloads: RuntimeWorkload[],
  ejections: NonNullable<RuntimeObservations['outlierEjections']>,
): number {
  const hosts = workloads.flatMap(w =>
    (w.services ?? []).map(name => resolveShortName(name, w.namespace)),
  );
  // Envoy names them `outbound|<port>|<subset>|<host>`.
  return ejections
    .filter(e => hosts.some(host => e.upstream.endsWith(`|${host}`)))
    .reduce((sum, e) => sum + e.ejections, 0);
}

// Shares in percent are shown and compared to a tenth of a point.
const tenths = (value: number) => Math.round(value * 10) / 10;

function mtlsOf(mtls: number, total: number): ObservedMtls {
  if (mtls >= total) return 'all';
  return mtls > 0 ? 'partial' : 'none';
}

const keyOf = (object: KubernetesObject) =>
  `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

/**
 * For each weighted route (two or more destinations with subsets) of the
 * workloads' VirtualServices, the configured weight of each subset and the
 * share of the host's requests its version received.
 */
function observedSplits(
  workloads: RuntimeWorkload[],
  observations: RuntimeObservations,
  meshResources: KubernetesObject[],
): ObservedSplitEntry[] {
  const names = new Set(workloads.flatMap(w => w.virtualServices));
  const ruleNames = new Set(workloads.flatMap(w => w.destinationRules));
  const virtualServices = meshResources.filter(
    o => o.kind === 'VirtualService' && names.has(keyOf(o)),
  );
  const destinationRules = meshResources.filter(
    o => o.kind === 'DestinationRule' && ruleNames.has(keyOf(o)),
  );
  const versionOf = (host: string, subset: string) => {
    for (const rule of destinationRules) {
      const spec = destinationRuleSpec(rule);
      if (resolveShortName(spec.host, rule.metadata.namespace ?? '') !== host) {
        continue;
      }
      const version = spec.subsets.find(s => s.name === subset)?.labels
        ?.version;
      if (version) return version;
    }
    return subset;
  };
  const splits: ObservedSplitEntry[] = [];
  for (const virtualService of virtualServices) {
    const namespace = virtualService.metadata.namespace ?? '';
    for (const rule of virtualServiceSpec(virtualService).http) {
      const weighted = routeWeights(rule.route ?? []);
      if (weighted.length < 2) continue;
      const routes = weighted.flatMap(w =>
        typeof w.destination.host === 'string' && w.destination.subset
          ? [
              {
                host: resolveShortName(w.destination.host, namespace),
                subset: w.destination.subset,
                percent: w.percent,
              },
            ]
          : [],
      );
      const hosts = new Set(routes.map(r => r.host));
      for (const host of hosts) {
        const requests = observations.requests.filter(
          r => r.destination.service === host,
        );
        const total = requests.reduce((s, r) => s + r.requestsPerSecond, 0);
        if (total === 0) continue;
        for (const route of routes.filter(r => r.host === host)) {
          const version = versionOf(host, route.subset);
          const observed = requests
            .filter(r => r.destination.version === version)
            .reduce((s, r) => s + r.requestsPerSecond, 0);
          splits.push({
            host,
            subset: route.subset,
            version,
            virtualService: keyOf(virtualService),
            configuredWeight: tenths(route.percent),
            observedShare: tenths((observed / total) * 100),
          });
        }
      }
    }
  }
  return splits;
}
