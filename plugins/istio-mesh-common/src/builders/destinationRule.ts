import { KubernetesObject, ObjectMeta } from '../resources/objects';
import { ClientTlsMode } from '../resolution/clientTls';
import { assertDuration, durationMilliseconds } from './durations';
import { invalidInput, ManifestSubject } from './invalidInput';
import {
  assertDns1123Label,
  assertHostname,
  labelKeyProblem,
  labelValueProblem,
} from './names';
import { ManifestMetadataInput, objectMetadata } from './objectMetadata';

/**
 * Circuit breaking: eject hosts that keep failing.
 *
 * @public
 */
export interface OutlierDetectionInput {
  /** Consecutive 5xx (or, for TCP, connect failures) before ejection; 0 disables. */
  consecutive5xxErrors?: number;
  /** Consecutive 502/503/504 and connection errors before ejection; 0 disables. */
  consecutiveGatewayErrors?: number;
  /** Time between ejection sweeps, e.g. `30s`. */
  interval?: string;
  /** Minimum ejection time, e.g. `30s`; grows with each ejection. */
  baseEjectionTime?: string;
  /** Most hosts that may be ejected at once, in percent. */
  maxEjectionPercent?: number;
}

/**
 * Connection pool limits.
 *
 * @public
 */
export interface ConnectionPoolInput {
  tcp?: { maxConnections?: number; connectTimeout?: string };
  http?: {
    http1MaxPendingRequests?: number;
    http2MaxRequests?: number;
    maxRequestsPerConnection?: number;
    maxRetries?: number;
    idleTimeout?: string;
  };
}

/**
 * The key of consistent-hash load balancing: exactly one.
 *
 * @public
 */
export interface ConsistentHashInput {
  httpHeaderName?: string;
  /** Cookie to hash on; Envoy sets it when absent. `ttl` 0s or absent: a session cookie. */
  httpCookie?: { name: string; ttl?: string; path?: string };
  useSourceIp?: boolean;
  httpQueryParameterName?: string;
}

/**
 * Load-balancing algorithms.
 *
 * @public
 */
export type LoadBalancerAlgorithm =
  | 'ROUND_ROBIN'
  | 'LEAST_REQUEST'
  | 'RANDOM'
  | 'CONSISTENT_HASH';

/**
 * Input of {@link buildDestinationRule}.
 *
 * @public
 */
export interface DestinationRuleInput extends ManifestMetadataInput {
  /** The service, e.g. `productcatalogservice`. */
  host: string;
  /** Subsets from version label values, e.g. `['v1', 'v2']`; each subset selects pods labelled `<versionLabel>: <value>`. */
  subsets?: string[];
  /** The pod label that carries the version; default `version`. */
  versionLabel?: string;
  /** Default {@link DEFAULT_OUTLIER_DETECTION}; null writes none. */
  outlierDetection?: OutlierDetectionInput | null;
  /** Default {@link DEFAULT_CONNECTION_POOL}; null writes none. */
  connectionPool?: ConnectionPoolInput | null;
  /** Absent: Envoy's default (LEAST_REQUEST). */
  loadBalancer?: LoadBalancerAlgorithm;
  /** Required with, and only with, `loadBalancer: CONSISTENT_HASH`. */
  consistentHash?: ConsistentHashInput;
  /** Absent: auto-mTLS decides, which is what a mesh with STRICT mTLS wants. */
  tls?: ClientTlsInput;
}

/**
 * The TLS a client's sidecar uses towards the host (`trafficPolicy.tls`).
 *
 * @public
 */
export interface ClientTlsInput {
  mode: ClientTlsMode;
  /** The Secret holding the client certificate; required with `MUTUAL`. */
  credentialName?: string;
  /** The SNI the client presents. */
  sni?: string;
}

/**
 * The DestinationRule fields the builder writes.
 *
 * @public
 */
export interface DestinationRuleManifest extends KubernetesObject {
  apiVersion: 'networking.istio.io/v1';
  kind: 'DestinationRule';
  metadata: ObjectMeta;
  spec: {
    host: string;
    trafficPolicy?: {
      loadBalancer?:
        | { simple: Exclude<LoadBalancerAlgorithm, 'CONSISTENT_HASH'> }
        | { consistentHash: ConsistentHashInput };
      connectionPool?: ConnectionPoolInput;
      outlierDetection?: OutlierDetectionInput;
      tls?: ClientTlsInput;
    };
    subsets?: Array<{ name: string; labels: Record<string, string> }>;
  };
}

/**
 * The seed's circuit breaker: eject a host after 5 consecutive 5xx, sweep
 * every 30s, eject for at least 30s, at most half of the hosts.
 *
 * @public
 */
export const DEFAULT_OUTLIER_DETECTION: OutlierDetectionInput = {
  consecutive5xxErrors: 5,
  interval: '30s',
  baseEjectionTime: '30s',
  maxEjectionPercent: 50,
};

/**
 * The seed's connection pool: 100 TCP connections, 100 pending HTTP/1.1
 * requests, 1000 concurrent HTTP/2 requests, 10 requests per connection.
 *
 * @public
 */
export const DEFAULT_CONNECTION_POOL: ConnectionPoolInput = {
  tcp: { maxConnections: 100 },
  http: {
    http1MaxPendingRequests: 100,
    http2MaxRequests: 1000,
    maxRequestsPerConnection: 10,
  },
};

function checkCount(
  value: number | undefined,
  field: string,
  subject: ManifestSubject,
  min = 0,
) {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    throw invalidInput(
      field,
      `${value} is not a whole number of ${min} or more`,
      subject,
    );
  }
}

function checkOutlierDetection(
  outlier: OutlierDetectionInput,
  subject: ManifestSubject,
) {
  checkCount(
    outlier.consecutive5xxErrors,
    'outlierDetection.consecutive5xxErrors',
    subject,
  );
  checkCount(
    outlier.consecutiveGatewayErrors,
    'outlierDetection.consecutiveGatewayErrors',
    subject,
  );
  if (outlier.interval !== undefined) {
    assertDuration(outlier.interval, 'outlierDetection.interval', subject);
  }
  if (outlier.baseEjectionTime !== undefined) {
    assertDuration(
      outlier.baseEjectionTime,
      'outlierDetection.baseEjectionTime',
      subject,
    );
  }
  const percent = outlier.maxEjectionPercent;
  if (
    percent !== undefined &&
    (!Number.isInteger(percent) || percent < 0 || percent > 100)
  ) {
    throw invalidInput(
      'outlierDetection.maxEjectionPercent',
      `${percent} is not a whole percentage between 0 and 100`,
      subject,
    );
  }
  if (outlier.consecutive5xxErrors === 0 && !outlier.consecutiveGatewayErrors) {
    throw invalidInput(
      'outlierDetection',
      'consecutive5xxErrors is 0 and consecutiveGatewayErrors is not set, so no host would ever be ejected',
      subject,
    );
  }
  if (percent === 0) {
    throw invalidInput(
      'outlierDetection.maxEjectionPercent',
      'is 0, so no host would ever be ejected',
      subject,
    );
  }
}

function checkConnectionPool(
  pool: ConnectionPoolInput,
  subject: ManifestSubject,
) {
  checkCount(
    pool.tcp?.maxConnections,
    'connectionPool.tcp.maxConnections',
    subject,
    1,
  );
  if (pool.tcp?.connectTimeout !== undefined) {
    assertDuration(
      pool.tcp.connectTimeout,
      'connectionPool.tcp.connectTimeout',
      subject,
    );
  }
  checkCount(
    pool.http?.http1MaxPendingRequests,
    'connectionPool.http.http1MaxPendingRequests',
    subject,
    1,
  );
  checkCount(
    pool.http?.http2MaxRequests,
    'connectionPool.http.http2MaxRequests',
    subject,
    1,
  );
  checkCount(
    pool.http?.maxRequestsPerConnection,
    'connectionPool.http.maxRequestsPerConnection',
    subject,
  );
  checkCount(pool.http?.maxRetries, 'connectionPool.http.maxRetries', subject);
  if (pool.http?.idleTimeout !== undefined) {
    assertDuration(
      pool.http.idleTimeout,
      'connectionPool.http.idleTimeout',
      subject,
    );
  }
}

function loadBalancerPolicy(
  input: DestinationRuleInput,
  subject: ManifestSubject,
) {
  const { loadBalancer, consistentHash } = input;
  if (loadBalancer !== 'CONSISTENT_HASH') {
    if (consistentHash) {
      throw invalidInput(
        'consistentHash',
        `is only used with loadBalancer CONSISTENT_HASH, but loadBalancer is ${
          loadBalancer ?? 'not set'
        }`,
        subject,
      );
    }
    return loadBalancer ? { simple: loadBalancer } : undefined;
  }
  const keys = (
    [
      'httpHeaderName',
      'httpCookie',
      'useSourceIp',
      'httpQueryParameterName',
    ] as const
  ).filter(
    key =>
      consistentHash?.[key] !== undefined && consistentHash?.[key] !== false,
  );
  if (keys.length !== 1) {
    throw invalidInput(
      'consistentHash',
      keys.length === 0
        ? 'loadBalancer CONSISTENT_HASH needs a hash key: set one of httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName'
        : `set only one hash key, not ${keys.join(' and ')}`,
      subject,
    );
  }
  const hash = consistentHash!;
  if (hash.httpCookie) {
    if (!hash.httpCookie.name)
      throw invalidInput('consistentHash.httpCookie.name', 'is empty', subject);
    const { ttl } = hash.httpCookie;
    if (ttl !== undefined && durationMilliseconds(ttl) === undefined) {
      throw invalidInput(
        'consistentHash.httpCookie.ttl',
        `"${ttl}" is not a duration: write a number and a unit, e.g. '0s' or '1h'`,
        subject,
      );
    }
  }
  if (
    hash.httpHeaderName !== undefined &&
    !/^[a-z0-9][a-z0-9_.-]*$/.test(hash.httpHeaderName)
  ) {
    throw invalidInput(
      'consistentHash.httpHeaderName',
      `"${hash.httpHeaderName}" is not a lower-case HTTP header name`,
      subject,
    );
  }
  if (hash.httpQueryParameterName === '') {
    throw invalidInput(
      'consistentHash.httpQueryParameterName',
      'is empty',
      subject,
    );
  }
  return {
    consistentHash: { [keys[0]]: hash[keys[0]] } as ConsistentHashInput,
  };
}

function checkTls(tls: ClientTlsInput, subject: ManifestSubject) {
  if (tls.mode === 'MUTUAL' && !tls.credentialName) {
    throw invalidInput(
      'tls.credentialName',
      'is required with tls.mode MUTUAL: name the Secret holding the client certificate (or use ISTIO_MUTUAL for Istio mTLS)',
      subject,
    );
  }
  if (
    (tls.mode === 'DISABLE' || tls.mode === 'ISTIO_MUTUAL') &&
    (tls.credentialName || tls.sni)
  ) {
    throw invalidInput(
      'tls',
      `credentialName and sni are for SIMPLE and MUTUAL TLS, not ${tls.mode}`,
      subject,
    );
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/**
 * Builds a DestinationRule: subsets from version labels, and a traffic
 * policy with load balancing, connection pool, outlier detection (circuit
 * breaking) and client TLS. Every input is checked; an `InputError` names
 * the offending field, e.g. `consistentHash` when CONSISTENT_HASH has no
 * hash key, or a duplicate in `subsets`.
 *
 * @public
 */
export function buildDestinationRule(
  input: DestinationRuleInput,
): DestinationRuleManifest {
  const { subject, metadata } = objectMetadata('DestinationRule', input);
  assertHostname(input.host, 'host', subject, { wildcard: true });
  const versionLabel = input.versionLabel ?? 'version';
  const keyProblem = labelKeyProblem(versionLabel);
  if (keyProblem) throw invalidInput('versionLabel', keyProblem, subject);
  const subsets = input.subsets ?? [];
  const seen = new Set<string>();
  subsets.forEach((subset, i) => {
    assertDns1123Label(subset, `subsets[${i}]`, subject);
    const valueProblem = labelValueProblem(subset);
    if (valueProblem)
      throw invalidInput(`subsets[${i}]`, valueProblem, subject);
    if (seen.has(subset))
      throw invalidInput(
        'subsets',
        `lists "${subset}" more than once`,
        subject,
      );
    seen.add(subset);
  });
  const outlierDetection =
    input.outlierDetection === undefined
      ? DEFAULT_OUTLIER_DETECTION
      : input.outlierDetection;
  if (outlierDetection) checkOutlierDetection(outlierDetection, subject);
  const connectionPool =
    input.connectionPool === undefined
      ? DEFAULT_CONNECTION_POOL
      : input.connectionPool;
  if (connectionPool) checkConnectionPool(connectionPool, subject);
  const loadBalancer = loadBalancerPolicy(input, subject);
  if (input.tls) checkTls(input.tls, subject);

  const trafficPolicy = withoutUndefined({
    loadBalancer,
    connectionPool: connectionPool ?? undefined,
    outlierDetection: outlierDetection ?? undefined,
    tls: input.tls,
  });
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata,
    spec: {
      host: input.host,
      ...(Object.keys(trafficPolicy).length ? { trafficPolicy } : {}),
      ...(subsets.length
        ? {
            subsets: subsets.map(name => ({
              name,
              labels: { [versionLabel]: name },
            })),
          }
        : {}),
    },
  };
}
