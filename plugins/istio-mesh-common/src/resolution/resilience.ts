import { isRecord } from '../resources/specFields';

/**
 * The retry policy Envoy gets for an HTTP route.
 *
 * @public
 */
export interface EffectiveRetryPolicy {
  /** Retries after the first attempt; 0 when disabled. */
  attempts: number;
  /** Envoy retry conditions, comma-separated; empty when disabled. */
  retryOn: string;
  perTryTimeout?: string;
  /** `virtual-service` when the route sets `retries`, else Istio's default. */
  source: 'virtual-service' | 'istio-default';
}

/** Istio's retry policy for routes without `retries` (istio route/retry). @public */
export const DEFAULT_RETRY_POLICY: EffectiveRetryPolicy = {
  attempts: 2,
  retryOn:
    'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  source: 'istio-default',
};

/**
 * Retries of a VirtualService `http[]` route as Istio configures them: absent
 * `retries` gives Istio's default (2 retries on connection failures and
 * retriable codes); `attempts: 0` disables retries; status codes in
 * `retryOn` add `retriable-status-codes`.
 *
 * @public
 */
export function effectiveRetryPolicy(httpRoute: unknown): EffectiveRetryPolicy {
  const retries = isRecord(httpRoute) ? httpRoute.retries : undefined;
  if (!isRecord(retries)) return DEFAULT_RETRY_POLICY;
  const attempts = typeof retries.attempts === 'number' ? retries.attempts : 0;
  if (attempts <= 0) {
    return { attempts: 0, retryOn: '', source: 'virtual-service' };
  }
  const conditions =
    typeof retries.retryOn === 'string'
      ? retries.retryOn
          .split(',')
          .map(c => c.trim())
          .filter(Boolean)
      : [DEFAULT_RETRY_POLICY.retryOn];
  if (
    conditions.some(c => /^\d{3}$/.test(c)) &&
    !conditions.includes('retriable-status-codes')
  ) {
    conditions.push('retriable-status-codes');
  }
  return {
    attempts,
    retryOn: conditions.join(','),
    ...(typeof retries.perTryTimeout === 'string'
      ? { perTryTimeout: retries.perTryTimeout }
      : {}),
    source: 'virtual-service',
  };
}

/**
 * Passive health checking as Envoy applies it for a DestinationRule's
 * `outlierDetection`.
 *
 * @public
 */
export interface EffectiveOutlierDetection {
  /** Consecutive 5xx (or connect failures on TCP) that eject a host; 0 = off. */
  consecutive5xxErrors: number;
  /** Consecutive 502/503/504 that eject a host; 0 = not enforced. */
  consecutiveGatewayErrors: number;
  interval: string;
  baseEjectionTime: string;
  /** Highest share of hosts that may be ejected at once. */
  maxEjectionPercent: number;
}

/**
 * Outlier detection with Envoy's defaults filled in, or undefined when the
 * block is absent (no ejection at all): 5 consecutive 5xx, gateway errors
 * not enforced, 10s interval, 30s base ejection, 10% of hosts at most.
 *
 * @public
 */
export function effectiveOutlierDetection(
  outlierDetection: unknown,
): EffectiveOutlierDetection | undefined {
  if (!isRecord(outlierDetection)) return undefined;
  const number = (key: string, fallback: number) =>
    typeof outlierDetection[key] === 'number'
      ? (outlierDetection[key] as number)
      : fallback;
  const duration = (key: string, fallback: string) =>
    typeof outlierDetection[key] === 'string'
      ? (outlierDetection[key] as string)
      : fallback;
  const maxEjectionPercent = number('maxEjectionPercent', 0);
  return {
    consecutive5xxErrors: number('consecutive5xxErrors', 5),
    consecutiveGatewayErrors: number('consecutiveGatewayErrors', 0),
    interval: duration('interval', '10s'),
    baseEjectionTime: duration('baseEjectionTime', '30s'),
    // Istio only sets it when positive; Envoy's default is 10.
    maxEjectionPercent: maxEjectionPercent > 0 ? maxEjectionPercent : 10,
  };
}

/**
 * Whether outlier detection can eject a host at all among `endpoints`:
 * ejection is skipped when it would exceed `maxEjectionPercent`, so with few
 * endpoints and the 10% default not even one host can be ejected.
 *
 * @public
 */
export function canEjectAnyHost(
  detection: EffectiveOutlierDetection,
  endpoints: number,
): boolean {
  const enabled =
    detection.consecutive5xxErrors > 0 ||
    detection.consecutiveGatewayErrors > 0;
  return (
    enabled && endpoints > 0 && 100 / endpoints <= detection.maxEjectionPercent
  );
}
