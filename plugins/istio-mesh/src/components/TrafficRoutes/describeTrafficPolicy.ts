import {
  DestinationPolicy,
  EntityRoute,
  EntityRouteDestination,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * A destination's name in a split: its subset, else its host.
 *
 * @internal
 */
export function destinationLabel(destination: EntityRouteDestination): string {
  return destination.subset ?? destination.host;
}

/**
 * Whether pods run a destination, in words: `1 pod`, `no pods`, and
 * `no subset defined` when the DestinationRule lacks the subset.
 *
 * @internal
 */
export function podsRunning(destination: EntityRouteDestination): string {
  const pods =
    destination.podsRunning === 0
      ? 'no pods'
      : `${destination.podsRunning} pod${
          destination.podsRunning > 1 ? 's' : ''
        }`;
  return destination.subsetDefined === false
    ? `${pods}, no subset defined`
    : pods;
}

/**
 * The whole split in words, for screen readers and tests:
 * `v1 90% (1 pod), v2 10% (no pods, no subset defined)`.
 *
 * @internal
 */
export function describeSplit(route: EntityRoute): string {
  return route.destinations
    .map(d => `${destinationLabel(d)} ${d.weight}% (${podsRunning(d)})`)
    .join(', ');
}

/**
 * Retries, timeout and faults of a route in one line:
 * `retries 3 × 2s on 5xx,connect-failure · timeout 10s`.
 *
 * @internal
 */
export function describeResilience(route: EntityRoute): string {
  const parts: string[] = [];
  const { retries } = route;
  if (retries) {
    parts.push(
      retries.attempts === 0
        ? 'no retries'
        : `retries ${retries.attempts}${
            retries.perTryTimeout ? ` × ${retries.perTryTimeout}` : ''
          }${retries.retryOn ? ` on ${retries.retryOn}` : ''}`,
    );
  }
  parts.push(route.timeout ? `timeout ${route.timeout}` : 'no timeout');
  if (route.fault?.delay) parts.push(`fault: ${route.fault.delay}`);
  if (route.fault?.abort) parts.push(`fault: ${route.fault.abort}`);
  return parts.join(' · ');
}

/**
 * A DestinationRule's load balancer, connection pool and circuit breaker
 * (outlier detection) in one compact line each.
 *
 * @internal
 */
export function describeDestinationPolicy(policy: DestinationPolicy): string[] {
  const lines: string[] = [];
  if (policy.loadBalancer) lines.push(`load balancer ${policy.loadBalancer}`);
  const pool = policy.connectionPool;
  if (pool) {
    const parts = [
      pool.maxConnections !== undefined && `${pool.maxConnections} connections`,
      pool.connectTimeout && `connect timeout ${pool.connectTimeout}`,
      pool.http1MaxPendingRequests !== undefined &&
        `${pool.http1MaxPendingRequests} pending requests`,
      pool.http2MaxRequests !== undefined &&
        `${pool.http2MaxRequests} concurrent requests`,
      pool.maxRequestsPerConnection !== undefined &&
        `${pool.maxRequestsPerConnection} requests per connection`,
      pool.maxRetries !== undefined && `${pool.maxRetries} concurrent retries`,
    ].filter(Boolean);
    lines.push(`connection pool: ${parts.join(', ') || 'Istio defaults'}`);
  }
  const outlier = policy.outlierDetection;
  if (outlier) {
    const errors =
      outlier.consecutive5xxErrors ?? outlier.consecutiveGatewayErrors;
    const kind =
      outlier.consecutive5xxErrors !== undefined ? '5xx' : 'gateway errors';
    const parts = [
      errors !== undefined &&
        `ejects a pod after ${errors} consecutive ${kind}`,
      outlier.interval && `checked every ${outlier.interval}`,
      outlier.baseEjectionTime && `for ${outlier.baseEjectionTime}`,
      outlier.maxEjectionPercent !== undefined &&
        `at most ${outlier.maxEjectionPercent}% of pods`,
    ].filter(Boolean);
    lines.push(`circuit breaker: ${parts.join(', ') || 'Istio defaults'}`);
  } else {
    lines.push('no circuit breaker (outlier detection)');
  }
  return lines;
}
